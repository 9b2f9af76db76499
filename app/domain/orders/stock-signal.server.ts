/**
 * What this process last learned from the database about how much of a product is on sale, and
 * when it asked: the checkout's way to tell a buyer "sold out" without queueing for the batch
 * lock once the last unit has gone.
 *
 * Why the early answer is correct: a count is observed by the database at some moment after the
 * statement that read it was sent (`askedAt`) and before its answer came back. A checkout that
 * started at or before `askedAt` and is still running was in progress at that moment, so it may
 * be answered as if it had been served right then: if it wants more than was left, "sold out"
 * is exactly what it would have heard. A checkout that started later learns nothing from the
 * count and asks the database as usual, so stock that comes back (a hold released, a new batch)
 * is sold again at once. Only counts read outside any caller's transaction (committed) are
 * noted; take_stock reads them under its locks.
 */
import pLimit from "p-limit";

interface Seen {
  askedAt: number;
  available: number;
}

const MAX_PRODUCTS = 10_000;
const KEY = Symbol.for("cho-ocop.stock-signal");
const holder = globalThis as { [KEY]?: Map<string, Seen> };
holder[KEY] ??= new Map();
const seen = holder[KEY];

/** A monotonic clock for `askedAt` and a checkout's start. */
export const stockClock = (): number => performance.now();

/** Notes that `available` units of the product were on sale, as read by a statement sent at `askedAt`. */
export function noteAvailable(productId: string, available: number, askedAt: number): void {
  const known = seen.get(productId);
  if (known && known.askedAt > askedAt) return;
  if (!known && seen.size >= MAX_PRODUCTS) seen.clear();
  seen.set(productId, { askedAt, available });
}

/**
 * The first line that a checkout started at `startedAt` can be refused for without asking the
 * database (a later count says less than it wants is left), or null.
 */
export function knownShort(
  lines: ReadonlyArray<{ productId: string; quantity: number }>,
  startedAt: number,
): { productId: string; available: number } | null {
  for (const line of lines) {
    const known = seen.get(line.productId);
    if (known && known.askedAt >= startedAt && known.available < line.quantity)
      return { productId: line.productId, available: known.available };
  }
  return null;
}

/** Forget every count (tests). */
export function forgetStockSignals(): void {
  seen.clear();
}

/**
 * At most this many orders of this process are with the database at once. The others wait
 * here, where a sell-out they would only have queued behind can still answer them at no cost;
 * the database connections left over keep serving the rest of the site.
 */
export const PLACING_AT_ONCE = 6;
const LIMIT_KEY = Symbol.for("cho-ocop.stock-signal.limit");
const limitHolder = globalThis as { [LIMIT_KEY]?: ReturnType<typeof pLimit> };
limitHolder[LIMIT_KEY] ??= pLimit(PLACING_AT_ONCE);
export const placingSlot = limitHolder[LIMIT_KEY];
