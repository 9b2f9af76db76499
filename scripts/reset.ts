// Wipes the database and loads the demo data again. A development command: it refuses to run
// with NODE_ENV=production, and against a database server on another machine unless --force.
import { rmSync } from "node:fs";
import { openDb } from "../db/client.server";
import { countDemoData, seedDemoData } from "../db/seed";
import { loadEnvOrExit, openAppDb, pgliteDirOf } from "./lib/boot";

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "::1", "[::1]", ""]);

/** The database server's host, "" for a Unix socket URL such as postgres://me@/db. */
function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return url;
  }
}

const env = loadEnvOrExit();
const force = process.argv.includes("--force");

if (env.NODE_ENV === "production") {
  console.error("Refusing to reset: NODE_ENV is production. This command deletes every record.");
  process.exit(1);
}

if (env.DATABASE_URL) {
  const host = hostOf(env.DATABASE_URL);
  if (!LOCAL_HOSTS.has(host) && !force) {
    console.error(
      `Refusing to reset: DATABASE_URL points to "${host}", not this machine. ` +
        "If you really mean to delete every record there, run again with --force.",
    );
    process.exit(1);
  }
  console.info(
    `Wiping PostgreSQL database on ${host || "the local socket"}: schemas public, drizzle and pgboss (jobs)…`,
  );
  // Dropping the schemas (rather than deleting rows) also gets past the append-only trigger
  // on trace_events, which refuses DELETE and TRUNCATE.
  const raw = await openDb({ url: env.DATABASE_URL, migrate: false });
  try {
    await raw.db.transaction(async (tx) => {
      await tx.execute("drop schema if exists public cascade");
      await tx.execute("create schema public");
      await tx.execute("drop schema if exists drizzle cascade");
      // Queued jobs refer to the records being wiped; pg-boss recreates its schema at start.
      await tx.execute("drop schema if exists pgboss cascade");
    });
  } finally {
    await raw.close();
  }
} else {
  const dir = pgliteDirOf(env);
  console.info(`Wiping the embedded database: deleting ${dir}…`);
  rmSync(dir, { recursive: true, force: true });
}

const handle = await openAppDb(env);
try {
  await seedDemoData(handle.db);
  const c = await countDemoData(handle.db);
  console.info(
    `Reset done: migrated and seeded ${c.users} users, ${c.cooperatives} cooperatives, ${c.products} products, ${c.batches} batches, ${c.events} trace events.`,
  );
} finally {
  await handle.close();
}
