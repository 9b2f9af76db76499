import { and, desc, eq } from "drizzle-orm";
import { type Actor, managedCooperativeCondition, UUID } from "~/domain/cooperatives/access.server";
import { notFound } from "~/domain/errors";
import { type Db, db as defaultDb } from "~db/client.server";
import { ocopCertificates, products } from "~db/schema";

export type ProductRow = typeof products.$inferSelect;
export type CertificateRow = typeof ocopCertificates.$inferSelect;

/** The name of the unique constraint a failed write hit (postgres.js, PGlite and drizzle's wrapper). */
export function uniqueConstraintOf(error: unknown): string | null {
  for (let e: unknown = error, depth = 0; e && typeof e === "object" && depth < 5; depth++) {
    const pg = e as { code?: string; constraint?: string; constraint_name?: string; cause?: unknown };
    if (pg.code === "23505") return pg.constraint_name ?? pg.constraint ?? "";
    e = pg.cause;
  }
  return null;
}

/**
 * The product, if the actor may manage its cooperative; otherwise "not found" (another
 * cooperative's product is not revealed). `lock` takes a row lock for a status change.
 */
export async function findOwnedProduct(
  actor: Actor,
  productId: string,
  tx: Db = defaultDb(),
  { lock = false } = {},
): Promise<ProductRow> {
  if (!UUID.test(productId)) throw notFound();
  const query = tx
    .select()
    .from(products)
    .where(and(eq(products.id, productId), managedCooperativeCondition(actor, products.cooperativeId)))
    .limit(1);
  const [row] = lock ? await query.for("update") : await query;
  if (!row) throw notFound();
  return row;
}

/** The current OCOP claim of a product: its newest certificate row (older rows are history). */
export async function latestCertificate(
  productId: string,
  tx: Db = defaultDb(),
): Promise<CertificateRow | null> {
  const [row] = await tx
    .select()
    .from(ocopCertificates)
    .where(eq(ocopCertificates.productId, productId))
    .orderBy(desc(ocopCertificates.createdAt), desc(ocopCertificates.id))
    .limit(1);
  return row ?? null;
}
