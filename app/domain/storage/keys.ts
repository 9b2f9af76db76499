/**
 * Stored-file keys and their public URLs. Keys are random and made by us, never from a user's
 * file name, so a key can neither collide nor climb out of the storage folder. Pure.
 */
export const storageAreas = ["photos", "logos", "certificates"] as const;
export type StorageArea = (typeof storageAreas)[number];

const KEY_SHAPE = /^(photos|logos|certificates)\/[a-z0-9][a-z0-9-]{0,80}\.(jpg|png|webp|pdf)$/;

export function isStorageKey(key: string): boolean {
  return KEY_SHAPE.test(key);
}

export function areaOfKey(key: string): StorageArea | null {
  if (!isStorageKey(key)) return null;
  return key.slice(0, key.indexOf("/")) as StorageArea;
}

const contentTypes = {
  jpg: "image/jpeg",
  png: "image/png",
  webp: "image/webp",
  pdf: "application/pdf",
} as const;

export function contentTypeOfKey(key: string): string | null {
  const ext = key.slice(key.lastIndexOf(".") + 1);
  return ext in contentTypes ? contentTypes[ext as keyof typeof contentTypes] : null;
}

/** Product photos are kept 1200 px wide and as a 400 px thumbnail beside it. */
export const PHOTO_WIDTHS = { large: 1200, small: 400 } as const;
export type PhotoSize = keyof typeof PHOTO_WIDTHS;

/** The thumbnail's key, derived from the large photo's key stored in product_photos. */
export function photoVariantKey(storageKey: string, size: PhotoSize): string {
  return size === "large" ? storageKey : storageKey.replace(/\.webp$/, "-400.webp");
}

/** URL of a stored file, served by the /files route. */
export function fileUrl(key: string): string {
  return `/files/${key}`;
}

export function photoUrl(storageKey: string, size: PhotoSize = "large"): string {
  return fileUrl(photoVariantKey(storageKey, size));
}
