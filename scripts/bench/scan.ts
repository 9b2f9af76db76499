/**
 * Scan page benchmark: the production server (build + scripts/start.ts, in a child process, on a
 * fresh database with the demo data and 1,000 more batches) under autocannon at 64 connections
 * on loopback, against two baselines started here as well (scan-baselines.ts): a node:http
 * server returning the same bytes from memory, and the Remix handler rendering the same pages
 * with no data access: for the 1,000-batch run, the same 1,000 pages in the same order (checked
 * byte for byte against the app's before the runs). Each configuration runs ROUNDS times,
 * interleaved, and its best run counts, so a burst of other work on the machine does not decide
 * a figure.
 *
 *   tsx scripts/bench/scan.ts      BENCH_DATABASE_URL (or DATABASE_URL)=postgres://… to use a
 *                                  PostgreSQL server (a temporary database is created and
 *                                  dropped); PGlite otherwise. BENCH_CPU_PROFILE=<dir> profiles
 *                                  the app server.
 */
import { type ChildProcess, fork, spawnSync } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import autocannon, { type Result } from "autocannon";
import { and, eq, isNotNull, sql } from "drizzle-orm";
import { parseDigitalLinkPath } from "../../app/domain/labels/digital-link";
import { hashEvent } from "../../app/domain/trace/hash-chain";
import { loadPublicTrace } from "../../app/domain/trace/public.server";
import { buildScanView } from "../../app/domain/trace/scan-view";
import { diarySteps, labTestDisposition } from "../../app/domain/trace/vocabulary";
import { todayInVietnam } from "../../app/utils/format";
import { type Db, type DbHandle, openDb, setDbHandle } from "../../db/client.server";
import { batches, products, traceEvents } from "../../db/schema";
import { seedDemoData } from "../../db/seed";
import type { BenchResult } from "./lib";
import type { BaselinePage } from "./scan-baselines";
import type { ControlMessage } from "./scan-server";

const CONNECTIONS = 64;
const DURATION_S = 5;
const WARMUP_S = 1;
const ROUNDS = 2;
const SPREAD_BATCHES = 1000;
const TARGET = { repeatVsStatic: 0.5, p99Ms: 50, spreadVsRemix: 0.7, pageKb: 30 };
/** Spread pages whose bytes are compared between the app and the Remix baseline. */
const COMPARED_PAGES = 20;
/** The page measured: Rượu men lá Bằng Phúc, lot RML-2026-10 (a transformation with an input lot). */
const PAGE = "/01/08938512300016/10/RML-2026-10";

type Log = (line: string) => void;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const CODE_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";
const publicCode = () => Array.from(randomBytes(10), (b) => CODE_ALPHABET[b & 31]).join("");

/**
 * 1,000 more batches of the demo products that have a GTIN, each with a four-entry diary whose
 * hash chain is computed here and inserted in bulk (appendTraceEvent takes a lock and four
 * queries per entry, which would make the set-up the slowest part of the run).
 */
export async function seedSpreadBatches(tx: Db, count: number): Promise<string[]> {
  const withGtin = await tx
    .select({ id: products.id, gtin: products.gtin, unit: products.unit })
    .from(products)
    .where(and(isNotNull(products.gtin), eq(products.status, "approved")));
  if (withGtin.length === 0) throw new Error("the demo data has no product with a GTIN");
  const paths: string[] = [];
  const batchRows: (typeof batches.$inferInsert)[] = [];
  const eventRows: (typeof traceEvents.$inferInsert)[] = [];
  for (let i = 0; i < count; i++) {
    const product = withGtin[i % withGtin.length] as (typeof withGtin)[number];
    const batchId = randomUUID();
    const lot = `BENCH-${String(i).padStart(4, "0")}`;
    const day = `2026-${String(1 + (i % 9)).padStart(2, "0")}-${String(1 + (i % 27)).padStart(2, "0")}`;
    const entries = [
      { kind: "harvesting", at: `${day}T06:30:00+07:00`, details: { quantity: 300 + (i % 50), unit: "kg" } },
      {
        kind: "processing",
        at: `${day}T13:00:00+07:00`,
        details: { step: "Sơ chế và phơi khô", outputQuantity: 120, unit: "kg" },
      },
      {
        kind: "lab_test",
        at: `${day}T16:00:00+07:00`,
        details: {
          lab: "Trung tâm Kỹ thuật Tiêu chuẩn Đo lường Chất lượng 1",
          reportNo: `BENCH/${i}`,
          results: [{ name: "Chì (Pb)", value: 0.2, unit: "mg/kg", limit: 2, pass: true }],
          pass: true,
        },
      },
      { kind: "packing", at: `${day}T18:00:00+07:00`, details: { quantity: 400, unit: product.unit } },
    ] as const;
    let prevHash: string | null = null;
    entries.forEach((entry, index) => {
      const step = diarySteps[entry.kind];
      const event = {
        batchId,
        seq: index + 1,
        kind: entry.kind,
        eventType: step.eventType,
        bizStep: step.bizStep,
        disposition: entry.kind === "lab_test" ? labTestDisposition(true) : step.disposition,
        eventTime: new Date(entry.at),
        eventTimeZoneOffset: "+07:00",
        regionId: null,
        placeText: null,
        latitude: null,
        longitude: null,
        details: entry.details as unknown as Record<string, unknown>,
        correctionOf: null,
        recordedBy: null,
        prevHash,
      };
      prevHash = hashEvent(event);
      eventRows.push({ ...event, hash: prevHash });
    });
    batchRows.push({
      id: batchId,
      productId: product.id,
      lot,
      status: "released",
      quantity: 400,
      quantityAvailable: 400,
      producedOn: day,
      bestBefore: "2027-12-31",
      publicCode: publicCode(),
      headHash: prevHash,
    });
    paths.push(`/01/${product.gtin}/10/${lot}`);
  }
  for (let i = 0; i < batchRows.length; i += 500)
    await tx.insert(batches).values(batchRows.slice(i, i + 500));
  for (let i = 0; i < eventRows.length; i += 500)
    await tx.insert(traceEvents).values(eventRows.slice(i, i + 500));
  return paths;
}

/** A database of its own: a temporary PostgreSQL database, or PGlite in the data directory. */
async function createBenchDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const serverUrl = process.env.BENCH_DATABASE_URL || process.env.DATABASE_URL;
  if (!serverUrl) return { url: "", drop: async () => {} };
  const { default: postgres } = await import("postgres");
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  const name = `cho_ocop_bench_scan_${process.pid}`;
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.unsafe(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

function startChild(
  script: string,
  args: string[],
  env: Record<string, string>,
  profile = false,
): ChildProcess {
  // BENCH_CPU_PROFILE=<dir>: the app server writes a V8 CPU profile there when it stops.
  const dir = process.env.BENCH_CPU_PROFILE;
  return fork(script, args, {
    execArgv: ["--import", "tsx", ...(profile && dir ? ["--cpu-prof", `--cpu-prof-dir=${dir}`] : [])],
    env: { ...process.env, ...env },
    stdio: ["ignore", "ignore", "inherit", "ipc"],
  });
}

async function waitFor(url: string, child: ChildProcess, timeoutMs = 90_000): Promise<void> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (child.exitCode !== null) throw new Error(`the process for ${url} exited with ${child.exitCode}`);
    try {
      const response = await fetch(url);
      await response.arrayBuffer();
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}

function controller(child: ChildProcess) {
  let nextId = 1;
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  child.on("message", (message: { id?: number; result?: unknown; error?: string }) => {
    const entry = message.id ? waiting.get(message.id) : undefined;
    if (!entry || !message.id) return;
    waiting.delete(message.id);
    if (message.error) entry.reject(new Error(message.error));
    else entry.resolve(message.result);
  });
  return <T>(message: DistributiveOmit<ControlMessage, "id">): Promise<T> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      child.send({ ...message, id });
    });
}
type DistributiveOmit<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never;

async function load(url: string, paths?: string[]): Promise<Result> {
  const options: Parameters<typeof autocannon>[0] = { url, connections: CONNECTIONS, duration: DURATION_S };
  if (paths) {
    let next = 0;
    options.requests = [{ setupRequest: (request) => ({ ...request, path: paths[next++ % paths.length] }) }];
  }
  await autocannon({ ...options, duration: WARMUP_S });
  return autocannon(options);
}

async function warm(base: string, paths: string[]): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < paths.length) await (await fetch(`${base}${paths[next++]}`)).arrayBuffer();
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}

/**
 * The view model of every page the runs ask for, as the app builds it for a browser that sends
 * no language (Vietnamese, today, the photo as og:image on the app's origin).
 */
async function captureViews(paths: string[], origin: string): Promise<Record<string, BaselinePage>> {
  const today = todayInVietnam();
  const pages: Record<string, BaselinePage> = {};
  for (const pagePath of paths) {
    const parsed = parseDigitalLinkPath(pagePath);
    if (!parsed.ok) throw new Error(`${pagePath} is not a Digital Link path`);
    const found = await loadPublicTrace({ gtin: parsed.value.gtin, lot: parsed.value.lot ?? "" });
    if (!found.found) throw new Error(`no batch at ${pagePath}`);
    const view = buildScanView(found.trace, { locale: "vi", today });
    pages[pagePath] = { view, image: view.photo ? `${origin}${view.photo.src}` : null };
  }
  return pages;
}

/** How many of the pages the Remix baseline answers with exactly the app's bytes. */
async function samePages(paths: string[], app: string, baseline: string) {
  let same = 0;
  for (const pagePath of paths) {
    const [mine, theirs] = await Promise.all(
      [app, baseline].map(async (base) =>
        Buffer.from(await (await fetch(`${base}${pagePath}`)).arrayBuffer()),
      ),
    );
    if (mine && theirs && mine.equals(theirs)) same++;
  }
  return { same, compared: paths.length };
}

const perSecond = (r: Result) => r.requests.total / r.duration;
const fmt = (n: number) => Math.round(n).toLocaleString("en");
const best = (runs: Result[]) => runs.reduce((a, b) => (perSecond(b) > perSecond(a) ? b : a));

export async function benchScan(log: Log = () => {}): Promise<BenchResult[]> {
  log("scan: building the app");
  const built = spawnSync("node_modules/.bin/remix", ["vite:build"], { stdio: "ignore" });
  if (built.status !== 0) throw new Error("remix vite:build failed; run `npm run build` to see why");

  const dataDir = mkdtempSync(path.join(tmpdir(), "cho-ocop-bench-scan-"));
  const database = await createBenchDatabase();
  const children: ChildProcess[] = [];
  try {
    log(`scan: seeding the demo data and ${SPREAD_BATCHES} more batches`);
    const handle: DbHandle = await openDb(
      database.url ? { url: database.url } : { pgliteDir: path.join(dataDir, "pglite") },
    );
    const kind = handle.kind === "pglite" ? "PGlite" : "PostgreSQL";
    const [appPort, staticPort, remixPort] = [await freePort(), await freePort(), await freePort()];
    const app = `http://127.0.0.1:${appPort}`;
    setDbHandle(handle);
    let spreadPaths: string[];
    let viewFile: string;
    try {
      await seedDemoData(handle.db);
      spreadPaths = await seedSpreadBatches(handle.db, SPREAD_BATCHES);
      // What autovacuum would have done on a server that has run for a while (PGlite has none).
      await handle.db.execute(sql`vacuum analyze`);
      // The Remix baseline renders every page of the runs from its view model, captured now.
      viewFile = path.join(dataDir, "views.json");
      writeFileSync(viewFile, JSON.stringify(await captureViews([PAGE, ...spreadPaths], app)));
    } finally {
      setDbHandle(undefined);
      await handle.close();
    }

    const server = startChild(
      "scripts/bench/scan-server.ts",
      [],
      {
        PORT: String(appPort),
        HOST: "127.0.0.1",
        NODE_ENV: "production",
        DATA_DIR: dataDir,
        DATABASE_URL: database.url,
        SESSION_SECRET: randomBytes(32).toString("hex"),
        PUBLIC_ORIGIN: app,
        LOG_REQUESTS: "0",
        DEMO_DATA: "0",
      },
      true,
    );
    children.push(server);
    const control = controller(server);
    await waitFor(`${app}/healthz`, server);

    const plain = Buffer.from(await (await fetch(`${app}${PAGE}`)).arrayBuffer());
    const pageFile = path.join(dataDir, "page.html");
    writeFileSync(pageFile, plain);
    // Bytes on the wire: the gzip body's Content-Length (fetch itself hands back the inflated body).
    const gzipResponse = await fetch(`${app}${PAGE}`, { headers: { "Accept-Encoding": "gzip" } });
    await gzipResponse.arrayBuffer();
    const gzipBytes = Number(gzipResponse.headers.get("content-length"));

    // The baselines run in production mode like the app, whatever the caller's environment:
    // without it React renders with its development build, several times slower.
    const staticServer = startChild(
      "scripts/bench/scan-baselines.ts",
      ["static", String(staticPort), pageFile],
      { NODE_ENV: "production" },
    );
    const remixServer = startChild(
      "scripts/bench/scan-baselines.ts",
      ["remix", String(remixPort), viewFile],
      { NODE_ENV: "production" },
    );
    children.push(staticServer, remixServer);
    await waitFor(`http://127.0.0.1:${staticPort}${PAGE}`, staticServer);
    await waitFor(`http://127.0.0.1:${remixPort}${PAGE}`, remixServer);
    const baseline = `http://127.0.0.1:${remixPort}`;
    const compared = [PAGE, ...spreadPaths.slice(0, COMPARED_PAGES)];
    const sameBytes = await samePages(compared, app, baseline);

    const runs = {
      static: [] as Result[],
      remix: [] as Result[],
      remixSpread: [] as Result[],
      repeat: [] as Result[],
      spread: [] as Result[],
    };
    const logged: { delta: number; total: number; sent: number }[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      log(
        `scan: round ${round} of ${ROUNDS}: static, Remix (one page, 1,000 pages), repeat scans, 1,000 batches`,
      );
      runs.static.push(await load(`http://127.0.0.1:${staticPort}${PAGE}`));
      runs.remix.push(await load(`${baseline}${PAGE}`));
      runs.remixSpread.push(await load(baseline, spreadPaths));
      await control({ op: "cache", enabled: true });
      await autocannon({ url: `${app}${PAGE}`, connections: CONNECTIONS, duration: WARMUP_S });
      const before = await control<number>({ op: "countScans" });
      const repeat = await autocannon({
        url: `${app}${PAGE}`,
        connections: CONNECTIONS,
        duration: DURATION_S,
      });
      const after = await control<number>({ op: "countScans" });
      runs.repeat.push(repeat);
      logged.push({ delta: after - before, total: repeat.requests.total, sent: repeat.requests.sent });
      // Every request renders: the response cache is switched off for this run. Each batch is
      // asked for once first, so the run measures a warm server, not first reads from disk.
      await control({ op: "cache", enabled: false });
      if (round === 1) await warm(app, spreadPaths);
      runs.spread.push(await load(app, spreadPaths));
      await control({ op: "cache", enabled: true });
    }

    // A new diary entry on a page that is in the cache shows on the very next request.
    const batchId = await control<string>({ op: "batchId", lot: "RML-2026-10" });
    await fetch(`${app}${PAGE}`).then((r) => r.arrayBuffer());
    const cachedBefore = await (await fetch(`${app}${PAGE}`)).text();
    const note = `Bench note ${randomUUID()}`;
    await control({ op: "append", batchId, note });
    const nextPage = await (await fetch(`${app}${PAGE}`)).text();
    const freshShown = !cachedBefore.includes(note) && nextPage.includes(note);

    const staticRate = perSecond(best(runs.static));
    const remixRate = perSecond(best(runs.remix));
    const remixSpreadRate = perSecond(best(runs.remixSpread));
    const repeat = best(runs.repeat);
    const repeatRate = perSecond(repeat);
    const spread = best(runs.spread);
    const spreadRate = perSecond(spread);
    const allLogged = logged.every((l) => l.delta >= l.total && l.delta <= l.sent);
    const errors = [...runs.repeat, ...runs.spread, ...runs.remixSpread].reduce(
      (n, r) => n + r.errors + r.non2xx + r.timeouts,
      0,
    );
    const lastLog = logged.at(-1) ?? { delta: 0, total: 0, sent: 0 };
    const where = `${CONNECTIONS} connections, ${kind}`;
    return [
      {
        name: `scan: static node:http baseline, same bytes (${where})`,
        value: `${fmt(staticRate)} req/s`,
        target: "-",
        ok: true,
      },
      {
        name: `scan: Remix baseline, same page rendered, no data (${where})`,
        value: `${fmt(remixRate)} req/s`,
        target: "-",
        ok: true,
      },
      {
        name: `scan: Remix baseline, the same ${fmt(SPREAD_BATCHES)} pages rendered, no data`,
        value: `${fmt(remixSpreadRate)} req/s`,
        target: "-",
        ok: true,
      },
      {
        name: "scan: Remix baseline answers the app's bytes (pages compared)",
        value: `${sameBytes.same} / ${sameBytes.compared}`,
        target: "all",
        ok: sameBytes.same === sameBytes.compared,
      },
      {
        name: "scan: repeat scans of one batch, throughput",
        value: `${fmt(repeatRate)} req/s = ${(repeatRate / staticRate).toFixed(2)}× static`,
        target: `≥ ${TARGET.repeatVsStatic}× static`,
        ok: repeatRate >= TARGET.repeatVsStatic * staticRate,
      },
      {
        name: "scan: repeat scans of one batch, p99 latency",
        value: `${repeat.latency.p99} ms`,
        target: `≤ ${TARGET.p99Ms} ms`,
        ok: repeat.latency.p99 <= TARGET.p99Ms,
      },
      {
        name: "scan: every scan logged (scans rows added / responses)",
        value: `${fmt(lastLog.delta)} / ${fmt(lastLog.total)} (sent ${fmt(lastLog.sent)})`,
        target: "every response",
        ok: allLogged,
      },
      {
        name: "scan: new diary entry shown on the very next request",
        value: freshShown ? "yes" : "no",
        target: "yes",
        ok: freshShown,
      },
      {
        name: `scan: ${fmt(SPREAD_BATCHES)} batches, every request renders, throughput`,
        value: `${fmt(spreadRate)} req/s = ${(spreadRate / remixSpreadRate).toFixed(2)}× Remix`,
        target: `≥ ${TARGET.spreadVsRemix}× Remix no-data`,
        ok: spreadRate >= TARGET.spreadVsRemix * remixSpreadRate,
      },
      {
        name: `scan: ${fmt(SPREAD_BATCHES)} batches, p99 latency`,
        value: `${spread.latency.p99} ms`,
        target: "-",
        ok: true,
      },
      {
        name: "scan: failed responses during the runs",
        value: String(errors),
        target: "0",
        ok: errors === 0,
      },
      {
        name: "scan: page transferred before the photo (HTML+CSS, gzip)",
        value: `${(gzipBytes / 1024).toFixed(1)} KB (${(plain.byteLength / 1024).toFixed(1)} KB plain)`,
        target: `≤ ${TARGET.pageKb} KB`,
        ok: gzipBytes <= TARGET.pageKb * 1024,
      },
    ];
  } finally {
    for (const child of children) child.kill("SIGTERM");
    await Promise.all(
      children.map((c) => (c.exitCode === null ? new Promise((r) => c.once("exit", r)) : Promise.resolve())),
    );
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { formatTable } = await import("./lib");
  benchScan((line) => console.info(line))
    .then((results) => console.info(`\n${formatTable(results)}`))
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
