/**
 * What a file really is, from its first bytes: a browser's declared Content-Type is whatever
 * the sender says, so uploads are judged by their magic numbers instead. Pure.
 */
export type SniffedType =
  | { mime: "image/jpeg"; ext: "jpg" }
  | { mime: "image/png"; ext: "png" }
  | { mime: "image/webp"; ext: "webp" }
  | { mime: "application/pdf"; ext: "pdf" };

const startsWith = (bytes: Uint8Array, signature: readonly number[], offset = 0) =>
  bytes.length >= offset + signature.length && signature.every((b, i) => bytes[offset + i] === b);

const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

export function sniffFileType(bytes: Uint8Array): SniffedType | null {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return { mime: "image/jpeg", ext: "jpg" };
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) {
    return { mime: "image/png", ext: "png" };
  }
  if (startsWith(bytes, ascii("RIFF")) && startsWith(bytes, ascii("WEBP"), 8)) {
    return { mime: "image/webp", ext: "webp" };
  }
  if (startsWith(bytes, ascii("%PDF-"))) return { mime: "application/pdf", ext: "pdf" };
  return null;
}

export const isImageType = (t: SniffedType | null): boolean => t !== null && t.mime !== "application/pdf";

export const MB = 1024 * 1024;
/** Product photos and logos. */
export const MAX_IMAGE_BYTES = 8 * MB;
/** Certificate scans (image or PDF). */
export const MAX_EVIDENCE_BYTES = 10 * MB;
