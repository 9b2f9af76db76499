// Calls the label routes' loaders the way Remix would, on the seeded demo data.
import type { AppLoadContext, LoaderFunctionArgs } from "@remix-run/node";
import { and, eq } from "drizzle-orm";
import { loader as digitalLinkLoader } from "~/routes/01.$";
import { loader as shortPathLoader } from "~/routes/t.$code.($serial)";
import { db } from "~db/client.server";
import { batches, products } from "~db/schema";

export const ORIGIN = "http://localhost:3000";
/** Rượu men lá Bằng Phúc, made from the leaf-yeast lot BML-2026-08 (a product without a GTIN). */
export const RML = { gtin: "08938512300016", lot: "RML-2026-10" };
export const RML_PATH = `/01/${RML.gtin}/10/${RML.lot}`;
export const IPHONE =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";

/** GET (or another method) of a path through the matching route's loader. */
export async function get(
  path: string,
  headers: Record<string, string> = {},
  options: { method?: string; context?: AppLoadContext } = {},
): Promise<Response> {
  const request = new Request(`${ORIGIN}${path}`, {
    method: options.method ?? "GET",
    headers: { "User-Agent": IPHONE, ...headers },
  });
  const args = {
    request,
    params: {},
    context: options.context ?? { clientAddress: "203.0.113.7" },
  } as unknown as LoaderFunctionArgs;
  return path.startsWith("/t/") ? shortPathLoader(args) : digitalLinkLoader(args);
}

export async function batchOf(productSlug: string, lot: string) {
  const [row] = await db()
    .select({ id: batches.id, publicCode: batches.publicCode, productId: products.id })
    .from(batches)
    .innerJoin(products, eq(products.id, batches.productId))
    .where(and(eq(products.slug, productSlug), eq(batches.lot, lot)));
  if (!row) throw new Error(`no batch ${productSlug}/${lot}`);
  return row;
}
