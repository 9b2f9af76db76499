import { sitemapEntries } from "~/domain/catalog/products.server";
import { absoluteUrl, sitemapXml } from "~/domain/catalog/seo";
import { cachePublicLong } from "~/utils/cache";
import { getEnv } from "~/utils/env.server";

/** Every public page worth indexing: home, the product list, each product and each shop. */
export async function loader() {
  const origin = getEnv().PUBLIC_ORIGIN;
  const { products, cooperatives } = await sitemapEntries();
  const xml = sitemapXml([
    { loc: absoluteUrl(origin, "/") },
    { loc: absoluteUrl(origin, "/san-pham") },
    ...products.map((p) => ({ loc: absoluteUrl(origin, `/san-pham/${p.slug}`), lastmod: p.lastmod })),
    ...cooperatives.map((c) => ({ loc: absoluteUrl(origin, `/htx/${c.slug}`), lastmod: c.lastmod })),
  ]);
  return new Response(xml, {
    headers: { "Content-Type": "application/xml; charset=utf-8", "Cache-Control": cachePublicLong },
  });
}
