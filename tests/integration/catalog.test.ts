import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import {
  findPurchasableProduct,
  getPublicCooperative,
  listBatchesOnSale,
  stockOfProducts,
} from "~/domain/catalog/products.server";
import { batchLinkUrl } from "~/domain/labels/digital-link";
import { loader as homeLoader } from "~/routes/_index";
import { loader as cooperativeLoader } from "~/routes/htx.$slug";
import { loader as robotsLoader } from "~/routes/robots[.txt]";
import { loader as listLoader } from "~/routes/san-pham._index";
import { loader as productLoader } from "~/routes/san-pham.$slug";
import { loader as sitemapLoader } from "~/routes/sitemap[.xml]";
import { createUserSessionCookie } from "~/utils/auth.server";
import { cacheNoStore, cachePublic } from "~/utils/cache";
import { getEnv } from "~/utils/env.server";
import { todayInVietnam } from "~/utils/format";
import { flashHeaders } from "~/utils/session.server";
import { db } from "~db/client.server";
import { batches, cooperatives, ocopCertificates, productPhotos, products } from "~db/schema";
import { createCooperative, createProduct, createUser, seedRegionTree, thrownBy } from "./review-fixtures";

type Status = (typeof products.$inferInsert)["status"];
type BatchStatus = (typeof batches.$inferInsert)["status"];

const today = todayInVietnam();
const short = () => randomUUID().slice(0, 8);
const origin = () => getEnv().PUBLIC_ORIGIN;

function get(path: string, headers: Record<string, string> = {}) {
  return new Request(`http://localhost${path}`, { headers });
}

/** A loader's `data(...)` result: its payload and headers. */
function unwrap<T>(result: T) {
  const r = result as unknown as { type?: string; data?: unknown; init?: { headers?: HeadersInit } | null };
  if (r.type !== "DataWithResponseInit") throw new Error("expected data() with headers");
  return { data: r.data as T extends { data: infer D } ? D : never, headers: new Headers(r.init?.headers) };
}

/** ISO date `days` from today. */
function inDays(days: number): string {
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

async function approve(productId: string, certificate: { approved: boolean } = { approved: true }) {
  await db()
    .update(products)
    .set({ status: "approved", publishedAt: new Date() })
    .where(eq(products.id, productId));
  if (certificate.approved) {
    await db()
      .update(ocopCertificates)
      .set({ approvedAt: new Date() })
      .where(eq(ocopCertificates.productId, productId));
  }
}

async function batch(
  productId: string,
  lot: string,
  opts: { status?: BatchStatus; available?: number; bestBefore?: string | null; producedOn?: string } = {},
) {
  const available = opts.available ?? 10;
  const [row] = await db()
    .insert(batches)
    .values({
      productId,
      lot,
      status: opts.status ?? "released",
      quantity: Math.max(available, 50),
      quantityAvailable: available,
      producedOn: opts.producedOn ?? "2026-10-01",
      bestBefore: opts.bestBefore === undefined ? "2027-10-01" : opts.bestBefore,
      publicCode: `c${short()}`,
      releasedAt: opts.status === "recording" ? null : new Date(),
    })
    .returning();
  if (!row) throw new Error("batch insert failed");
  return row;
}

let coopId = "";
let coopSlug = "";
let otherCoopSlug = "";
let emptyCoopSlug = "";
let noodlesBatchCode = "";
const slugs: Record<string, string> = {};
const ids: Record<string, string> = {};

beforeAll(async () => {
  const regions = await seedRegionTree();
  // A cooperative still registered under the pre-2025 commune of Bằng Phúc (now Đồng Phúc, Thái Nguyên).
  const coop = await createCooperative("HTX rượu men lá Nà Pài", regions.bangPhuc.id);
  await db()
    .update(cooperatives)
    .set({ story: "Các chị em người Tày giữ nghề nấu rượu men lá.", phone: "0978 351 204" })
    .where(eq(cooperatives.id, coop.id));
  coopId = coop.id;
  coopSlug = coop.slug;
  otherCoopSlug = (await createCooperative("HTX Chè Vân Hồ", regions.vanHo.id)).slug;
  emptyCoopSlug = (await createCooperative("HTX chưa có sản phẩm", regions.vanHo.id)).slug;

  const make = async (
    key: string,
    name: string,
    status: Status,
    extra: { gtin?: string; stars?: 3 | 4 } = {},
  ) => {
    const { product } = await createProduct(coopId, name, {
      status: status === "approved" ? "submitted" : status,
      stars: extra.stars ?? 4,
      decisionDate: "2025-03-15",
      expiresOn: "2028-03-15",
    });
    if (extra.gtin) await db().update(products).set({ gtin: extra.gtin }).where(eq(products.id, product.id));
    if (status === "approved") await approve(product.id);
    slugs[key] = product.slug;
    ids[key] = product.id;
    return product;
  };
  await make("wine", "Rượu men lá Bằng Phúc", "approved", { gtin: "08938512400051" });
  await make("noodles", "Miến dong Chợ Đồn", "approved", { stars: 3 });
  for (const status of ["draft", "submitted", "changes_requested", "rejected", "archived"] as const) {
    await make(status, `Bánh men lá ${status}`, status);
  }

  // Stars hidden: a claim never approved, and an approved claim that has expired.
  const unchecked = await make("unchecked", "Hồng không hạt", "approved");
  await db()
    .update(ocopCertificates)
    .set({ approvedAt: null })
    .where(eq(ocopCertificates.productId, unchecked.id));
  const expired = await make("expired", "Mật ong bạc hà", "approved");
  await db()
    .update(ocopCertificates)
    .set({ decisionDate: "2022-01-10", expiresOn: inDays(-1) })
    .where(eq(ocopCertificates.productId, expired.id));

  await db()
    .insert(productPhotos)
    .values({
      productId: ids.wine as string,
      storageKey: "photos/wine-1.webp",
      width: 1200,
      height: 900,
      alt: "",
    });

  // Batches of the wine: two on sale (the later best-before listed second, none last), and three that are not.
  await batch(ids.wine as string, "RML-LATE", { bestBefore: "2031-01-01", available: 5 });
  await batch(ids.wine as string, "RML-EARLY", { bestBefore: "2030-01-01", available: 7 });
  await batch(ids.wine as string, "RML-NOBB", { bestBefore: null, available: 3 });
  await batch(ids.wine as string, "RML-HOLD", { status: "on_hold", available: 40 });
  await batch(ids.wine as string, "RML-EMPTY", { available: 0 });
  await batch(ids.wine as string, "RML-REC", { status: "recording", available: 20 });
  await db()
    .update(products)
    .set({ priceVnd: 55_000 })
    .where(eq(products.id, ids.noodles as string));
  noodlesBatchCode = (await batch(ids.noodles as string, "MD-1")).publicCode;
  // A submitted product's batch is not on sale anywhere.
  await batch(ids.submitted as string, "BML-1", { available: 9 });
});

describe("the product page", () => {
  it("answers 404 for listings that are not public and for an unknown slug", async () => {
    for (const key of ["draft", "submitted", "changes_requested", "rejected", "archived"]) {
      const slug = slugs[key] as string;
      const thrown = await thrownBy(() =>
        productLoader({ request: get(`/san-pham/${slug}`), params: { slug }, context: {} }),
      );
      expect(thrown.status, key).toBe(404);
    }
    const unknown = await thrownBy(() =>
      productLoader({ request: get("/san-pham/khong-co"), params: { slug: "khong-co" }, context: {} }),
    );
    expect(unknown.status).toBe(404);
  });

  it("shows an approved product with its stars, certificate, price, cooperative and place", async () => {
    const slug = slugs.wine as string;
    const { data } = unwrap(
      await productLoader({ request: get(`/san-pham/${slug}`), params: { slug }, context: {} }),
    );
    expect(data.product.name).toBe("Rượu men lá Bằng Phúc");
    expect(data.product.priceVnd).toBe(150_000);
    expect(data.product.stars).toBe(4);
    expect(data.certificate).toMatchObject({ shown: true, decisionNo: expect.stringMatching(/QĐ-UBND$/) });
    expect(data.cooperative.slug).toBe(coopSlug);
    // A pre-2025 commune is shown under today's name, with the old one beside it.
    expect(data.cooperative.place).toEqual({
      now: "Đồng Phúc, Thái Nguyên",
      formerly: "Bằng Phúc, Chợ Đồn, Bắc Kạn",
    });
    expect(data.product.photos[0]).toMatchObject({
      large: "/files/photos/wine-1.webp",
      width: 1200,
      height: 900,
    });
  });

  it("shows stars only for an approved, unexpired certificate", async () => {
    for (const key of ["unchecked", "expired"]) {
      const slug = slugs[key] as string;
      const { data } = unwrap(
        await productLoader({ request: get(`/san-pham/${slug}`), params: { slug }, context: {} }),
      );
      expect(data.product.stars, key).toBeNull();
    }
    const expiredSlug = slugs.expired as string;
    const expired = unwrap(
      await productLoader({
        request: get(`/san-pham/${expiredSlug}`),
        params: { slug: expiredSlug },
        context: {},
      }),
    );
    // The approved claim is still named, as expired, never with its stars.
    expect(expired.data.certificate).toMatchObject({ shown: false, state: "expired" });
    const uncheckedSlug = slugs.unchecked as string;
    const unchecked = unwrap(
      await productLoader({
        request: get(`/san-pham/${uncheckedSlug}`),
        params: { slug: uncheckedSlug },
        context: {},
      }),
    );
    expect(unchecked.data.certificate).toBeNull();
  });

  it("lists the batches on sale, earliest best-before first, never on hold, sold out or unreleased", async () => {
    const slug = slugs.wine as string;
    const { data } = unwrap(
      await productLoader({ request: get(`/san-pham/${slug}`), params: { slug }, context: {} }),
    );
    expect(data.batches.map((b) => b.lot)).toEqual(["RML-EARLY", "RML-LATE", "RML-NOBB"]);
    expect(data.product.stock).toBe(15);
    const early = data.batches[0];
    expect(early?.traceUrl).toBe(`${origin()}/01/08938512400051/10/RML-EARLY`);
  });

  it("links a batch of a product without GTIN to its short trace path", async () => {
    const slug = slugs.noodles as string;
    const { data } = unwrap(
      await productLoader({ request: get(`/san-pham/${slug}`), params: { slug }, context: {} }),
    );
    expect(data.batches[0]?.traceUrl).toBe(
      batchLinkUrl(origin(), { gtin: null, lot: "MD-1", publicCode: noodlesBatchCode }),
    );
    expect(data.batches[0]?.traceUrl).toMatch(new RegExp(`^${origin()}/t/`));
  });

  it("describes the product for search engines: JSON-LD offer in VND with availability", async () => {
    const slug = slugs.wine as string;
    const { data } = unwrap(
      await productLoader({ request: get(`/san-pham/${slug}`), params: { slug }, context: {} }),
    );
    expect(data.seo.url).toBe(`${origin()}/san-pham/${slug}`);
    expect(data.seo.image).toBe(`${origin()}/files/photos/wine-1.webp`);
    expect(data.seo.jsonLd).toMatchObject({
      "@type": "Product",
      gtin14: "08938512400051",
      brand: { name: "HTX rượu men lá Nà Pài" },
      offers: { price: 150000, priceCurrency: "VND", availability: "https://schema.org/InStock" },
    });
    expect(data.seo.jsonLd).not.toHaveProperty("aggregateRating");
    const expiredSlug = slugs.expired as string;
    const outOfStock = unwrap(
      await productLoader({
        request: get(`/san-pham/${expiredSlug}`),
        params: { slug: expiredSlug },
        context: {},
      }),
    );
    expect(outOfStock.data.seo.jsonLd).toMatchObject({
      offers: { availability: "https://schema.org/OutOfStock" },
    });
  });
});

describe("read models for the cart", () => {
  it("give stock and batches of public products only", async () => {
    const stock = await stockOfProducts([ids.wine as string, ids.expired as string, ids.submitted as string]);
    expect(stock.get(ids.wine as string)).toBe(15);
    expect(stock.get(ids.expired as string)).toBe(0);
    expect(stock.has(ids.submitted as string)).toBe(false);
    expect(await findPurchasableProduct(ids.submitted as string)).toBeNull();
    expect(await findPurchasableProduct("not-a-uuid")).toBeNull();
    const wine = await findPurchasableProduct(ids.wine as string);
    expect(wine).toMatchObject({ priceVnd: 150_000, stock: 15, cooperativeId: coopId });
    expect(wine?.batches.map((b) => b.lot)).toEqual(["RML-EARLY", "RML-LATE", "RML-NOBB"]);
    const onSale = await listBatchesOnSale([ids.wine as string, ids.submitted as string]);
    // The batch exists and is released, but its product is not public: the cart looks products up first.
    expect(onSale.get(ids.wine as string)?.length).toBe(3);
  });
});

describe("the cooperative page", () => {
  it("lists only the approved products, in stock first", async () => {
    const { data } = unwrap(
      await cooperativeLoader({ request: get(`/htx/${coopSlug}`), params: { slug: coopSlug }, context: {} }),
    );
    const names = data.cooperative.products.map((p) => p.name);
    expect(names[0]).toBe("Rượu men lá Bằng Phúc");
    expect([...names].sort()).toEqual(
      ["Hồng không hạt", "Mật ong bạc hà", "Miến dong Chợ Đồn", "Rượu men lá Bằng Phúc"].sort(),
    );
    expect(data.cooperative.story).toContain("rượu men lá");
    expect(data.cooperative.place.now).toBe("Đồng Phúc, Thái Nguyên");
    const wine = data.cooperative.products[0];
    expect(wine).toMatchObject({ stars: 4, inStock: true, photo: { url: "/files/photos/wine-1-400.webp" } });
    expect(data.cooperative.products.find((p) => p.name === "Mật ong bạc hà")?.stars).toBeNull();
  });

  it("answers 404 for an unknown cooperative and for one with nothing public yet", async () => {
    for (const slug of ["khong-co", emptyCoopSlug, otherCoopSlug]) {
      const thrown = await thrownBy(() =>
        cooperativeLoader({ request: get(`/htx/${slug}`), params: { slug }, context: {} }),
      );
      expect(thrown.status, slug).toBe(404);
    }
    expect(await getPublicCooperative(coopSlug)).not.toBeNull();
  });
});

describe("sitemap and robots.txt", () => {
  it("the sitemap lists every public product and shop, and nothing else", async () => {
    const response = await sitemapLoader();
    expect(response.headers.get("Content-Type")).toBe("application/xml; charset=utf-8");
    expect(response.headers.get("Cache-Control")).toMatch(/^public/);
    const xml = await response.text();
    for (const key of ["wine", "noodles", "unchecked", "expired"]) {
      expect(xml, key).toContain(`<loc>${origin()}/san-pham/${slugs[key]}</loc><lastmod>`);
    }
    for (const key of ["draft", "submitted", "changes_requested", "rejected", "archived"]) {
      expect(xml, key).not.toContain(slugs[key] as string);
    }
    expect(xml).toContain(`<loc>${origin()}/htx/${coopSlug}</loc>`);
    expect(xml).not.toContain(emptyCoopSlug);
    expect(xml).toContain(`<loc>${origin()}/san-pham</loc>`);
  });

  it("robots.txt keeps crawlers out of private areas and points at the sitemap", async () => {
    const response = robotsLoader();
    expect(response.headers.get("Content-Type")).toBe("text/plain; charset=utf-8");
    const text = await response.text();
    expect(text).toContain("Disallow: /manage");
    expect(text).toContain("Disallow: /gio-hang");
    expect(text).toContain(`Sitemap: ${origin()}/sitemap.xml`);
  });
});

describe("the product list", () => {
  it("finds products with or without Vietnamese diacritics", async () => {
    for (const q of ["ruou men la", "rượu men lá", "RUOU MEN LA"]) {
      const { data } = unwrap(
        await listLoader({ request: get(`/san-pham?q=${encodeURIComponent(q)}`), params: {}, context: {} }),
      );
      expect(
        data.items.map((i) => i.name),
        q,
      ).toContain("Rượu men lá Bằng Phúc");
      expect(
        data.items.map((i) => i.name),
        q,
      ).not.toContain("Bánh men lá submitted");
      expect(data.typed).toBe(q);
    }
  });

  it("passes filters on, keeps what was typed, and counts the filters in use", async () => {
    const { data } = unwrap(
      await listLoader({
        request: get("/san-pham?stock=1&stars=4&min=100.000&sort=price_asc"),
        params: {},
        context: {},
      }),
    );
    expect(data.items.map((i) => i.name)).toEqual(["Rượu men lá Bằng Phúc"]);
    expect(data.form).toMatchObject({ stock: true, stars: "4", min: "100.000", sort: "price_asc" });
    expect(data.activeFilters).toBe(3);
    expect(data.filtered).toBe(true);
  });

  it("shows nothing non-public when browsing, and a page past the end is empty but counted", async () => {
    const { data } = unwrap(await listLoader({ request: get("/san-pham?page=5"), params: {}, context: {} }));
    expect(data.items).toEqual([]);
    expect(data.total).toBe(4);
    expect(data.page).toBe(5);
  });
});

describe("cache headers of catalog pages", () => {
  const pages = () => [
    () => listLoader({ request: get("/san-pham"), params: {}, context: {} }),
    () =>
      productLoader({ request: get(`/san-pham/${slugs.wine}`), params: { slug: slugs.wine }, context: {} }),
    () => cooperativeLoader({ request: get(`/htx/${coopSlug}`), params: { slug: coopSlug }, context: {} }),
    () => homeLoader({ request: get("/"), params: {}, context: {} }),
  ];

  it("let anyone cache an anonymous page, varying by cookie and language", async () => {
    for (const load of pages()) {
      const { headers } = unwrap(await load());
      expect(headers.get("Cache-Control")).toBe(cachePublic);
      expect(headers.get("Vary")).toBe("Cookie, Accept-Language");
    }
  });

  it("never store a signed-in user's page, nor one carrying a flash message", async () => {
    const user = await createUser("Người mua", [{ role: "buyer" }]);
    const cookie = (await createUserSessionCookie(user.id)).split(";")[0] ?? "";
    const signedIn = unwrap(
      await listLoader({ request: get("/san-pham", { Cookie: cookie }), params: {}, context: {} }),
    );
    expect(signedIn.headers.get("Cache-Control")).toBe(cacheNoStore);
    const slug = slugs.wine as string;
    const product = unwrap(
      await productLoader({
        request: get(`/san-pham/${slug}`, { Cookie: cookie }),
        params: { slug },
        context: {},
      }),
    );
    expect(product.headers.get("Cache-Control")).toBe(cacheNoStore);

    const flash = (await flashHeaders(get("/"), "success", "common.saved"))["Set-Cookie"].split(";")[0] ?? "";
    const flashed = unwrap(
      await listLoader({ request: get("/san-pham", { Cookie: flash }), params: {}, context: {} }),
    );
    expect(flashed.headers.get("Cache-Control")).toBe(cacheNoStore);
  });
});

describe("the home page", () => {
  it("offers the groups and provinces with public products, featured products and new batches", async () => {
    const { data } = unwrap(await homeLoader({ request: get("/"), params: {}, context: {} }));
    expect(data.groups).toEqual([{ group: "food", count: 4 }]);
    expect(data.provinces.map((p) => p.name)).toEqual(["Thái Nguyên"]);
    expect(data.provinces[0]?.count).toBe(4);
    const featured = await data.featured;
    // In stock only, the approved stars first.
    expect(featured.map((p) => p.name)).toEqual(["Rượu men lá Bằng Phúc", "Miến dong Chợ Đồn"]);
    const fresh = await data.fresh;
    expect(fresh.map((b) => b.lot)).not.toContain("RML-HOLD");
    expect(fresh.map((b) => b.lot)).not.toContain("BML-1");
    expect(fresh.every((b) => b.traceUrl.startsWith(origin()))).toBe(true);
  });
});
