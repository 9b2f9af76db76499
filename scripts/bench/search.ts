/**
 * Search latency at catalogue scale: seeds 100,000 synthetic products if they are not there
 * yet (scripts/bench/seed-scale.ts), warms up, then times 200 searches with varied queries
 * (with and without diacritics, misspelt, multi-word, with filters, sorts and later pages)
 * through searchProducts, and reports p50 and p95 against the 30 ms target on each database
 * the app ships with: the embedded PGlite, and PostgreSQL when a server answers.
 *
 *   tsx scripts/bench/search.ts
 *
 * PGlite: the folder BENCH_PGLITE_DIR (.data/bench-pglite). PostgreSQL: BENCH_DATABASE_URL as
 * is, else a database of its own, cho_ocop_bench_search, on the server benchServerUrl() finds
 * (the local one by default), created and seeded on first use.
 */
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { SearchInput } from "../../app/domain/catalog/query";
import { searchProducts } from "../../app/domain/catalog/search.server";
import { type DbHandle, openDb, setDbHandle } from "../../db/client.server";
import { benchServerUrl } from "./checkout";
import type { BenchResult } from "./lib";
import { SCALE_PRODUCTS, seedScale } from "./seed-scale";

export type { BenchResult } from "./lib";

export const SEARCH_P95_TARGET_MS = 30;
const RUNS = 200;

/** What shoppers type: products, places, with and without marks, typos, several words. */
const queries = [
  "rượu men lá",
  "ruou men la",
  "mật ong",
  "mat ong",
  "mat ongg",
  "mật ong rừng Phù Yên",
  "miến dong",
  "mien dong rieng",
  "dong rieng",
  "cà phê",
  "ca phe arabica",
  "cafe robusta rang xay",
  "chè shan tuyết",
  "che shan tuyet van ho",
  "trà hoa vàng",
  "thịt trâu gác bếp",
  "thit bo kho",
  "hồng không hạt",
  "hong say",
  "nem chua",
  "gạo nếp cái hoa vàng",
  "gao seng cu",
  "mận hậu sấy dẻo",
  "sầu riêng",
  "bo sap dam rong",
  "măng khô",
  "nuoc mam ca com",
  "tinh bot nghe",
  "giỏ mây tre đan",
  "khan tho cam",
  "lan ho diep",
  "chợ đồn",
  "Bằng Phúc",
  "thit trau gac bepp",
  "ruou men lq",
  "che shan tuyt",
  "sam day",
  "cao actiso",
  "duong phen",
  "mia tim",
];

function inputFor(i: number): SearchInput {
  const input: SearchInput = { q: queries[i % queries.length] as string, sort: "relevance", page: 1 };
  // Every few searches a filter, another sort or a later page, as on a real product list.
  if (i % 5 === 1) input.inStock = true;
  if (i % 7 === 2) input.sort = "price_asc";
  if (i % 11 === 3) input.minStars = 4;
  if (i % 13 === 4) input.page = 2;
  if (i % 17 === 5) input.priceMax = 200_000;
  return input;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;

async function run(handle: DbHandle, log: (line: string) => void): Promise<BenchResult[]> {
  setDbHandle(handle);
  const seeded = await seedScale(handle.db, SCALE_PRODUCTS, log);
  if (seeded.inserted > 0) log(`seeded ${seeded.inserted} products (${handle.kind})`);
  // Warm-up: caches, prepared plans and the word list for corrections.
  for (let i = 0; i < queries.length; i++) await searchProducts(inputFor(i));
  const times: number[] = [];
  const slowest: { ms: number; q: string }[] = [];
  for (let i = 0; i < RUNS; i++) {
    const input = inputFor(i);
    const started = performance.now();
    await searchProducts(input);
    const ms = performance.now() - started;
    times.push(ms);
    slowest.push({ ms, q: JSON.stringify(input) });
  }
  times.sort((a, b) => a - b);
  slowest.sort((a, b) => b.ms - a.ms);
  for (const s of slowest.slice(0, 3)) log(`slow (${handle.kind}): ${s.ms.toFixed(1)} ms ${s.q}`);
  const p50 = percentile(times, 50);
  const p95 = percentile(times, 95);
  const where = `${SCALE_PRODUCTS.toLocaleString("en")} products, ${handle.kind}`;
  return [
    { name: `search p50 (${where})`, value: `${p50.toFixed(1)} ms`, target: "-", ok: true },
    {
      name: `search p95 (${where})`,
      value: `${p95.toFixed(1)} ms`,
      target: `≤ ${SEARCH_P95_TARGET_MS} ms`,
      ok: p95 <= SEARCH_P95_TARGET_MS,
    },
  ];
}

const SERVER_DATABASE = "cho_ocop_bench_search";

/** The PostgreSQL database to measure on, or null when no server answers. */
async function serverDatabaseUrl(): Promise<string | null> {
  if (process.env.BENCH_DATABASE_URL) return process.env.BENCH_DATABASE_URL;
  const server = await benchServerUrl();
  if (!server) return null;
  const { default: postgres } = await import("postgres");
  const admin = postgres(server, { max: 1, onnotice: () => {} });
  try {
    const [found] = await admin`select 1 from pg_database where datname = ${SERVER_DATABASE}`;
    if (!found) await admin.unsafe(`create database ${SERVER_DATABASE}`);
  } finally {
    await admin.end();
  }
  const url = new URL(server);
  url.pathname = `/${SERVER_DATABASE}`;
  return url.toString();
}

async function benchOn(open: () => Promise<DbHandle>, log: (line: string) => void) {
  const handle = await open();
  try {
    return await run(handle, log);
  } finally {
    setDbHandle(undefined);
    await handle.close();
  }
}

/** The search benchmark on PGlite and, when a server answers, on PostgreSQL (each seeded on first use). */
export async function benchSearch(log: (line: string) => void = () => {}): Promise<BenchResult[]> {
  const pgliteDir = path.resolve(process.env.BENCH_PGLITE_DIR ?? ".data/bench-pglite");
  const results = await benchOn(() => openDb({ pgliteDir }), log);
  const url = await serverDatabaseUrl();
  if (url) results.push(...(await benchOn(() => openDb({ url }), log)));
  else log("search: no PostgreSQL server answered; measured on PGlite only");
  return results;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  benchSearch((line) => console.info(line))
    .then((results) => {
      const width = Math.max(...results.map((r) => r.name.length));
      for (const r of results) {
        console.info(
          `${r.ok ? "ok  " : "FAIL"}  ${r.name.padEnd(width)}  ${r.value.padStart(9)}  ${r.target}`,
        );
      }
      process.exitCode = results.every((r) => r.ok) ? 0 : 1;
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
