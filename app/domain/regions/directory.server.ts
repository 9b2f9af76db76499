/**
 * The regions of Vietnam as an in-memory directory, for pages that name places on every request
 * (the public scan page names the cooperative's province, ward and, for a pre-2025 unit, the one
 * that took it over). Regions are reference data that an administrator imports a few times a
 * year, so one read serves many requests:
 * - an id the directory does not know (a region imported since) makes it read the table again
 *   before answering, so a new region is never shown as missing (an id that names no region
 *   costs one lookup by key);
 * - an import in this process (upsertRegions) drops it at once; other processes read the table
 *   again within REFRESH_MS, so a renamed region shows its new name there within five minutes.
 * Kept on globalThis: the HTTP server and the server bundle share one copy.
 */
import { type Db, db as defaultDb, runPrepared } from "~db/client.server";

export interface DirectoryRegion {
  id: string;
  level: "province" | "district" | "commune";
  scheme: "current" | "legacy";
  code: string;
  name: string;
  /** Ancestor ids, province first, ending with the region itself. */
  ancestry: string[];
  successorId: string | null;
}

export const REFRESH_MS = 5 * 60_000;

interface DirectoryState {
  byId: Map<string, DirectoryRegion>;
  loadedAt: number;
  loading: Promise<Map<string, DirectoryRegion>> | null;
}

const KEY = Symbol.for("cho-ocop.region-directory");
function state(): DirectoryState {
  const holder = globalThis as { [KEY]?: DirectoryState };
  holder[KEY] ??= {
    byId: new Map(),
    loadedAt: Number.NEGATIVE_INFINITY,
    loading: null,
  };
  return holder[KEY];
}

const READ = "select id, level, scheme, code, name, path, successor_id from regions";
const EXISTS =
  "select 1 from regions where id in (select value::uuid from json_array_elements_text($1::text::json)) limit 1";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function load(tx: Db): Promise<Map<string, DirectoryRegion>> {
  const s = state();
  if (s.loading) return s.loading;
  const started = Date.now();
  const loading = runPrepared<{
    id: string;
    level: DirectoryRegion["level"];
    scheme: DirectoryRegion["scheme"];
    code: string;
    name: string;
    path: string;
    successor_id: string | null;
  }>(READ, [], tx).then(
    (rows) => {
      const byId = new Map<string, DirectoryRegion>();
      for (const r of rows) {
        byId.set(r.id, {
          id: r.id,
          level: r.level,
          scheme: r.scheme,
          code: r.code,
          name: r.name,
          ancestry: r.path.split("/").filter(Boolean),
          successorId: r.successor_id,
        });
      }
      // A drop (an import) while reading wins: its data may be newer than this read.
      if (s.loading === loading) {
        s.byId = byId;
        s.loadedAt = started;
        s.loading = null;
      }
      return byId;
    },
    (error: unknown) => {
      if (s.loading === loading) s.loading = null;
      throw error;
    },
  );
  s.loading = loading;
  return loading;
}

/**
 * The directory, holding every id in `needed`. Read on first use, when an id is missing, and in
 * the background once REFRESH_MS old (the old one answers meanwhile). `tx` runs any read: pass
 * the caller's transaction (PGlite has one connection).
 */
export async function regionDirectory(
  needed: Iterable<string>,
  tx: Db = defaultDb(),
  now = Date.now(),
): Promise<ReadonlyMap<string, DirectoryRegion>> {
  const s = state();
  if (s.loadedAt === Number.NEGATIVE_INFINITY) return load(tx);
  const missing = [...needed].filter((id) => !s.byId.has(id));
  // The whole table is read again only for an id that names a region: one an administrator
  // imported since. Any other id (a forged form field) costs one lookup by key, no more.
  if (missing.length > 0) {
    const ids = missing.filter((id) => UUID.test(id));
    if (ids.length > 0 && (await runPrepared(EXISTS, [JSON.stringify(ids)], tx)).length > 0) return load(tx);
  }
  if (now - s.loadedAt >= REFRESH_MS && !s.loading && tx === defaultDb()) void load(tx).catch(() => {});
  return s.byId;
}

/** The region and its ancestors, province first (empty when the id is unknown). */
export function placeIn(
  directory: ReadonlyMap<string, DirectoryRegion>,
  id: string | null,
): DirectoryRegion[] {
  const region = id ? directory.get(id) : undefined;
  if (!region) return [];
  return region.ancestry.flatMap((a) => {
    const found = directory.get(a);
    return found ? [found] : [];
  });
}

/** Forget the directory: after an import in this process, and in tests. */
export function dropRegionDirectory(): void {
  const s = state();
  s.byId = new Map();
  s.loadedAt = Number.NEGATIVE_INFINITY;
  s.loading = null;
}
