import { randomBytes } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { getEnv } from "~/utils/env.server";
import { contentTypeOfKey, isStorageKey, type StorageArea } from "./keys";

export interface StoredFile {
  bytes: Uint8Array<ArrayBuffer>;
  contentType: string;
}

/**
 * Where uploaded files live. One small interface, so an object store (S3 and the like) can
 * replace the local disk without touching the callers.
 */
export interface FileStorage {
  put(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
  get(key: string): Promise<StoredFile | null>;
  delete(key: string): Promise<void>;
}

/** A fresh random key in an area, e.g. "photos/k3v…q.webp". */
export function newStorageKey(area: StorageArea, ext: "jpg" | "png" | "webp" | "pdf"): string {
  return `${area}/${randomBytes(16).toString("hex")}.${ext}`;
}

function checkedKey(key: string): string {
  if (!isStorageKey(key)) throw new RangeError(`Not a storage key: ${key}`);
  return key;
}

/** Files under a folder on the local disk (`${DATA_DIR}/uploads` by default). */
export class LocalDiskStorage implements FileStorage {
  constructor(private readonly root: string) {}

  private pathOf(key: string): string {
    return path.join(this.root, ...checkedKey(key).split("/"));
  }

  async put(key: string, bytes: Uint8Array, contentType: string): Promise<void> {
    // The type is carried by the key's extension, so the two must agree.
    if (contentTypeOfKey(key) !== contentType) {
      throw new RangeError(`Key ${key} does not match content type ${contentType}`);
    }
    const file = this.pathOf(key);
    await mkdir(path.dirname(file), { recursive: true });
    // Write then rename, so a reader never sees half a file.
    const temp = `${file}.${randomBytes(6).toString("hex")}.tmp`;
    await writeFile(temp, bytes);
    await rename(temp, file);
  }

  async get(key: string): Promise<StoredFile | null> {
    if (!isStorageKey(key)) return null;
    const contentType = contentTypeOfKey(key);
    if (!contentType) return null;
    try {
      return { bytes: new Uint8Array(await readFile(this.pathOf(key))), contentType };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }
}

let current: FileStorage | undefined;

/** The process's file store. */
export function fileStorage(): FileStorage {
  current ??= new LocalDiskStorage(path.resolve(getEnv().DATA_DIR, "uploads"));
  return current;
}

/** Replaces the file store (another backend, or a test double). */
export function setFileStorage(storage: FileStorage | undefined): void {
  current = storage;
}

/** Removes files written for a change that did not commit; a missing file is not an error. */
export async function deleteFilesQuietly(keys: string[]): Promise<void> {
  await Promise.all(
    keys.map((key) =>
      fileStorage()
        .delete(key)
        .catch((error: unknown) => console.error(`Could not delete stored file ${key}`, error)),
    ),
  );
}
