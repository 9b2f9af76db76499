/**
 * Checkout under contention: 200 buyers, each with one unit of the same product in their cart,
 * place their orders at the same moment while only 50 units are left. Exactly 50 orders must
 * succeed and the other 150 get "sold out"; stock must end at zero, never below; p99 latency of
 * a checkout (winners and losers alike) against the 200 ms target.
 *
 * The target is for PostgreSQL, the production database, where checkouts run in parallel on a
 * pool of connections: it uses BENCH_DATABASE_URL (or DATABASE_URL), else the local server at
 * postgres://postgres@127.0.0.1:5432/postgres when one answers, in a temporary database. The
 * embedded PGlite (the one-command demo: one connection, every statement in turn) is measured
 * too and reported for information.
 *
 *   tsx scripts/bench/checkout.ts
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { and, eq, ne, sql } from "drizzle-orm";
import { isDomainError } from "../../app/domain/errors";
import { addToCart } from "../../app/domain/orders/cart.server";
import { placeOrder } from "../../app/domain/orders/place-order.server";
import { type DbHandle, openDb, setDbHandle } from "../../db/client.server";
import { batches, orders, products, regions } from "../../db/schema";
import { seedDemoData } from "../../db/seed";
import { type BenchResult, formatTable } from "./lib";

export const BUYERS = 200;
export const UNITS = 50;
export const P99_TARGET_MS = 200;
const WARMUP_ORDERS = 30;

const LOCAL_SERVER = "postgres://postgres@127.0.0.1:5432/postgres";

/** The PostgreSQL server to measure on, or null when none is configured or answering. */
export async function benchServerUrl(): Promise<string | null> {
  const configured = process.env.BENCH_DATABASE_URL || process.env.DATABASE_URL;
  if (configured) return configured;
  const { default: postgres } = await import("postgres");
  const probe = postgres(LOCAL_SERVER, { max: 1, connect_timeout: 2, onnotice: () => {} });
  try {
    await probe`select 1`;
    return LOCAL_SERVER;
  } catch {
    return null;
  } finally {
    await probe.end({ timeout: 1 });
  }
}

async function benchDatabase(
  serverUrl: string | null,
): Promise<{ handle: DbHandle; kind: string; drop: () => Promise<void> }> {
  if (!serverUrl) {
    const dir = mkdtempSync(path.join(tmpdir(), "cho-ocop-bench-checkout-"));
    const handle = await openDb({ pgliteDir: path.join(dir, "pglite") });
    return { handle, kind: "PGlite", drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const { default: postgres } = await import("postgres");
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  const name = `cho_ocop_bench_checkout_${process.pid}`;
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.unsafe(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const handle = await openDb({ url: url.toString() });
  return {
    handle,
    kind: "PostgreSQL",
    drop: async () => {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;

/** Both databases: PostgreSQL against the target when a server is there, PGlite for information. */
export async function benchCheckout(log: (line: string) => void = () => {}): Promise<BenchResult[]> {
  const serverUrl = await benchServerUrl();
  const results: BenchResult[] = [];
  if (serverUrl) results.push(...(await benchCheckoutOn(serverUrl, log, true)));
  else log("checkout: no PostgreSQL server answered; the target row is measured on PGlite");
  results.push(...(await benchCheckoutOn(null, log, !serverUrl)));
  return results;
}

async function benchCheckoutOn(
  serverUrl: string | null,
  log: (line: string) => void,
  targeted: boolean,
): Promise<BenchResult[]> {
  const { handle, kind, drop } = await benchDatabase(serverUrl);
  setDbHandle(handle);
  try {
    log(`checkout: seeding the demo data (${kind})`);
    await seedDemoData(handle.db);
    const db = handle.db;
    // One product with exactly UNITS left, in one released batch; its other batches off sale.
    const [batch] = await db
      .select({ id: batches.id, productId: batches.productId })
      .from(batches)
      .innerJoin(products, eq(products.id, batches.productId))
      .where(and(eq(batches.status, "released"), eq(products.status, "approved")))
      .limit(1);
    if (!batch) throw new Error("the demo data has no released batch of an approved product");
    await db
      .update(batches)
      .set({ status: "closed" })
      .where(and(eq(batches.productId, batch.productId), ne(batches.id, batch.id)));
    await db
      .update(batches)
      .set({ quantity: sql`greatest(${batches.quantity}, ${UNITS})`, quantityAvailable: UNITS })
      .where(eq(batches.id, batch.id));
    const [commune] = await db
      .select({ id: regions.id })
      .from(regions)
      .where(and(eq(regions.scheme, "current"), eq(regions.level, "commune")))
      .limit(1);
    if (!commune) throw new Error("no commune in the demo regions");

    const form = (i: number) => ({
      contactName: `Người mua ${i}`,
      contactPhone: `09${String(10_000_000 + i).slice(-8)}`,
      contactEmail: "",
      regionId: commune.id,
      street: `Số ${i}, đường Hùng Vương`,
      note: "",
      paymentMethod: "cod",
    });
    // Warm up as a running server would be: every pooled connection has prepared the checkout's
    // statements and compiled take_stock, by orders for another product (not counted below).
    const [other] = await db
      .select({ id: batches.id, productId: batches.productId })
      .from(batches)
      .innerJoin(products, eq(products.id, batches.productId))
      .where(
        and(
          eq(batches.status, "released"),
          eq(products.status, "approved"),
          ne(batches.productId, batch.productId),
        ),
      )
      .limit(1);
    if (!other) throw new Error("the demo data has no second released batch to warm up with");
    await db
      .update(batches)
      .set({ quantity: sql`greatest(${batches.quantity}, 1000)`, quantityAvailable: 1000 })
      .where(eq(batches.id, other.id));
    const warmCarts: string[] = [];
    for (let i = 0; i < WARMUP_ORDERS; i++)
      warmCarts.push((await addToCart({ token: null }, other.productId, "1")).token);
    await Promise.all(
      warmCarts.map((token, i) => placeOrder({ token }, null, form(BUYERS + i), { cardEnabled: false })),
    );
    const [warmed] = await db.select({ n: sql<number>`count(*)::int` }).from(orders);

    log(`checkout: ${BUYERS} guest carts with one unit each`);
    const carts: string[] = [];
    for (let i = 0; i < BUYERS; i++)
      carts.push((await addToCart({ token: null }, batch.productId, "1")).token);

    log(`checkout: ${BUYERS} buyers place their orders at once`);
    const latencies: number[] = [];
    const outcomes = { placed: 0, soldOut: 0, other: [] as string[] };
    await Promise.all(
      carts.map(async (token, i) => {
        const started = performance.now();
        try {
          await placeOrder({ token }, null, form(i), { cardEnabled: false });
          outcomes.placed++;
        } catch (error) {
          if (isDomainError(error) && error.messageKey === "orders.errors.soldOutAtCheckout")
            outcomes.soldOut++;
          else outcomes.other.push(String(error));
        } finally {
          latencies.push(performance.now() - started);
        }
      }),
    );
    const [left] = await db
      .select({ available: batches.quantityAvailable, status: batches.status })
      .from(batches)
      .where(eq(batches.id, batch.id));
    const [placedRows] = await db
      .select({ n: sql<number>`count(*)::int - ${Number(warmed?.n ?? 0)}` })
      .from(orders);
    latencies.sort((a, b) => a - b);
    const p99 = percentile(latencies, 99);
    if (outcomes.other.length) log(`checkout: unexpected errors: ${outcomes.other.slice(0, 3).join(" | ")}`);
    const exact =
      outcomes.placed === UNITS &&
      outcomes.soldOut === BUYERS - UNITS &&
      Number(placedRows?.n) === UNITS &&
      left?.available === 0;
    return [
      {
        name: `checkout, ${BUYERS} buyers for the last ${UNITS} units (${kind})`,
        value: `${outcomes.placed} placed, ${outcomes.soldOut} sold out, stock left ${left?.available} (${left?.status})`,
        target: `${UNITS} placed, ${BUYERS - UNITS} sold out, 0 left`,
        ok: exact,
      },
      {
        name: `checkout latency p50 / p99 (${kind}${targeted ? "" : ", one connection, for information"})`,
        value: `${percentile(latencies, 50).toFixed(0)} / ${p99.toFixed(0)} ms`,
        target: targeted ? `p99 ≤ ${P99_TARGET_MS} ms` : "-",
        ok: !targeted || p99 <= P99_TARGET_MS,
      },
    ];
  } finally {
    setDbHandle(undefined);
    await handle.close();
    await drop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  benchCheckout((line) => console.info(line))
    .then((results) => console.info(`\n${formatTable(results)}`))
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
