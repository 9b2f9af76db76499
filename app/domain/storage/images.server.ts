import sharp from "sharp";
import { MAX_EVIDENCE_BYTES, MAX_IMAGE_BYTES, type SniffedType, sniffFileType } from "./sniff";

/** A file as it arrived in a form: bytes is null when it was larger than the upload limit. */
export interface UploadedFile {
  filename: string;
  size: number;
  bytes: Uint8Array | null;
}

export const isEmptyUpload = (file: UploadedFile | null | undefined): boolean => !file || file.size === 0;

export interface ProcessedImage {
  bytes: Uint8Array;
  width: number;
  height: number;
}

// A photo of 50 megapixels is already generous; anything bigger is refused before decoding.
const MAX_INPUT_PIXELS = 50_000_000;

export type FileProblem =
  | "manage.errors.fileTooLarge"
  | "manage.errors.notAnImage"
  | "manage.errors.notImageOrPdf";

/** Checks an image upload (size, real type); returns a dictionary key when it is unacceptable. */
export function imageProblem(file: UploadedFile): FileProblem | null {
  if (!file.bytes || file.size > MAX_IMAGE_BYTES) return "manage.errors.fileTooLarge";
  const type = sniffFileType(file.bytes);
  return type && type.mime !== "application/pdf" ? null : "manage.errors.notAnImage";
}

/** Checks a certificate scan: an image or a PDF of at most 10 MB. */
export function evidenceProblem(file: UploadedFile): FileProblem | null {
  if (!file.bytes || file.size > MAX_EVIDENCE_BYTES) return "manage.errors.fileTooLarge";
  return sniffFileType(file.bytes) ? null : "manage.errors.notImageOrPdf";
}

export function evidenceType(file: UploadedFile): SniffedType | null {
  return file.bytes ? sniffFileType(file.bytes) : null;
}

/**
 * Re-encodes an image as WebP at most `width` pixels wide (never enlarged), turned upright by
 * its EXIF orientation and stripped of metadata (phone photos carry GPS positions).
 * Returns null when the bytes do not decode as an image.
 */
export async function resizeToWebp(bytes: Uint8Array, width: number): Promise<ProcessedImage | null> {
  try {
    const { data, info } = await sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, failOn: "error" })
      .rotate()
      .resize({ width, withoutEnlargement: true })
      .webp({ quality: 80 })
      .toBuffer({ resolveWithObject: true });
    return { bytes: new Uint8Array(data), width: info.width, height: info.height };
  } catch {
    return null;
  }
}

/** The same image at several widths, or null when it is not a decodable image. */
export async function resizeToWidths<K extends string>(
  bytes: Uint8Array,
  widths: Record<K, number>,
): Promise<Record<K, ProcessedImage> | null> {
  const entries = await Promise.all(
    (Object.entries(widths) as [K, number][]).map(
      async ([name, w]) => [name, await resizeToWebp(bytes, w)] as const,
    ),
  );
  if (entries.some(([, image]) => image === null)) return null;
  return Object.fromEntries(entries) as Record<K, ProcessedImage>;
}
