import { type UploadHandler, unstable_parseMultipartFormData } from "@remix-run/node";
import type { UploadedFile } from "~/domain/storage/images.server";
import { MB } from "~/domain/storage/sniff";

export interface ReadFormOptions {
  /** Bytes kept per file; a larger file is read through and reported with bytes = null. */
  maxFileBytes: number;
  /** Files per request; more is refused. */
  maxFiles?: number;
}

export interface FormWithFiles {
  values: Record<string, string>;
  files: Record<string, UploadedFile[]>;
}

export class UploadRefused extends Error {
  constructor(readonly messageKey: "manage.errors.uploadTooLarge" | "manage.errors.tooManyFiles") {
    super(messageKey);
    this.name = "UploadRefused";
  }
}

const MAX_TEXT_FIELD_BYTES = 64 * 1024;

/**
 * Reads a form that may carry files (multipart) or not (urlencoded). Files are kept in memory
 * up to `maxFileBytes`; one that is larger is drained and handed on with its size and no
 * bytes, so the domain can say "too large" next to the field while keeping what was typed.
 */
export async function readFormWithFiles(request: Request, options: ReadFormOptions): Promise<FormWithFiles> {
  const maxFiles = options.maxFiles ?? 10;
  const contentType = request.headers.get("Content-Type") ?? "";
  if (!contentType.startsWith("multipart/form-data")) {
    const form = await request.formData();
    const values: Record<string, string> = {};
    for (const [key, value] of form.entries()) if (typeof value === "string") values[key] = value;
    return { values, files: {} };
  }
  // A body larger than every allowed file together (plus the text fields) is refused unread.
  const declared = Number(request.headers.get("Content-Length") ?? "0");
  if (declared > options.maxFileBytes * maxFiles + MB)
    throw new UploadRefused("manage.errors.uploadTooLarge");

  const files: Record<string, UploadedFile[]> = {};
  let fileCount = 0;
  const handler: UploadHandler = async ({ name, filename, data }) => {
    if (typeof filename !== "string") {
      const chunks: Uint8Array[] = [];
      let size = 0;
      for await (const chunk of data) {
        size += chunk.byteLength;
        if (size > MAX_TEXT_FIELD_BYTES) throw new UploadRefused("manage.errors.uploadTooLarge");
        chunks.push(chunk);
      }
      return new TextDecoder().decode(Buffer.concat(chunks));
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of data) {
      size += chunk.byteLength;
      if (size <= options.maxFileBytes) chunks.push(chunk);
    }
    if (size > 0 && ++fileCount > maxFiles) throw new UploadRefused("manage.errors.tooManyFiles");
    const list = files[name] ?? [];
    list.push({
      filename,
      size,
      bytes: size <= options.maxFileBytes ? new Uint8Array(Buffer.concat(chunks)) : null,
    });
    files[name] = list;
    return undefined;
  };
  const form = await unstable_parseMultipartFormData(request, handler);
  const values: Record<string, string> = {};
  for (const [key, value] of form.entries()) if (typeof value === "string") values[key] = value;
  return { values, files };
}
