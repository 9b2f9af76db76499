import { randomBytes } from "node:crypto";
import { and, asc, desc, eq, inArray, like, ne, or } from "drizzle-orm";
import { recordAudit } from "~/domain/audit/audit.server";
import {
  type Actor,
  assertManagesCooperative,
  managedCooperativeCondition,
} from "~/domain/cooperatives/access.server";
import { conflict, DomainError, invalid, notFound } from "~/domain/errors";
import type { UploadedFile } from "~/domain/storage/images.server";
import { deleteFilesQuietly } from "~/domain/storage/storage.server";
import { slugify } from "~/utils/text";
import { type Db, db as defaultDb } from "~db/client.server";
import { cooperatives, listingReviews, ocopCertificates, productPhotos, products } from "~db/schema";
import {
  type CertificateRow,
  findOwnedProduct,
  latestCertificate,
  type ProductRow,
  uniqueConstraintOf,
} from "./owned.server";
import { insertPhotoRows, preparePhotos, storePreparedPhotos } from "./photos.server";
import { chooseSlug, type ProductFormInput, validateProductInput } from "./products";
import { type ListingStatus, transition } from "./state";

export type { CertificateRow, ProductRow } from "./owned.server";

/** A short random code for the product's public path: 10 base32 characters (50 bits). */
export function newPublicCode(): string {
  const alphabet = "abcdefghijklmnopqrstuvwxyz234567";
  // 256 is a multiple of 32, so masking each byte keeps the characters uniform.
  return [...randomBytes(10)].map((b) => alphabet[b & 31]).join("");
}

const gtinTaken = () =>
  new DomainError("conflict", "manage.errors.gtinTaken", {}, { gtin: "manage.errors.gtinTaken" });

async function assertGtinFree(gtin: string | null, exceptProductId: string | null, tx: Db) {
  if (!gtin) return;
  const [row] = await tx
    .select({ id: products.id })
    .from(products)
    .where(
      exceptProductId
        ? and(eq(products.gtin, gtin), ne(products.id, exceptProductId))
        : eq(products.gtin, gtin),
    )
    .limit(1);
  if (row) throw gtinTaken();
}

async function takenSlugs(base: string, tx: Db): Promise<Set<string>> {
  const rows = await tx
    .select({ slug: products.slug })
    .from(products)
    .where(or(eq(products.slug, base), like(products.slug, `${base}-%`)));
  return new Set(rows.map((r) => r.slug));
}

function validProduct(input: ProductFormInput) {
  const result = validateProductInput(input);
  if (!result.ok) throw invalid("validation.formSummary", result.fieldErrors);
  return result.data;
}

/**
 * Creates a draft listing with a random public code and a slug from its name, with any photos
 * given. Everything is checked before a file is written; files of a failed insert are removed.
 */
export async function createProduct(
  actor: Actor,
  cooperativeId: string,
  input: ProductFormInput,
  photos: UploadedFile[] = [],
  tx: Db = defaultDb(),
): Promise<{ id: string; slug: string }> {
  await assertManagesCooperative(actor, cooperativeId, tx);
  const data = validProduct(input);
  const prepared = await preparePhotos(photos, 0);
  await assertGtinFree(data.gtin, null, tx);
  const stored = await storePreparedPhotos(prepared);
  try {
    // A concurrent insert can take the slug between the look-up and the insert: try again.
    for (let attempt = 1; ; attempt++) {
      try {
        return await tx.transaction(async (t) => {
          const slug = chooseSlug(data.name, await takenSlugs(slugify(data.name) || "san-pham", t));
          const [row] = await t
            .insert(products)
            .values({ ...data, cooperativeId, slug, publicCode: newPublicCode(), status: "draft" })
            .returning({ id: products.id, slug: products.slug });
          if (!row) throw new Error("product insert returned nothing");
          await insertPhotoRows(row.id, stored, data.name, 0, t);
          await recordAudit(
            {
              actorId: actor.id,
              action: "product.created",
              entityType: "product",
              entityId: row.id,
              data: { cooperativeId, name: data.name, priceVnd: data.priceVnd, photos: stored.length },
            },
            t,
          );
          return row;
        });
      } catch (error) {
        const constraint = uniqueConstraintOf(error);
        if (constraint === "products_gtin_key") throw gtinTaken();
        if (
          (constraint === "products_slug_key" || constraint === "products_public_code_key") &&
          attempt < 3
        ) {
          continue;
        }
        throw error;
      }
    }
  } catch (error) {
    await deleteFilesQuietly(stored.flatMap((s) => s.keys));
    throw error;
  }
}

/** Archived listings are kept as they were; restore one to change it. */
function assertEditable(product: ProductRow) {
  if (product.status === "archived") throw conflict("manage.errors.archivedReadOnly");
}

/**
 * Edits a listing. Name, description, unit, price and GTIN take effect at once (an approved
 * listing stays approved); a new OCOP group changes the claim, so the listing goes back to
 * review. The slug stays, so links already shared keep working.
 */
export async function updateProduct(
  actor: Actor,
  productId: string,
  input: ProductFormInput,
  tx: Db = defaultDb(),
): Promise<{ status: ListingStatus; statusChanged: boolean }> {
  const data = validProduct(input);
  try {
    return await tx.transaction(async (t) => {
      const product = await findOwnedProduct(actor, productId, t, { lock: true });
      assertEditable(product);
      await assertGtinFree(data.gtin, product.id, t);
      const groupChanged = data.ocopGroup !== product.ocopGroup;
      const status = groupChanged
        ? (transition(product.status, "claim_changed") ?? product.status)
        : product.status;
      const changed = (Object.keys(data) as (keyof typeof data)[]).filter((k) => data[k] !== product[k]);
      await t
        .update(products)
        .set({
          ...data,
          status,
          ...(status === "submitted" && product.status !== "submitted" ? { submittedAt: new Date() } : {}),
        })
        .where(eq(products.id, product.id));
      await recordAudit(
        {
          actorId: actor.id,
          action: "product.updated",
          entityType: "product",
          entityId: product.id,
          data: {
            changed,
            ...(status !== product.status
              ? { from: product.status, to: status, reason: "claim_changed" }
              : {}),
          },
        },
        t,
      );
      return { status, statusChanged: status !== product.status };
    });
  } catch (error) {
    if (uniqueConstraintOf(error) === "products_gtin_key") throw gtinTaken();
    throw error;
  }
}

async function changeStatus(
  actor: Actor,
  productId: string,
  action: "submit" | "archive" | "restore",
  tx: Db,
): Promise<{ status: ListingStatus; name: string }> {
  return tx.transaction(async (t) => {
    const product = await findOwnedProduct(actor, productId, t, { lock: true });
    const next = transition(product.status, action);
    if (!next) throw conflict(`manage.errors.cannot_${action}`);
    if (action === "submit" && !(await latestCertificate(product.id, t))) {
      throw invalid("manage.errors.certificateNeeded");
    }
    await t
      .update(products)
      .set({ status: next, ...(next === "submitted" ? { submittedAt: new Date() } : {}) })
      .where(eq(products.id, product.id));
    const verb = { submit: "submitted", archive: "archived", restore: "restored" }[action];
    await recordAudit(
      {
        actorId: actor.id,
        action: `product.${verb}`,
        entityType: "product",
        entityId: product.id,
        data: { from: product.status, to: next },
      },
      t,
    );
    return { status: next, name: product.name };
  });
}

/** Sends a listing to review. An OCOP marketplace lists certified products only, so a claim is required. */
export const submitProduct = (actor: Actor, productId: string, tx: Db = defaultDb()) =>
  changeStatus(actor, productId, "submit", tx);

/** Takes a listing off the market; it can be restored as a draft. */
export const archiveProduct = (actor: Actor, productId: string, tx: Db = defaultDb()) =>
  changeStatus(actor, productId, "archive", tx);

export const restoreProduct = (actor: Actor, productId: string, tx: Db = defaultDb()) =>
  changeStatus(actor, productId, "restore", tx);

export interface ProductListItem {
  id: string;
  name: string;
  status: ListingStatus;
  priceVnd: number;
  unit: string;
  ocopGroup: ProductRow["ocopGroup"];
  coverKey: string | null;
  certificate: Pick<CertificateRow, "stars" | "expiresOn" | "approvedAt"> | null;
}

/** A cooperative's listings for its manager, newest first, with the current claim and cover photo. */
export async function listCooperativeProducts(
  actor: Actor,
  cooperativeId: string,
  tx: Db = defaultDb(),
): Promise<ProductListItem[]> {
  await assertManagesCooperative(actor, cooperativeId, tx);
  const rows = await tx
    .select({
      id: products.id,
      name: products.name,
      status: products.status,
      priceVnd: products.priceVnd,
      unit: products.unit,
      ocopGroup: products.ocopGroup,
    })
    .from(products)
    .where(
      and(
        eq(products.cooperativeId, cooperativeId),
        managedCooperativeCondition(actor, products.cooperativeId),
      ),
    )
    .orderBy(desc(products.updatedAt), asc(products.id));
  if (!rows.length) return [];
  const ids = rows.map((r) => r.id);
  const [certs, covers] = await Promise.all([
    latestCertificatesOf(ids, tx),
    tx
      .selectDistinctOn([productPhotos.productId], {
        productId: productPhotos.productId,
        storageKey: productPhotos.storageKey,
      })
      .from(productPhotos)
      .innerJoin(products, eq(products.id, productPhotos.productId))
      .where(eq(products.cooperativeId, cooperativeId))
      .orderBy(productPhotos.productId, asc(productPhotos.position), asc(productPhotos.createdAt)),
  ]);
  const coverOf = new Map(covers.map((c) => [c.productId, c.storageKey]));
  return rows.map((r) => ({
    ...r,
    coverKey: coverOf.get(r.id) ?? null,
    certificate: certs.get(r.id) ?? null,
  }));
}

/** The newest certificate of each product. */
export async function latestCertificatesOf(productIds: string[], tx: Db = defaultDb()) {
  if (!productIds.length) return new Map<string, CertificateRow>();
  const rows = await tx
    .selectDistinctOn([ocopCertificates.productId])
    .from(ocopCertificates)
    .where(inArray(ocopCertificates.productId, productIds))
    .orderBy(ocopCertificates.productId, desc(ocopCertificates.createdAt), desc(ocopCertificates.id));
  return new Map(rows.map((r) => [r.productId, r]));
}

/** Everything the product page of the back office shows. */
export async function getManagedProduct(actor: Actor, productId: string, tx: Db = defaultDb()) {
  const product = await findOwnedProduct(actor, productId, tx);
  const [cooperative, photos, certificates, reviews] = await Promise.all([
    tx
      .select({ id: cooperatives.id, slug: cooperatives.slug, name: cooperatives.name })
      .from(cooperatives)
      .where(eq(cooperatives.id, product.cooperativeId))
      .then((r) => r[0]),
    tx
      .select({
        id: productPhotos.id,
        storageKey: productPhotos.storageKey,
        width: productPhotos.width,
        height: productPhotos.height,
        alt: productPhotos.alt,
      })
      .from(productPhotos)
      .where(eq(productPhotos.productId, product.id))
      .orderBy(asc(productPhotos.position), asc(productPhotos.createdAt)),
    tx
      .select()
      .from(ocopCertificates)
      .where(eq(ocopCertificates.productId, product.id))
      .orderBy(desc(ocopCertificates.createdAt), desc(ocopCertificates.id)),
    tx
      .select({
        decision: listingReviews.decision,
        reason: listingReviews.reason,
        at: listingReviews.createdAt,
      })
      .from(listingReviews)
      .where(eq(listingReviews.productId, product.id))
      .orderBy(desc(listingReviews.createdAt))
      .limit(1),
  ]);
  if (!cooperative) throw notFound();
  return { product, cooperative, photos, certificates, latestReview: reviews[0] ?? null };
}
