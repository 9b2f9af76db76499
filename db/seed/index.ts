import { sql } from "drizzle-orm";
import { upsertRegions } from "../../app/domain/regions/regions.server";
import type { Db } from "../client.server";
import { rowsOf } from "../client.server";
import { seedRegions } from "./data/regions";

/**
 * Demo data. Idempotent: every step looks records up by their natural key, so running it again
 * changes nothing.
 */
export async function seedDemoData(db: Db): Promise<void> {
  await upsertRegions(
    seedRegions.map((r) => ({ ...r, code: r.code ?? `${r.scheme}-${r.level}-${r.name}` })),
    db,
  );
}

/** Seeds only a database that has no regions yet (first start). */
export async function seedDemoDataIfEmpty(db: Db): Promise<boolean> {
  const [row] = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from regions`));
  if ((row?.n ?? 0) > 0) return false;
  await seedDemoData(db);
  return true;
}
