/**
 * Seeds a large synthetic catalogue (100,000 products by default) for the search benchmark:
 * Vietnamese-looking names from product words, qualifiers and places, spread over a few
 * provinces and cooperatives, with certificates and stock on part of them. Deterministic
 * (seeded random), idempotent (tops up to the target count), 1,000 rows per INSERT.
 *
 *   tsx scripts/bench/seed-scale.ts [--count 100000]
 *
 * Writes to BENCH_DATABASE_URL, else to the PGlite folder BENCH_PGLITE_DIR (default
 * .data/bench-pglite); never to the app's own database, which would fill the shop with fakes.
 */
import { randomBytes } from "node:crypto";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { and, asc, count, eq, inArray, like, sql } from "drizzle-orm";
import { upsertRegions } from "../../app/domain/regions/regions.server";
import { type Db, type DbHandle, openDb } from "../../db/client.server";
import { batches, cooperatives, ocopCertificates, products, regions } from "../../db/schema";

export const SCALE_PRODUCTS = 100_000;
const CHUNK = 1_000;
/** Marks every row this script writes, so a re-run can count and top them up. */
const PREFIX = "bench-";

/** mulberry32: a tiny seeded generator, so every run builds the same catalogue. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)] as T;
  return { next, int, pick };
}

type Group = (typeof products.$inferInsert)["ocopGroup"];

const bases: readonly { name: string; group: Group; unit: string; price: [number, number]; trade: string }[] =
  [
    { name: "Rượu men lá", group: "beverages", unit: "chai", price: [90_000, 350_000], trade: "Rượu men lá" },
    { name: "Rượu ngô", group: "beverages", unit: "chai", price: [60_000, 200_000], trade: "Rượu ngô" },
    { name: "Mật ong rừng", group: "food", unit: "chai", price: [150_000, 600_000], trade: "Mật ong" },
    { name: "Mật ong hoa bạc hà", group: "food", unit: "lọ", price: [180_000, 550_000], trade: "Mật ong" },
    { name: "Chè Shan tuyết", group: "beverages", unit: "gói", price: [80_000, 900_000], trade: "Chè" },
    { name: "Chè búp", group: "beverages", unit: "hộp", price: [60_000, 300_000], trade: "Chè" },
    { name: "Trà hoa vàng", group: "beverages", unit: "hộp", price: [250_000, 1_500_000], trade: "Chè" },
    { name: "Cà phê Arabica", group: "beverages", unit: "gói", price: [120_000, 450_000], trade: "Cà phê" },
    {
      name: "Cà phê Robusta rang xay",
      group: "beverages",
      unit: "gói",
      price: [90_000, 300_000],
      trade: "Cà phê",
    },
    { name: "Miến dong riềng", group: "food", unit: "gói", price: [45_000, 120_000], trade: "Miến dong" },
    { name: "Bún gạo", group: "food", unit: "gói", price: [25_000, 80_000], trade: "Bún bánh" },
    { name: "Nem chua", group: "food", unit: "hộp", price: [50_000, 150_000], trade: "Chế biến thực phẩm" },
    {
      name: "Thịt trâu gác bếp",
      group: "food",
      unit: "gói",
      price: [350_000, 1_200_000],
      trade: "Chăn nuôi",
    },
    { name: "Thịt bò khô", group: "food", unit: "gói", price: [250_000, 900_000], trade: "Chăn nuôi" },
    { name: "Mận hậu sấy dẻo", group: "food", unit: "hộp", price: [60_000, 200_000], trade: "Cây ăn quả" },
    { name: "Hồng không hạt", group: "food", unit: "kg", price: [40_000, 120_000], trade: "Cây ăn quả" },
    { name: "Hồng sấy", group: "food", unit: "hộp", price: [90_000, 300_000], trade: "Cây ăn quả" },
    { name: "Gạo nếp cái hoa vàng", group: "food", unit: "kg", price: [30_000, 90_000], trade: "Lúa gạo" },
    { name: "Gạo séng cù", group: "food", unit: "kg", price: [25_000, 70_000], trade: "Lúa gạo" },
    { name: "Đường phên", group: "food", unit: "kg", price: [40_000, 110_000], trade: "Mía đường" },
    { name: "Mía tím", group: "food", unit: "bó", price: [30_000, 80_000], trade: "Mía đường" },
    { name: "Bơ sáp", group: "food", unit: "kg", price: [35_000, 120_000], trade: "Cây ăn quả" },
    { name: "Sầu riêng", group: "food", unit: "kg", price: [80_000, 250_000], trade: "Cây ăn quả" },
    { name: "Măng khô", group: "food", unit: "gói", price: [70_000, 250_000], trade: "Lâm sản" },
    { name: "Nước mắm cá cơm", group: "food", unit: "chai", price: [60_000, 250_000], trade: "Hải sản" },
    { name: "Tinh bột nghệ", group: "herbal", unit: "hộp", price: [150_000, 500_000], trade: "Dược liệu" },
    { name: "Cao actiso", group: "herbal", unit: "lọ", price: [120_000, 400_000], trade: "Dược liệu" },
    { name: "Sâm dây", group: "herbal", unit: "hộp", price: [300_000, 2_000_000], trade: "Dược liệu" },
    {
      name: "Giỏ mây tre đan",
      group: "handicrafts",
      unit: "chiếc",
      price: [80_000, 600_000],
      trade: "Mây tre đan",
    },
    {
      name: "Khăn thổ cẩm",
      group: "handicrafts",
      unit: "chiếc",
      price: [150_000, 800_000],
      trade: "Dệt thổ cẩm",
    },
    { name: "Chổi đót", group: "handicrafts", unit: "chiếc", price: [30_000, 90_000], trade: "Mây tre đan" },
    { name: "Lan hồ điệp", group: "ornamental", unit: "chậu", price: [250_000, 1_500_000], trade: "Hoa lan" },
    {
      name: "Tour trải nghiệm bản Lác",
      group: "tourism",
      unit: "người",
      price: [300_000, 2_500_000],
      trade: "Du lịch cộng đồng",
    },
  ];

const qualifiers = [
  "",
  "",
  "đặc biệt",
  "thượng hạng",
  "hữu cơ",
  "truyền thống",
  "loại 1",
  "nguyên chất",
  "tươi",
  "đặc sản",
  "gia truyền",
  "cao cấp",
];
const places = [
  "Bằng Phúc",
  "Chợ Đồn",
  "Vân Hồ",
  "Mộc Châu",
  "Phù Yên",
  "Vĩnh Lộc",
  "Đam Rông",
  "Bắc Kạn",
  "Sơn La",
  "Thanh Hóa",
  "Lâm Đồng",
  "Tà Xùa",
  "Đồng Phúc",
  "",
];
const sizes = ["", "", "500g", "1kg", "200g", "chai 500ml", "hộp quà", "túi 300g"];

const provinces = [
  { code: "B14", name: "Sơn La" },
  { code: "B38", name: "Thanh Hóa" },
  { code: "B68", name: "Lâm Đồng" },
  { code: "B19", name: "Thái Nguyên" },
];

function randomCode(): string {
  const alphabet = "0123456789abcdefghjkmnpqrstvwxyz";
  return Array.from(randomBytes(10), (b) => alphabet[b & 31]).join("");
}

const isoDate = (d: Date) => d.toISOString().slice(0, 10);

const COMMUNES_PER_PROVINCE = 6;
const communeNames = [
  "Tân Lập",
  "Bằng Phúc",
  "Đồng Phúc",
  "Chiềng Sơn",
  "Tà Xùa",
  "Vĩnh Hùng",
  "Liêng Srônh",
  "Lóng Luông",
];

/** Synthetic places: four provinces with a few communes each, and one pre-reform commune with a successor. */
async function ensureRegions(tx: Db): Promise<string[]> {
  const communes = provinces.flatMap((p, i) =>
    Array.from({ length: COMMUNES_PER_PROVINCE }, (_, n) => ({
      code: `${p.code}-${n + 1}`,
      name: `Xã ${communeNames[(i + n) % communeNames.length]}`,
      level: "commune" as const,
      scheme: "current" as const,
      parentCode: p.code,
    })),
  );
  await upsertRegions(
    [
      ...provinces.map((p) => ({
        code: p.code,
        name: p.name,
        level: "province" as const,
        scheme: "current" as const,
        parentCode: null,
      })),
      ...communes,
      { code: "BL06", name: "Bắc Kạn", level: "province", scheme: "legacy", parentCode: null },
      { code: "BL06-1", name: "Chợ Đồn", level: "district", scheme: "legacy", parentCode: "BL06" },
      {
        code: "BL06-1-1",
        name: "Xã Bằng Phúc",
        level: "commune",
        scheme: "legacy",
        parentCode: "BL06-1",
        successorCode: "B19-1",
      },
    ],
    tx,
  );
  const rows = await tx
    .select({ id: regions.id })
    .from(regions)
    .where(
      and(eq(regions.level, "commune"), inArray(regions.code, [...communes.map((c) => c.code), "BL06-1-1"])),
    )
    .orderBy(asc(regions.code));
  return rows.map((r) => r.id);
}

interface ScaleCooperative {
  id: string;
  /** Indexes into `bases`: what this cooperative makes. */
  specialties: number[];
}

/**
 * About 50 products per cooperative, as on a real marketplace. A cooperative makes one to three
 * related products and is often named after its trade ("HTX Mật ong Phù Yên").
 */
async function ensureCooperatives(tx: Db, communeIds: string[], n: number): Promise<ScaleCooperative[]> {
  const r = rng(7);
  const generic = ["HTX Nông nghiệp", "HTX Dịch vụ tổng hợp", "Tổ hợp tác", "HTX Nông lâm nghiệp"];
  const planned = Array.from({ length: n }, (_, i) => {
    const first = r.int(bases.length);
    const trade = bases[first]?.trade ?? "";
    const related = bases.flatMap((b, k) => (b.trade === trade && k !== first ? [k] : []));
    const specialties = [first, ...related.slice(0, r.int(3))];
    const place = r.pick(places.filter(Boolean));
    const name = r.next() < 0.5 ? `HTX ${trade} ${place}` : `${r.pick(generic)} ${place}`;
    return {
      slug: `${PREFIX}htx-${i + 1}`,
      name: `${name} ${i + 1}`,
      regionId: communeIds[i % communeIds.length] as string,
      specialties,
    };
  });
  for (let i = 0; i < planned.length; i += CHUNK) {
    const chunk = planned.slice(i, i + CHUNK).map(({ specialties: _, ...row }) => row);
    await tx.insert(cooperatives).values(chunk).onConflictDoNothing();
  }
  const rows = await tx
    .select({ id: cooperatives.id, slug: cooperatives.slug })
    .from(cooperatives)
    .where(like(cooperatives.slug, `${PREFIX}%`));
  const idBySlug = new Map(rows.map((row) => [row.slug, row.id]));
  return planned.map((c) => ({ id: idBySlug.get(c.slug) as string, specialties: c.specialties }));
}

/** One synthetic product name, e.g. "Mật ong rừng hữu cơ Phù Yên 500g". */
export function productName(
  r: ReturnType<typeof rng>,
  specialties: readonly number[],
): { name: string; base: (typeof bases)[number] } {
  const base = bases[r.pick(specialties)] ?? r.pick(bases);
  const name = [base.name, r.pick(qualifiers), r.pick(places), r.pick(sizes)].filter(Boolean).join(" ");
  return { name, base };
}

export async function seedScale(tx: Db, target = SCALE_PRODUCTS, log: (line: string) => void = () => {}) {
  const started = performance.now();
  const communeIds = await ensureRegions(tx);
  const coops = await ensureCooperatives(tx, communeIds, Math.max(1, Math.round(target / 50)));
  const [existing] = await tx
    .select({ n: count() })
    .from(products)
    .where(like(products.slug, `${PREFIX}%`));
  let done = existing?.n ?? 0;
  if (done >= target) {
    log(`${done} synthetic products already there`);
    return { inserted: 0, total: done };
  }
  const r = rng(42 + done);
  const today = Date.now();
  const statuses = [
    "approved",
    "approved",
    "approved",
    "approved",
    "approved",
    "approved",
    "submitted",
    "draft",
  ] as const;
  while (done < target) {
    const size = Math.min(CHUNK, target - done);
    const rows = Array.from({ length: size }, (_, i) => {
      const n = done + i;
      const coop = coops[r.int(coops.length)] as ScaleCooperative;
      const { name, base } = productName(r, coop.specialties);
      const [lo, hi] = base.price;
      const status = r.pick(statuses);
      const created = new Date(today - r.int(3 * 365) * 86_400_000);
      return {
        cooperativeId: coop.id,
        slug: `${PREFIX}${n}`,
        name,
        ocopGroup: base.group,
        unit: base.unit,
        priceVnd: Math.round((lo + r.next() * (hi - lo)) / 1000) * 1000,
        publicCode: randomCode(),
        status,
        publishedAt: status === "approved" ? created : null,
        createdAt: created,
      };
    });
    const inserted = await tx
      .insert(products)
      .values(rows)
      .returning({ id: products.id, status: products.status });
    const certs = inserted
      .filter(() => r.next() < 0.7)
      .map((p) => {
        const stars = 3 + r.int(3);
        const decision = new Date(today - r.int(4 * 365) * 86_400_000);
        const expires = new Date(decision.getTime() + 3 * 365 * 86_400_000);
        return {
          productId: p.id,
          stars,
          score: stars === 3 ? 50 + r.int(20) : stars === 4 ? 70 + r.int(20) : 90 + r.int(11),
          decisionNo: `${1000 + r.int(9000)}/QĐ-UBND`,
          decisionDate: isoDate(decision),
          authority: "UBND tỉnh",
          ocopGroup: "food" as const,
          expiresOn: isoDate(expires),
          approvedAt: p.status === "approved" ? decision : null,
        };
      });
    if (certs.length > 0) await tx.insert(ocopCertificates).values(certs);
    const stock = inserted
      .filter((p) => p.status === "approved" && r.next() < 0.6)
      .map((p, i) => {
        const quantity = 10 + r.int(500);
        const roll = r.next();
        return {
          productId: p.id,
          lot: `L${done + i}`,
          status: roll < 0.08 ? ("on_hold" as const) : ("released" as const),
          quantity,
          quantityAvailable: roll > 0.9 ? 0 : quantity - r.int(10),
          producedOn: isoDate(new Date(today - r.int(200) * 86_400_000)),
          publicCode: randomCode(),
        };
      });
    if (stock.length > 0) await tx.insert(batches).values(stock);
    done += size;
    if (done % 10_000 === 0 || done === target) {
      log(`${done} products (${((performance.now() - started) / 1000).toFixed(1)} s)`);
    }
  }
  await tx.execute(sql`analyze`);
  return { inserted: target - (existing?.n ?? 0), total: done };
}

/** The benchmark database: BENCH_DATABASE_URL, else a PGlite folder of its own. */
export async function openBenchDb(): Promise<DbHandle> {
  const url = process.env.BENCH_DATABASE_URL;
  if (url) return openDb({ url });
  const dir = path.resolve(process.env.BENCH_PGLITE_DIR ?? ".data/bench-pglite");
  return openDb({ pgliteDir: dir });
}

async function main() {
  const countArg = process.argv.indexOf("--count");
  const target = countArg > 0 ? Number(process.argv[countArg + 1]) : SCALE_PRODUCTS;
  if (!Number.isInteger(target) || target < 1) throw new Error("--count expects a positive whole number");
  const handle = await openBenchDb();
  try {
    const { inserted, total } = await seedScale(handle.db, target, (line) => console.info(line));
    const [regionCount] = await handle.db.select({ n: count() }).from(regions);
    console.info(
      `Inserted ${inserted}; ${total} synthetic products, ${regionCount?.n ?? 0} regions (${handle.kind}).`,
    );
  } finally {
    await handle.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
