/**
 * Cache-Control presets, in one place (as Hydrogen's data/cache.ts does), and the rule for
 * public catalog pages. Pure: the request-reading half is in cache.server.ts.
 */
import type { HeadersFunction } from "@remix-run/node";

/** A public page anyone may cache briefly; a shared cache may serve it stale while it refreshes. */
export const cachePublic = "public, max-age=60, stale-while-revalidate=600";
/** Slow-changing public documents: the sitemap and robots.txt. */
export const cachePublicLong = "public, max-age=3600, stale-while-revalidate=86400";
/** Anything personal: a signed-in user's page, a page carrying a flash message, errors. */
export const cacheNoStore = "private, no-store";

/**
 * A catalog page varies only by language besides the session: the language comes from the "lang"
 * cookie or Accept-Language, and a session cookie may make the page personal.
 */
export const PUBLIC_PAGE_VARY = "Cookie, Accept-Language";

/**
 * Headers of a catalog page: cacheable by anyone only when nothing on it is personal (no signed-in
 * user's name in the header, no flash message); otherwise never stored.
 */
export function catalogCacheHeaders({ personal }: { personal: boolean }): Record<string, string> {
  return { "Cache-Control": personal ? cacheNoStore : cachePublic, Vary: PUBLIC_PAGE_VARY };
}

/**
 * The `headers` export of a catalog route. Remix uses the deepest route's `headers`, so each
 * catalog route passes on what its loader decided; a Set-Cookie from any loader (the root's
 * flash) or a thrown error makes the document personal or uncacheable, so no-store wins then.
 */
export const catalogRouteHeaders: HeadersFunction = ({ loaderHeaders, parentHeaders, errorHeaders }) => {
  const setsCookie = loaderHeaders.has("Set-Cookie") || parentHeaders.has("Set-Cookie");
  const cacheControl = loaderHeaders.get("Cache-Control");
  const headers: Record<string, string> = {
    "Cache-Control": cacheControl && !setsCookie && !errorHeaders ? cacheControl : cacheNoStore,
  };
  const vary = loaderHeaders.get("Vary");
  if (vary) headers.Vary = vary;
  return headers;
};
