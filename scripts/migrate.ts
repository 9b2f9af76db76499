// Applies the database migrations (opening the app database migrates it), then exits.
import path from "node:path";
import { sql } from "drizzle-orm";
import { rowsOf } from "../db/client.server";
import { loadEnvOrExit, openAppDb, pgliteDirOf } from "./lib/boot";

const env = loadEnvOrExit();
const handle = await openAppDb(env);
try {
  const [row] = rowsOf<{ n: number }>(
    await handle.db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`),
  );
  const where =
    handle.kind === "pglite" ? `embedded database in ${path.resolve(pgliteDirOf(env))}` : "PostgreSQL";
  console.info(`Database is up to date: ${row?.n ?? 0} migrations applied (${where}).`);
} finally {
  await handle.close();
}
