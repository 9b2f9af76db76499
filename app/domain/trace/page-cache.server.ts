/**
 * The response cache in front of the public scan page. A render costs ~26× a static response on
 * this hardware (STACK-NOTES §12), so a page once rendered is kept as bytes (plain and gzip) per
 * page path, language and representation, and served until its data changes:
 *
 * - Every write that changes what a scan page shows calls notifyTraceChanged (or, for product,
 *   cooperative and certificate changes, notifyProductTraceChanged) inside its transaction. That
 *   runs pg_notify, which PostgreSQL delivers to every app process LISTENing on the channel when
 *   the transaction commits; each process then drops the batch's pages. The writing process
 *   also drops them at once and stores no new render of that batch until its own notification
 *   arrives, so a render that read the old data just before the commit is never kept.
 * - A render is stored only if no invalidation of its batch happened while it was rendering.
 * - Entries also expire with the day (certificate expiry is a change without a write) and after
 *   ENTRY_TTL_MS, a safety net for writers that forget to notify.
 *
 * State lives on globalThis, shared by the HTTP server and the server bundle's copy of this module.
 */
import { sql } from "drizzle-orm";
import { todayInVietnam } from "~/utils/format";
import type { Db, DbHandle } from "~db/client.server";

export const TRACE_CHANNEL = "trace_changed";
export const ENTRY_TTL_MS = 60_000;
/** How long a local write keeps its batch out of the cache while waiting for its own notification. */
const PENDING_MS = 5_000;
const MAX_ENTRIES = 20_000;
const MAX_BYTES = 64 * 1024 * 1024;

export interface CachedPage {
  key: string;
  batchId: string;
  productId: string;
  etag: string;
  /** Response headers as the route set them (content type, cache control, ETag, Vary…). */
  headers: [string, string][];
  body: Buffer;
  /** Compressed on the first request that accepts gzip. */
  gzip: Buffer | null;
  storedAt: number;
  /** The Vietnamese calendar day it was rendered on. */
  day: string;
}

interface PageCacheState {
  enabled: boolean;
  entries: Map<string, CachedPage>;
  keysByTarget: Map<string, Set<string>>;
  bytes: number;
  /** Invalidation counter, and the counter value at each target's latest invalidation. */
  seq: number;
  invalidatedAt: Map<string, number>;
  /** Targets changed by this process whose notification has not come back yet: target → until (ms). */
  pending: Map<string, number>;
  day: { value: string; checkedAt: number };
  hits: number;
  misses: number;
  /** Subscriptions to the channel in this process; without one, no notification will ever come back. */
  listeners: number;
}

const KEY = Symbol.for("cho-ocop.page-cache");
function state(): PageCacheState {
  const holder = globalThis as { [KEY]?: PageCacheState };
  holder[KEY] ??= {
    enabled: true,
    entries: new Map(),
    keysByTarget: new Map(),
    bytes: 0,
    seq: 0,
    invalidatedAt: new Map(),
    pending: new Map(),
    day: { value: "", checkedAt: 0 },
    hits: 0,
    misses: 0,
    listeners: 0,
  };
  return holder[KEY];
}

const productTarget = (productId: string) => `product:${productId}`;
const targetsOf = (page: Pick<CachedPage, "batchId" | "productId">) => [
  page.batchId,
  productTarget(page.productId),
];

/** Today in Vietnam, looked up at most once a second (it is asked on every hit). */
function today(now: number): string {
  const s = state();
  if (Math.abs(now - s.day.checkedAt) > 1000 || !s.day.value)
    s.day = { value: todayInVietnam(new Date(now)), checkedAt: now };
  return s.day.value;
}

function remove(key: string): void {
  const s = state();
  const page = s.entries.get(key);
  if (!page) return;
  s.entries.delete(key);
  s.bytes -= page.body.byteLength + (page.gzip?.byteLength ?? 0);
  for (const target of targetsOf(page)) {
    const keys = s.keysByTarget.get(target);
    keys?.delete(key);
    if (keys?.size === 0) s.keysByTarget.delete(target);
  }
}

/** A stored page that is still good, or undefined. */
export function getCachedPage(key: string, now = Date.now()): CachedPage | undefined {
  const s = state();
  if (!s.enabled) return undefined;
  const page = s.entries.get(key);
  if (page && now - page.storedAt < ENTRY_TTL_MS && page.day === today(now)) {
    s.hits++;
    return page;
  }
  if (page) remove(key);
  s.misses++;
  return undefined;
}

/** Call before rendering; pass the mark to storeCachedPage so a render that raced a write is dropped. */
export function cacheMark(): number {
  return state().seq;
}

/** Keeps a rendered page, unless its data changed while it was rendering. True when stored. */
export function storeCachedPage(
  page: Omit<CachedPage, "storedAt" | "day" | "gzip"> & { gzip?: Buffer | null },
  mark: number,
  now = Date.now(),
): boolean {
  const s = state();
  if (!s.enabled) return false;
  for (const target of targetsOf(page)) {
    if ((s.invalidatedAt.get(target) ?? -1) > mark) return false;
    const until = s.pending.get(target);
    if (until !== undefined) {
      if (until > now) return false;
      s.pending.delete(target);
    }
  }
  remove(page.key);
  const entry: CachedPage = { ...page, gzip: page.gzip ?? null, storedAt: now, day: today(now) };
  s.entries.set(page.key, entry);
  s.bytes += entry.body.byteLength + (entry.gzip?.byteLength ?? 0);
  for (const target of targetsOf(entry)) {
    const keys = s.keysByTarget.get(target) ?? new Set<string>();
    keys.add(page.key);
    s.keysByTarget.set(target, keys);
  }
  // Oldest first out: Map keeps insertion order.
  for (const key of s.entries.keys()) {
    if (s.entries.size <= MAX_ENTRIES && s.bytes <= MAX_BYTES) break;
    remove(key);
  }
  return true;
}

/** Adds the gzip form to a stored page (computed by the server on first demand). */
export function attachGzip(page: CachedPage, gzip: Buffer): void {
  if (page.gzip || state().entries.get(page.key) !== page) return;
  page.gzip = gzip;
  state().bytes += gzip.byteLength;
}

/** Drops every page of a batch ("<batch id>") or of a product's batches ("product:<id>"). */
export function invalidateTrace(target: string): void {
  const s = state();
  s.seq++;
  s.invalidatedAt.set(target, s.seq);
  s.pending.delete(target);
  for (const key of [...(s.keysByTarget.get(target) ?? [])]) remove(key);
  // The marks only matter to renders in progress; keep the map from growing without end.
  if (s.invalidatedAt.size > 50_000) s.invalidatedAt.clear();
}

function markPending(target: string): void {
  const s = state();
  if (s.listeners > 0) s.pending.set(target, Date.now() + PENDING_MS);
  s.seq++;
  s.invalidatedAt.set(target, s.seq);
  for (const key of [...(s.keysByTarget.get(target) ?? [])]) remove(key);
}

/**
 * Tells every app process that a batch's public page changed (a diary entry, a hold, a
 * release). Call it inside the writing transaction: the notification is delivered at commit,
 * and not at all if the transaction rolls back.
 */
export async function notifyTraceChanged(batchId: string, tx: Db): Promise<void> {
  markPending(batchId);
  await tx.execute(sql`select pg_notify(${TRACE_CHANNEL}, ${batchId})`);
}

/** The same for what every batch page of a product shows: product, photos, certificate, cooperative. */
export async function notifyProductTraceChanged(productId: string, tx: Db): Promise<void> {
  markPending(productTarget(productId));
  await tx.execute(sql`select pg_notify(${TRACE_CHANNEL}, ${productTarget(productId)})`);
}

/** Subscribes this process to trace changes; resolves to the unsubscribe function. */
export async function listenForTraceChanges(handle: Pick<DbHandle, "listen">): Promise<() => Promise<void>> {
  if (!handle.listen) throw new Error("This database client cannot LISTEN; the scan page cache needs it");
  const unlisten = await handle.listen(TRACE_CHANNEL, (payload) => invalidateTrace(payload));
  state().listeners++;
  return async () => {
    state().listeners--;
    await unlisten();
  };
}

/** Turns the cache on or off (off: every request renders), emptying it either way. */
export function setPageCacheEnabled(enabled: boolean): void {
  const s = state();
  s.enabled = enabled;
  clearPageCache();
}

export function isPageCacheEnabled(): boolean {
  return state().enabled;
}

export function clearPageCache(): void {
  const s = state();
  s.entries.clear();
  s.keysByTarget.clear();
  s.bytes = 0;
}

export function pageCacheStats(): { entries: number; bytes: number; hits: number; misses: number } {
  const s = state();
  return { entries: s.entries.size, bytes: s.bytes, hits: s.hits, misses: s.misses };
}
