import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import {
  FEW_HITS,
  invalidateSearchVocabulary,
  searchProducts,
  searchSettings,
  searchStatement,
  searchVocabulary,
  VOCABULARY_TTL_MS,
} from "~/domain/catalog/search.server";
import { upsertRegions } from "~/domain/regions/regions.server";
import { db, rowsOf } from "~db/client.server";
import { batches, cooperatives, ocopCertificates, productPhotos, products, regions } from "~db/schema";

const TODAY = "2026-11-21";

type Status = (typeof products.$inferInsert)["status"];
type Group = (typeof products.$inferInsert)["ocopGroup"];

const ids: Record<string, string> = {};
let thaiNguyen = "";
let sonLa = "";

async function regionId(scheme: "current" | "legacy", code: string): Promise<string> {
  const rows = await db().select().from(regions);
  const row = rows.find((r) => r.scheme === scheme && r.code === code);
  if (!row) throw new Error(`region ${code} missing`);
  return row.id;
}

async function cooperative(name: string, region: string): Promise<string> {
  const [row] = await db()
    .insert(cooperatives)
    .values({ name, slug: `htx-${randomUUID().slice(0, 8)}`, regionId: region })
    .returning({ id: cooperatives.id });
  if (!row) throw new Error("insert failed");
  return row.id;
}

async function product(
  key: string,
  cooperativeId: string,
  name: string,
  opts: { price: number; group?: Group; status?: Status; publishedAt?: string },
) {
  const status = opts.status ?? "approved";
  const [row] = await db()
    .insert(products)
    .values({
      cooperativeId,
      name,
      slug: `${key}-${randomUUID().slice(0, 8)}`,
      publicCode: randomUUID().slice(0, 10),
      ocopGroup: opts.group ?? "food",
      unit: "chai",
      priceVnd: opts.price,
      status,
      publishedAt: status === "approved" ? new Date(opts.publishedAt ?? "2026-01-01T00:00:00Z") : null,
    })
    .returning({ id: products.id });
  if (!row) throw new Error("insert failed");
  ids[key] = row.id;
  return row.id;
}

async function certificate(
  productId: string,
  stars: 3 | 4 | 5,
  opts: { decisionDate: string; approved: boolean; createdAt: string },
) {
  const score = stars === 3 ? 60 : stars === 4 ? 80 : 95;
  const expires = `${Number(opts.decisionDate.slice(0, 4)) + 3}${opts.decisionDate.slice(4)}`;
  await db()
    .insert(ocopCertificates)
    .values({
      productId,
      stars,
      score,
      decisionNo: `${stars}00/QĐ-UBND`,
      decisionDate: opts.decisionDate,
      authority: "UBND tỉnh",
      ocopGroup: "food",
      expiresOn: expires,
      approvedAt: opts.approved ? new Date(opts.decisionDate) : null,
      createdAt: new Date(opts.createdAt),
    });
}

async function batch(productId: string, lot: string, status: "released" | "on_hold", available: number) {
  await db()
    .insert(batches)
    .values({
      productId,
      lot,
      status,
      quantity: 50,
      quantityAvailable: available,
      producedOn: "2026-10-01",
      publicCode: randomUUID().slice(0, 10),
    });
}

beforeAll(async () => {
  await upsertRegions([
    { code: "T19", name: "Thái Nguyên", level: "province", scheme: "current", parentCode: null },
    { code: "T19-1", name: "Xã Đồng Phúc", level: "commune", scheme: "current", parentCode: "T19" },
    { code: "T14", name: "Sơn La", level: "province", scheme: "current", parentCode: null },
    { code: "T14-1", name: "Xã Phù Yên", level: "commune", scheme: "current", parentCode: "T14" },
    { code: "TL06", name: "Bắc Kạn", level: "province", scheme: "legacy", parentCode: null },
    { code: "TL06-1", name: "Chợ Đồn", level: "district", scheme: "legacy", parentCode: "TL06" },
    {
      code: "TL06-1-1",
      name: "Xã Bằng Phúc",
      level: "commune",
      scheme: "legacy",
      parentCode: "TL06-1",
      successorCode: "T19-1",
    },
  ]);
  thaiNguyen = await regionId("current", "T19");
  sonLa = await regionId("current", "T14");
  // A cooperative registered before the 2025 reform, in a commune that now belongs to Thái Nguyên.
  const wine = await cooperative("HTX Rượu men lá Thanh Tâm", await regionId("legacy", "TL06-1-1"));
  const honey = await cooperative("HTX Mật ong Phù Yên", await regionId("current", "T14-1"));
  const noodles = await cooperative("HTX Miến dong Đồng Phúc", await regionId("current", "T19-1"));

  const a = await product("A", wine, "Rượu men lá Bằng Phúc", {
    price: 180_000,
    group: "beverages",
    publishedAt: "2026-03-01T00:00:00Z",
  });
  await certificate(a, 4, { decisionDate: "2025-06-10", approved: true, createdAt: "2025-06-11T00:00:00Z" });
  await batch(a, "RML-01", "released", 10);
  await db()
    .insert(productPhotos)
    .values([
      {
        productId: a,
        storageKey: "photos/a-second.webp",
        width: 1200,
        height: 900,
        position: 1,
        alt: "Chai thứ hai",
      },
      {
        productId: a,
        storageKey: "photos/a-cover.webp",
        width: 1200,
        height: 800,
        position: 0,
        alt: "Chai rượu",
      },
    ]);

  const b = await product("B", wine, "Rượu men lá đặc biệt", {
    price: 250_000,
    group: "beverages",
    publishedAt: "2026-02-01T00:00:00Z",
  });
  // Expired in 2025: its stars no longer show.
  await certificate(b, 5, { decisionDate: "2022-01-05", approved: true, createdAt: "2022-01-06T00:00:00Z" });

  const c = await product("C", honey, "Mật ong rừng Phù Yên", {
    price: 320_000,
    publishedAt: "2026-05-01T00:00:00Z",
  });
  await certificate(c, 3, { decisionDate: "2025-01-15", approved: true, createdAt: "2025-01-16T00:00:00Z" });
  await batch(c, "MO-01", "released", 0);

  const d = await product("D", honey, "Mật ong hoa bạc hà", {
    price: 450_000,
    publishedAt: "2026-04-01T00:00:00Z",
  });
  await batch(d, "MO-02", "on_hold", 5);

  const e = await product("E", noodles, "Miến dong riềng Chợ Đồn", {
    price: 60_000,
    publishedAt: "2026-06-01T00:00:00Z",
  });
  await certificate(e, 4, { decisionDate: "2024-03-01", approved: true, createdAt: "2024-03-02T00:00:00Z" });
  // A newer claim not yet reviewed is the current one: no stars until it is approved.
  await certificate(e, 5, { decisionDate: "2026-09-01", approved: false, createdAt: "2026-09-02T00:00:00Z" });
  await batch(e, "MD-01", "released", 20);

  await product("F", noodles, "Chổi đót Đồng Phúc", {
    price: 40_000,
    group: "handicrafts",
    publishedAt: "2026-07-01T00:00:00Z",
  });
  await product("I", honey, "Chè Shan tuyết", {
    price: 150_000,
    group: "beverages",
    publishedAt: "2026-08-01T00:00:00Z",
  });

  await product("G", wine, "Rượu men lá hảo hạng", { price: 300_000, status: "draft" });
  await product("H", honey, "Mật ong nháp", { price: 200_000, status: "submitted" });
  await product("J", wine, "Rượu men lá cũ", { price: 90_000, status: "archived" });
});

const keysOf = (result: { items: { id: string }[] }) =>
  result.items.map((item) => Object.entries(ids).find(([, id]) => id === item.id)?.[0] ?? "?");

const search = (input: Parameters<typeof searchProducts>[0]) => searchProducts({ today: TODAY, ...input });

describe("searchProducts: matching", () => {
  it("finds the same products with or without diacritics, in any case", async () => {
    const plain = await search({ q: "ruou men la" });
    const marked = await search({ q: "rượu men lá" });
    const shouting = await search({ q: "  RƯỢU   MEN LÁ " });
    // Both start with the query; the shorter name first.
    expect(keysOf(marked)).toEqual(["B", "A"]);
    expect(keysOf(plain)).toEqual(keysOf(marked));
    expect(keysOf(shouting)).toEqual(keysOf(marked));
    expect(plain.total).toBe(2);
    expect(plain.correctedQuery).toBeNull();
  });

  it("matches d for đ", async () => {
    expect(keysOf(await search({ q: "dong rieng" }))).toEqual(["E"]);
    // Then, ranked last, the other product of "HTX Miến dong Đồng Phúc".
    expect(keysOf(await search({ q: "mien dong" }))).toEqual(["E", "F"]);
    expect(keysOf(await search({ q: "choi dot dong phuc" }))).toEqual(["F"]);
    expect(keysOf(await search({ q: "đồng phúc" }))).toEqual(keysOf(await search({ q: "dong phuc" })));
  });

  it("ranks a name that starts with the query above one that contains it, shorter first", async () => {
    // Both start with "mật ong"; the shorter name first. "Chè Shan tuyết" comes last, found
    // only through its cooperative's name (HTX Mật ong Phù Yên).
    expect(keysOf(await search({ q: "mật ong" }))).toEqual(["D", "C", "I"]);
    // "men lá" sits inside the names.
    expect(keysOf(await search({ q: "men la" }))).toEqual(["B", "A"]);
    // "Chợ Đồn" is inside E's name; "Chổi đót Đồng" is only similar, so it comes after.
    expect(keysOf(await search({ q: "chợ đồn" }))).toEqual(["E", "F"]);
  });

  it("survives a typo", async () => {
    const typo = await search({ q: "mat ongg" });
    expect(keysOf(typo).slice(0, 2)).toEqual(["D", "C"]);
    expect(typo.correctedQuery).toBe("mat ong");
    const another = await search({ q: "ruou men lq" });
    expect(keysOf(another)).toEqual(["B", "A"]);
    expect(another.correctedQuery).toBe("ruou men lá");
    // Words in another order are not a phrase, but similar enough.
    expect(keysOf(await search({ q: "men lá rượu" }))).toEqual(expect.arrayContaining(["A", "B"]));
  });

  it("matches a query word inside a longer word, as before the word index", async () => {
    // "uou" sits inside "rượu"; "ong phuc" inside "Đồng Phúc" (and the cooperative's name).
    const inside = await search({ q: "uou men" });
    expect(keysOf(inside)).toEqual(["B", "A"]);
    expect(inside.correctedQuery).toBeNull();
    const across = await search({ q: "ong phuc" });
    expect(keysOf(across)[0]).toBe("F");
    expect(keysOf(across)).toContain("E");
  });

  it("finds a cooperative's products by the cooperative's name", async () => {
    expect(keysOf(await search({ q: "thanh tâm" }))).toEqual(["B", "A"]);
  });

  it("never shows a listing that is not approved", async () => {
    const hidden = new Set([ids.G, ids.H, ids.J]);
    for (const q of ["rượu men lá", "ruou men la hao hang", "mật ong nháp", "thanh tam", "men", "cu", ""]) {
      const result = await search({ q, pageSize: 60 });
      expect(
        result.items.filter((item) => hidden.has(item.id)),
        q,
      ).toEqual([]);
    }
    expect((await search({ q: "" })).total).toBe(7);
  });

  it("treats wildcards and punctuation as plain separators", async () => {
    expect((await search({ q: "%" })).total).toBe(7);
    expect((await search({ q: "_%_" })).query).toBe("");
    expect(keysOf(await search({ q: "mật_ong%" }))).toEqual(keysOf(await search({ q: "mật ong" })));
    expect(keysOf(await search({ q: "rượu-men-lá!" }))).toEqual(["B", "A"]);
  });
});

describe("searchProducts: what each item shows", () => {
  it("names the province through the region path, following a pre-2025 commune to its successor", async () => {
    const [a] = (await search({ q: "rượu men lá bằng phúc" })).items;
    expect(a).toMatchObject({
      id: ids.A,
      name: "Rượu men lá Bằng Phúc",
      priceVnd: 180_000,
      unit: "chai",
      group: "beverages",
      cooperativeName: "HTX Rượu men lá Thanh Tâm",
      provinceName: "Thái Nguyên",
      stars: 4,
      inStock: true,
      photo: { storageKey: "photos/a-cover.webp", alt: "Chai rượu", width: 1200, height: 800 },
    });
    const [c] = (await search({ q: "mật ong rừng" })).items;
    expect(c).toMatchObject({ id: ids.C, provinceName: "Sơn La", stars: 3, inStock: false, photo: null });
  });

  it("hides the stars of an expired certificate and of an unreviewed newer claim", async () => {
    const byKey = new Map((await search({ q: "", pageSize: 60 })).items.map((item) => [item.id, item]));
    expect(byKey.get(ids.B as string)?.stars).toBeNull();
    expect(byKey.get(ids.E as string)?.stars).toBeNull();
    expect(byKey.get(ids.D as string)?.stars).toBeNull();
  });
});

describe("searchProducts: filters", () => {
  const browse = (input: Parameters<typeof searchProducts>[0]) => search({ q: "", pageSize: 60, ...input });
  const sorted = (keys: string[]) => [...keys].sort();

  it("filters by province, counting a pre-2025 commune under its new province", async () => {
    expect(sorted(keysOf(await browse({ province: thaiNguyen })))).toEqual(["A", "B", "E", "F"]);
    expect(sorted(keysOf(await browse({ province: sonLa })))).toEqual(["C", "D", "I"]);
    expect(keysOf(await search({ q: "rượu", province: sonLa }))).toEqual([]);
  });

  it("filters a search by province too, its cooperative matches included", async () => {
    expect(keysOf(await search({ q: "mật ong", province: sonLa }))).toEqual(["D", "C", "I"]);
    expect(keysOf(await search({ q: "mật ong", province: thaiNguyen }))).toEqual([]);
    expect(keysOf(await search({ q: "men la", province: thaiNguyen }))).toEqual(["B", "A"]);
  });

  it("filters by OCOP group", async () => {
    expect(sorted(keysOf(await browse({ group: "beverages" })))).toEqual(["A", "B", "I"]);
    expect(keysOf(await browse({ group: "handicrafts" }))).toEqual(["F"]);
  });

  it("filters by the stars that show", async () => {
    expect(keysOf(await browse({ minStars: 4 }))).toEqual(["A"]);
    expect(sorted(keysOf(await browse({ minStars: 3 })))).toEqual(["A", "C"]);
    expect(keysOf(await browse({ minStars: 5 }))).toEqual([]);
  });

  it("filters by price, both ends included", async () => {
    expect(sorted(keysOf(await browse({ priceMin: 150_000, priceMax: 250_000 })))).toEqual(["A", "B", "I"]);
    expect(keysOf(await browse({ priceMax: 40_000 }))).toEqual(["F"]);
  });

  it("keeps only products with a released batch left, not one on hold or sold out", async () => {
    expect(sorted(keysOf(await browse({ inStock: true })))).toEqual(["A", "E"]);
    expect(keysOf(await search({ q: "mật ong", inStock: true }))).toEqual([]);
  });

  it("combines filters with a query", async () => {
    const result = await search({ q: "ruou men la", group: "beverages", minStars: 4, inStock: true });
    expect(keysOf(result)).toEqual(["A"]);
    expect(result.total).toBe(1);
  });
});

describe("searchProducts: sorting and pages", () => {
  it("sorts by price both ways and by newest", async () => {
    const asc = await search({ q: "", sort: "price_asc" });
    expect(asc.items.map((i) => i.priceVnd)).toEqual([
      40_000, 60_000, 150_000, 180_000, 250_000, 320_000, 450_000,
    ]);
    const desc = await search({ q: "", sort: "price_desc" });
    expect(desc.items.map((i) => i.priceVnd)).toEqual([
      450_000, 320_000, 250_000, 180_000, 150_000, 60_000, 40_000,
    ]);
    expect(keysOf(await search({ q: "", sort: "newest" }))).toEqual(["I", "F", "E", "C", "D", "A", "B"]);
    // Browsing without a query shows the newest first.
    expect(keysOf(await search({ q: "" }))).toEqual(["I", "F", "E", "C", "D", "A", "B"]);
    expect(keysOf(await search({ q: "rượu men lá", sort: "price_desc" }))).toEqual(["B", "A"]);
  });

  it("pages through the results with a stable total", async () => {
    const pages = await Promise.all(
      [1, 2, 3].map((page) => search({ q: "", sort: "price_asc", page, pageSize: 3 })),
    );
    expect(pages.map((p) => p.total)).toEqual([7, 7, 7]);
    expect(pages.map((p) => p.items.length)).toEqual([3, 3, 1]);
    expect(pages.flatMap((p) => p.items.map((i) => i.priceVnd))).toEqual([
      40_000, 60_000, 150_000, 180_000, 250_000, 320_000, 450_000,
    ]);
    const past = await search({ q: "", page: 4, pageSize: 3 });
    expect(past.items).toEqual([]);
    expect(past.total).toBe(7);
    const searchPast = await search({ q: "mật ong", page: 2, pageSize: 2 });
    expect(searchPast).toMatchObject({ total: 3, page: 2, pageSize: 2 });
    expect(keysOf(searchPast)).toEqual(["I"]);
  });

  it("clamps the page size", async () => {
    expect((await search({ q: "", pageSize: 1000 })).pageSize).toBe(60);
    expect((await search({ q: "", pageSize: 0 })).pageSize).toBe(1);
    expect((await search({ q: "", page: -3 })).page).toBe(1);
  });
});

// Runs last: it adds products, which would change the counts above.
describe("searchProducts: when to widen the search", () => {
  beforeAll(async () => {
    const coop = await cooperative("HTX Nông sản Tân Lập", await regionId("current", "T19-1"));
    for (let i = 0; i < FEW_HITS + 2; i++) {
      await product(`N${i}`, coop, `Nem chua Thanh Hóa ${i + 1}`, { price: 50_000 });
    }
    // Only similar to "nem chua" (a misspelt listing), and dear.
    await product("W", coop, "Nem chuw đặc biệt", { price: 2_000_000 });
    invalidateSearchVocabulary();
  });

  it("does not go fuzzy when the words are common and only the filters leave few products", async () => {
    const filtered = await search({ q: "nem chua", priceMin: 1_000_000 });
    expect(filtered.items).toEqual([]);
    expect(filtered.total).toBe(0);
    // Without the filter the exact hits fill the page and the similar name ranks nowhere.
    const all = await search({ q: "nem chua", pageSize: 60 });
    expect(all.total).toBe(FEW_HITS + 2);
    expect(all.items.map((i) => i.id)).not.toContain(ids.W);
  });

  it("goes fuzzy when the words themselves are rare", async () => {
    expect(keysOf(await search({ q: "nem chuw", pageSize: 60 }))[0]).toBe("W");
    const typo = await search({ q: "nemm chua", priceMin: 1_000_000 });
    expect(typo.correctedQuery).toBe("nem chua");
    expect(typo.items).toEqual([]);
  });

  it("corrects a typo with the words of newly added listings once the word list is re-read", async () => {
    const typo = await search({ q: "nem chuaa", pageSize: 60 });
    expect(typo.correctedQuery).toBe("nem chua");
    expect(typo.total).toBe(FEW_HITS + 2);
  });
});

describe("searchVocabulary", () => {
  it("keeps the word list for a while, then serves the old one while reading a fresh one", async () => {
    invalidateSearchVocabulary();
    const t0 = Date.now();
    const first = await searchVocabulary(db(), db(), t0);
    expect(first.get("nem")?.spelling).toBe("nem");
    expect(first.get("hoa")?.count).toBeGreaterThan(0);
    // Cooperative names count too, so their words are never "corrected" away.
    expect(first.has("tam")).toBe(true);
    const coop = await cooperative("HTX Bánh gai Tứ Trụ", await regionId("current", "T19-1"));
    await product("K", coop, "Bánh gai lá gai", { price: 30_000 });
    expect(await searchVocabulary(db(), db(), t0 + 1000)).toBe(first);
    const stale = await searchVocabulary(db(), db(), t0 + VOCABULARY_TTL_MS + 1);
    expect(stale).toBe(first);
    await expect
      .poll(async () => (await searchVocabulary(db(), db(), Date.now())).get("gai")?.count, { timeout: 5000 })
      .toBe(3); // twice in the product's name, once in its cooperative's
  });
});

describe("search SQL", () => {
  it("is written so the planner can use the word and trigram indexes", async () => {
    const plans: string[] = [];
    const explainAndUndo = db().transaction(async (t) => {
      await t.execute(searchSettings);
      // A table this small would be read whole, or through the status index; take both
      // away (the DDL is undone below) and what is left shows whether the trigram index fits.
      await t.execute(sql`drop index products_status_idx`);
      await t.execute(sql`select set_config('enable_seqscan', 'off', true)`);
      for (const mode of ["exact", "wide"] as const) {
        const statement = searchStatement(
          { q: "mật ong" },
          { query: "mật ong", mode, today: TODAY, page: 1, pageSize: 24 },
        );
        const rows = rowsOf<Record<string, string>>(await t.execute(sql`explain ${statement.page}`));
        plans.push(rows.map((r) => Object.values(r)[0]).join("\n"));
      }
      t.rollback();
    });
    await expect(explainAndUndo).rejects.toThrow();
    // Words in order: the word index of public listings; similar names: the trigram index.
    expect(plans[0]).toContain("products_search_words_idx");
    expect(plans[0]).not.toContain("products_name_folded_search_idx");
    expect(plans[1]).toContain("products_search_words_idx");
    expect(plans[1]).toContain("products_name_folded_search_idx");
    expect(plans[1]).toContain("cooperatives_name_search_idx");
    expect(plans[1]).toMatch(/%>/);
    // The rollback restored the index.
    const [kept] = rowsOf<{ n: number | string }>(
      await db().execute(sql`select count(*) as n from pg_indexes where indexname = 'products_status_idx'`),
    );
    expect(Number(kept?.n)).toBe(1);
  });
});

describe("search words", () => {
  const wordsIn = async (words: string[]) =>
    rowsOf<{ word: string }>(
      await db().execute(
        sql`select word from search_words where word = any (${`{${words.join(",")}}`}::text[]) order by word`,
      ),
    ).map((r) => r.word);

  it("splits a folded name on ASCII spaces and punctuation only", async () => {
    const [row] = rowsOf<{ words: string[] }>(
      await db().execute(sql`select f_search_words('tra (hoa vang)/500g·loai 1, "dac biet"') as words`),
    );
    // The middle dot is not ASCII: it stays inside its word, which a query word can still match inside.
    expect(row?.words).toEqual(["tra", "hoa", "vang", "500g·loai", "1", "dac", "biet"]);
  });

  it("knows a new listing's words at once, and a renamed listing's new words", async () => {
    const coop = await cooperative("HTX Nông sản Tây Bắc", await regionId("current", "T14-1"));
    const id = await product("X", coop, "Xôi ngũ sắc Tây Bắc", { price: 35_000 });
    expect(await wordsIn(["xoi", "ngu", "sac"])).toEqual(["ngu", "sac", "xoi"]);
    invalidateSearchVocabulary();
    expect(keysOf(await search({ q: "xôi ngũ sắc" }))[0]).toBe("X");
    // Inside a word: "oi ng" is in "xoi ngu".
    expect(keysOf(await search({ q: "oi ngu" }))[0]).toBe("X");

    await db().update(products).set({ name: "Cốm làng Vòng (túi 500g)" }).where(sql`id = ${id}`);
    expect(await wordsIn(["com", "lang", "vong", "tui", "500g"])).toEqual([
      "500g",
      "com",
      "lang",
      "tui",
      "vong",
    ]);
    invalidateSearchVocabulary();
    expect(keysOf(await search({ q: "com lang vong" }))[0]).toBe("X");
    expect(keysOf(await search({ q: "xoi ngu sac" }))).not.toContain("X");
  });

  it("finds a name whose words are joined by a character other than ASCII punctuation", async () => {
    const coop = await cooperative("HTX Trà Tân Cương", await regionId("current", "T19-1"));
    // Folding turns the en dash into "-", a separator; the middle dot stays.
    await product("Y", coop, "Trà búp–loại đặc biệt·hộp giấy", { price: 120_000 });
    expect(await wordsIn(["bup", "loai", "biet·hop"])).toEqual(["biet·hop", "bup", "loai"]);
    invalidateSearchVocabulary();
    expect(keysOf(await search({ q: "loai dac biet" }))[0]).toBe("Y");
    expect(keysOf(await search({ q: "biet hop giay" }))[0]).toBe("Y");
    expect(keysOf(await search({ q: "tra bup" }))[0]).toBe("Y");
  });
});
