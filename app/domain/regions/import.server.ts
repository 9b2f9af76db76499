import { and, asc, count, eq, type SQL, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { type Db, db as defaultDb } from "~db/client.server";
import { regions } from "~db/schema";
import { assertAdmin, likePattern } from "../accounts/admin.server";
import { recordAudit } from "../audit/audit.server";
import { parseRegionCsv, type RegionImportIssue } from "./import";
import { type RegionLevel, type RegionScheme, upsertRegions } from "./regions.server";

export type RegionImportOutcome =
  | { ok: true; inserted: number; updated: number; rows: number }
  | { ok: false; issues: RegionImportIssue[] };

/**
 * Imports the official region list from CSV text: every row is checked first; any problem
 * means nothing is written. Otherwise all rows are upserted in one transaction, with an audit entry.
 */
export async function importRegionsCsv(actor: { id: string }, text: string, tx: Db = defaultDb()) {
  await assertAdmin(actor, tx);
  const known = await tx
    .select({ scheme: regions.scheme, code: regions.code, level: regions.level })
    .from(regions);
  const parsed = parseRegionCsv(text, new Map(known.map((r) => [`${r.scheme}/${r.code}`, r.level])));
  if (!parsed.ok) return parsed satisfies RegionImportOutcome;
  return tx.transaction(async (t): Promise<RegionImportOutcome> => {
    const { inserted, updated } = await upsertRegions(parsed.regions, t);
    await recordAudit(
      {
        actorId: actor.id,
        action: "regions.imported",
        entityType: "regions",
        data: { rows: parsed.regions.length, inserted, updated },
      },
      t,
    );
    return { ok: true, inserted, updated, rows: parsed.regions.length };
  });
}

export const REGIONS_PAGE_SIZE = 50;

/** The region list for admins: by scheme and level, searched by name (with or without diacritics) or code. */
export async function listRegions(
  actor: { id: string },
  filters: { scheme?: RegionScheme; level?: RegionLevel; q?: string; page?: number } = {},
  tx: Db = defaultDb(),
) {
  await assertAdmin(actor, tx);
  const parent = alias(regions, "parent");
  const successor = alias(regions, "successor");
  const conditions: SQL[] = [];
  if (filters.scheme) conditions.push(eq(regions.scheme, filters.scheme));
  if (filters.level) conditions.push(eq(regions.level, filters.level));
  const q = filters.q?.trim();
  if (q) {
    conditions.push(
      /^\d+$/.test(q)
        ? sql`${regions.code} like ${likePattern(q, { prefix: true })}`
        : sql`f_unaccent(${regions.name}) ilike f_unaccent(${likePattern(q)})`,
    );
  }
  const where = conditions.length ? and(...conditions) : undefined;
  const page = Math.max(1, Math.floor(filters.page ?? 1));
  const [rows, [total], totals] = await Promise.all([
    tx
      .select({
        id: regions.id,
        code: regions.code,
        name: regions.name,
        level: regions.level,
        scheme: regions.scheme,
        parentName: parent.name,
        successorName: successor.name,
        successorCode: successor.code,
      })
      .from(regions)
      .leftJoin(parent, eq(parent.id, regions.parentId))
      .leftJoin(successor, eq(successor.id, regions.successorId))
      .where(where)
      .orderBy(asc(regions.scheme), asc(regions.code), asc(regions.level))
      .limit(REGIONS_PAGE_SIZE)
      .offset((page - 1) * REGIONS_PAGE_SIZE),
    tx.select({ n: count() }).from(regions).where(where),
    tx
      .select({ scheme: regions.scheme, level: regions.level, n: count() })
      .from(regions)
      .groupBy(regions.scheme, regions.level)
      .orderBy(regions.scheme, regions.level),
  ]);
  const n = total?.n ?? 0;
  return {
    page,
    pageCount: Math.max(1, Math.ceil(n / REGIONS_PAGE_SIZE)),
    total: n,
    items: rows,
    totals: totals.map((r) => ({ scheme: r.scheme, level: r.level, n: r.n })),
  };
}
