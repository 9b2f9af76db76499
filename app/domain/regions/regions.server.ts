import { and, eq, sql } from "drizzle-orm";
import { type Db, db as defaultDb, rowsOf } from "~db/client.server";
import { regions } from "~db/schema";
import { dropRegionDirectory } from "./directory.server";

export type RegionLevel = (typeof regions.$inferSelect)["level"];
export type RegionScheme = (typeof regions.$inferSelect)["scheme"];

export interface RegionInput {
  code: string;
  name: string;
  level: RegionLevel;
  scheme: RegionScheme;
  /** Code of the parent in the same scheme (provinces have none). */
  parentCode: string | null;
  /** Legacy units: code of the current unit that replaced them. */
  successorCode?: string | null;
}

const levelOrder: Record<RegionLevel, number> = { province: 0, district: 1, commune: 2 };

/**
 * Inserts or updates regions by (scheme, level, code), parents before children, keeping each
 * row's materialised path right. Idempotent: importing the same list twice changes nothing.
 * Returns how many rows were inserted and updated.
 */
export async function upsertRegions(input: RegionInput[], tx: Db = defaultDb()) {
  const sorted = [...input].sort(
    (a, b) =>
      (a.scheme === b.scheme ? 0 : a.scheme === "current" ? -1 : 1) ||
      levelOrder[a.level] - levelOrder[b.level],
  );
  const result = await tx.transaction(async (t) => {
    const existing = await t
      .select({
        id: regions.id,
        code: regions.code,
        scheme: regions.scheme,
        level: regions.level,
        path: regions.path,
      })
      .from(regions);
    const byKey = new Map(existing.map((r) => [`${r.scheme}/${r.code}`, r]));
    let inserted = 0;
    let updated = 0;
    for (const r of sorted) {
      const parent = r.parentCode ? byKey.get(`${r.scheme}/${r.parentCode}`) : undefined;
      if (r.parentCode && !parent)
        throw new Error(`Region ${r.code} (${r.name}): parent ${r.parentCode} is unknown`);
      const successor = r.successorCode ? byKey.get(`current/${r.successorCode}`) : undefined;
      if (r.successorCode && !successor) {
        throw new Error(`Region ${r.code} (${r.name}): successor ${r.successorCode} is unknown`);
      }
      const found = byKey.get(`${r.scheme}/${r.code}`);
      const id = found?.id ?? crypto.randomUUID();
      const path = `${parent?.path ?? "/"}${id}/`;
      const values = {
        code: r.code,
        name: r.name,
        level: r.level,
        scheme: r.scheme,
        parentId: parent?.id ?? null,
        successorId: successor?.id ?? null,
        path,
      };
      if (found) {
        await t.update(regions).set(values).where(eq(regions.id, id));
        // A unit moved under another parent: its descendants' paths move with it.
        if (found.path !== path) {
          await t.execute(sql`
            update regions set path = ${path} || substring(path from ${found.path.length + 1}::int)
            where path like ${`${found.path}%`} and id <> ${id}`);
        }
        updated++;
      } else {
        await t.insert(regions).values({ id, ...values });
        inserted++;
      }
      byKey.set(`${r.scheme}/${r.code}`, { id, code: r.code, scheme: r.scheme, level: r.level, path });
    }
    return { inserted, updated };
  });
  dropRegionDirectory();
  return result;
}

export async function findRegionByCode(scheme: RegionScheme, code: string, tx: Db = defaultDb()) {
  const [row] = await tx
    .select()
    .from(regions)
    .where(and(eq(regions.scheme, scheme), eq(regions.code, code)))
    .limit(1);
  return row ?? null;
}

/**
 * Whether `regionId` lies inside the subtree of `scopeRegionId`: directly, or because the
 * legacy unit it names was taken over by a unit inside the scope (so a reviewer of the new
 * province also covers records filed under a former commune).
 */
export async function isRegionWithinScope(regionId: string, scopeRegionId: string, tx: Db = defaultDb()) {
  const rows = await tx.execute(sql`
    select 1 from regions r
    join regions s on s.id = ${scopeRegionId}
    left join regions succ on succ.id = r.successor_id
    where r.id = ${regionId}
      and (r.path like s.path || '%' or succ.path like s.path || '%')
    limit 1`);
  return rowsOf(rows).length > 0;
}
