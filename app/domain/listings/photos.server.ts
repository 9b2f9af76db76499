import { and, asc, count, eq, max } from "drizzle-orm";
import { recordAudit } from "~/domain/audit/audit.server";
import type { Actor } from "~/domain/cooperatives/access.server";
import { UUID } from "~/domain/cooperatives/access.server";
import { invalid, notFound } from "~/domain/errors";
import {
  imageProblem,
  isEmptyUpload,
  type ProcessedImage,
  resizeToWidths,
  type UploadedFile,
} from "~/domain/storage/images.server";
import { PHOTO_WIDTHS, photoVariantKey } from "~/domain/storage/keys";
import { deleteFilesQuietly, fileStorage, newStorageKey } from "~/domain/storage/storage.server";
import { type Db, db as defaultDb } from "~db/client.server";
import { productPhotos } from "~db/schema";
import { findOwnedProduct } from "./owned.server";
import { MAX_PHOTOS_PER_PRODUCT } from "./products";

export { MAX_PHOTOS_PER_PRODUCT } from "./products";

export type PreparedPhoto = Record<keyof typeof PHOTO_WIDTHS, ProcessedImage>;

export interface StoredPhoto {
  storageKey: string;
  width: number;
  height: number;
  /** Every file written for this photo (both sizes), for clean-up. */
  keys: string[];
}

/**
 * Checks and resizes uploaded photos without writing anything: real JPEG/PNG/WebP (by their
 * bytes), at most 8 MB each, at most MAX_PHOTOS_PER_PRODUCT with those the product has.
 */
export async function preparePhotos(
  files: UploadedFile[],
  existing: number,
  field = "photos",
): Promise<PreparedPhoto[]> {
  const chosen = files.filter((f) => !isEmptyUpload(f));
  if (existing + chosen.length > MAX_PHOTOS_PER_PRODUCT) {
    throw invalid(
      "validation.formSummary",
      { [field]: "manage.errors.tooManyPhotos" },
      { max: MAX_PHOTOS_PER_PRODUCT },
    );
  }
  for (const file of chosen) {
    const problem = imageProblem(file);
    if (problem) throw invalid("validation.formSummary", { [field]: problem });
  }
  const prepared: PreparedPhoto[] = [];
  for (const file of chosen) {
    const sizes = file.bytes ? await resizeToWidths(file.bytes, PHOTO_WIDTHS) : null;
    if (!sizes) throw invalid("validation.formSummary", { [field]: "manage.errors.notAnImage" });
    prepared.push(sizes);
  }
  return prepared;
}

/** Writes prepared photos to the file store; on any failure removes what it wrote. */
export async function storePreparedPhotos(prepared: PreparedPhoto[]): Promise<StoredPhoto[]> {
  const stored: StoredPhoto[] = [];
  try {
    for (const photo of prepared) {
      const storageKey = newStorageKey("photos", "webp");
      const small = photoVariantKey(storageKey, "small");
      await fileStorage().put(storageKey, photo.large.bytes, "image/webp");
      stored.push({ storageKey, width: photo.large.width, height: photo.large.height, keys: [storageKey] });
      await fileStorage().put(small, photo.small.bytes, "image/webp");
      stored[stored.length - 1]?.keys.push(small);
    }
    return stored;
  } catch (error) {
    await deleteFilesQuietly(stored.flatMap((s) => s.keys));
    throw error;
  }
}

export async function insertPhotoRows(
  productId: string,
  stored: StoredPhoto[],
  alt: string,
  firstPosition: number,
  tx: Db,
) {
  if (!stored.length) return;
  await tx.insert(productPhotos).values(
    stored.map((s, i) => ({
      productId,
      storageKey: s.storageKey,
      width: s.width,
      height: s.height,
      position: firstPosition + i,
      alt,
    })),
  );
}

/** Adds photos to a listing, after the ones it has. Photos change what buyers see, not the OCOP claim. */
export async function addProductPhotos(
  actor: Actor,
  productId: string,
  files: UploadedFile[],
  tx: Db = defaultDb(),
): Promise<{ added: number }> {
  const product = await findOwnedProduct(actor, productId, tx);
  if (product.status === "archived") throw invalid("manage.errors.archivedReadOnly");
  if (files.every(isEmptyUpload))
    throw invalid("validation.formSummary", { photos: "manage.errors.photoRequired" });
  const [{ n = 0, last = -1 } = {}] = await tx
    .select({ n: count(), last: max(productPhotos.position) })
    .from(productPhotos)
    .where(eq(productPhotos.productId, product.id));
  const prepared = await preparePhotos(files, n);
  const stored = await storePreparedPhotos(prepared);
  try {
    await tx.transaction(async (t) => {
      // Re-check ownership inside the write, in case the product changed hands meanwhile.
      await findOwnedProduct(actor, productId, t, { lock: true });
      await insertPhotoRows(product.id, stored, product.name, (last ?? -1) + 1, t);
      await recordAudit(
        {
          actorId: actor.id,
          action: "product.photos_added",
          entityType: "product",
          entityId: product.id,
          data: { keys: stored.map((s) => s.storageKey) },
        },
        t,
      );
    });
  } catch (error) {
    await deleteFilesQuietly(stored.flatMap((s) => s.keys));
    throw error;
  }
  return { added: stored.length };
}

/** Removes a photo from a listing, and its files once the change has committed. */
export async function deleteProductPhoto(
  actor: Actor,
  productId: string,
  photoId: string,
  tx: Db = defaultDb(),
): Promise<void> {
  if (!UUID.test(photoId)) throw notFound();
  const storageKey = await tx.transaction(async (t) => {
    const product = await findOwnedProduct(actor, productId, t, { lock: true });
    if (product.status === "archived") throw invalid("manage.errors.archivedReadOnly");
    const [row] = await t
      .delete(productPhotos)
      .where(and(eq(productPhotos.id, photoId), eq(productPhotos.productId, product.id)))
      .returning({ storageKey: productPhotos.storageKey });
    if (!row) throw notFound();
    await recordAudit(
      {
        actorId: actor.id,
        action: "product.photo_deleted",
        entityType: "product",
        entityId: product.id,
        data: { key: row.storageKey },
      },
      t,
    );
    return row.storageKey;
  });
  await deleteFilesQuietly([storageKey, photoVariantKey(storageKey, "small")]);
}

export async function listProductPhotos(productId: string, tx: Db = defaultDb()) {
  return tx
    .select()
    .from(productPhotos)
    .where(eq(productPhotos.productId, productId))
    .orderBy(asc(productPhotos.position), asc(productPhotos.createdAt));
}
