import { describe, expect, it } from "vitest";
import {
  cacheNoStore,
  cachePublic,
  catalogCacheHeaders,
  catalogRouteHeaders,
  PUBLIC_PAGE_VARY,
} from "~/utils/cache";

describe("cache presets", () => {
  it("are the named values every route shares", () => {
    expect(cachePublic).toBe("public, max-age=60, stale-while-revalidate=600");
    expect(cacheNoStore).toBe("private, no-store");
    expect(PUBLIC_PAGE_VARY).toBe("Cookie, Accept-Language");
  });
});

describe("catalog page headers", () => {
  it("let anyone cache an anonymous page, varying by cookie and language", () => {
    expect(catalogCacheHeaders({ personal: false })).toEqual({
      "Cache-Control": cachePublic,
      Vary: "Cookie, Accept-Language",
    });
  });

  it("never store a personal page", () => {
    expect(catalogCacheHeaders({ personal: true })["Cache-Control"]).toBe(cacheNoStore);
  });
});

describe("the catalog routes' headers export", () => {
  const call = (loader: HeadersInit, parent: HeadersInit = {}, errorHeaders?: Headers) =>
    new Headers(
      catalogRouteHeaders({
        loaderHeaders: new Headers(loader),
        parentHeaders: new Headers(parent),
        actionHeaders: new Headers(),
        errorHeaders,
      }),
    );

  it("passes the loader's Cache-Control and Vary on", () => {
    const headers = call(catalogCacheHeaders({ personal: false }), { "Cache-Control": cacheNoStore });
    expect(headers.get("Cache-Control")).toBe(cachePublic);
    expect(headers.get("Vary")).toBe("Cookie, Accept-Language");
  });

  it("falls back to no-store when the loader said nothing (a thrown 404)", () => {
    expect(call({}).get("Cache-Control")).toBe(cacheNoStore);
    expect(call(catalogCacheHeaders({ personal: false }), {}, new Headers()).get("Cache-Control")).toBe(
      cacheNoStore,
    );
  });

  it("refuses to cache a response that sets a cookie (the root's flash)", () => {
    const headers = call(catalogCacheHeaders({ personal: false }), { "Set-Cookie": "__session=x; Path=/" });
    expect(headers.get("Cache-Control")).toBe(cacheNoStore);
  });
});
