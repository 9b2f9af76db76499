import { afterEach, describe, expect, it } from "vitest";
import {
  cacheMark,
  clearPageCache,
  ENTRY_TTL_MS,
  getCachedPage,
  invalidateTrace,
  listenForTraceChanges,
  notifyTraceChanged,
  setPageCacheEnabled,
  storeCachedPage,
} from "~/domain/trace/page-cache.server";
import type { Db } from "~db/client.server";

const page = (key: string, batchId = "b1", productId = "p1") => ({
  key,
  batchId,
  productId,
  etag: 'W/"x"',
  headers: [["content-type", "text/html; charset=utf-8"]] as [string, string][],
  body: Buffer.from(`<p>${key}</p>`),
});
// A transaction that only records what it was asked to run.
const recordingTx = () => {
  const statements: unknown[] = [];
  return { statements, tx: { execute: async (q: unknown) => statements.push(q) } as unknown as Db };
};

afterEach(() => {
  setPageCacheEnabled(true);
  clearPageCache();
});

describe("scan page cache", () => {
  it("serves what was stored until the batch is invalidated", () => {
    expect(storeCachedPage(page("a"), cacheMark())).toBe(true);
    expect(getCachedPage("a")?.body.toString()).toBe("<p>a</p>");
    invalidateTrace("other-batch");
    expect(getCachedPage("a")).toBeDefined();
    invalidateTrace("b1");
    expect(getCachedPage("a")).toBeUndefined();
  });

  it("drops every page of a product's batches when the product changes", () => {
    storeCachedPage(page("a", "b1", "p1"), cacheMark());
    storeCachedPage(page("b", "b2", "p1"), cacheMark());
    storeCachedPage(page("c", "b3", "p2"), cacheMark());
    invalidateTrace("product:p1");
    expect(getCachedPage("a")).toBeUndefined();
    expect(getCachedPage("b")).toBeUndefined();
    expect(getCachedPage("c")).toBeDefined();
  });

  it("refuses a render that raced a change of its batch", () => {
    const mark = cacheMark();
    invalidateTrace("b1");
    expect(storeCachedPage(page("a"), mark)).toBe(false);
    expect(getCachedPage("a")).toBeUndefined();
    // Another batch's change does not matter.
    const mark2 = cacheMark();
    invalidateTrace("b9");
    expect(storeCachedPage(page("a"), mark2)).toBe(true);
  });

  it("on a local write, drops the pages at once and caches nothing of that batch until the commit is notified", async () => {
    const unlisten = await listenForTraceChanges({ listen: async () => async () => {} });
    storeCachedPage(page("a"), cacheMark());
    const { statements, tx } = recordingTx();
    await notifyTraceChanged("b1", tx);
    expect(statements).toHaveLength(1);
    expect(getCachedPage("a")).toBeUndefined();
    expect(storeCachedPage(page("a"), cacheMark())).toBe(false);
    invalidateTrace("b1"); // the NOTIFY arrives after the commit
    expect(storeCachedPage(page("a"), cacheMark())).toBe(true);
    await unlisten();
  });

  it("expires entries after the TTL and at the change of day in Vietnam", () => {
    const now = Date.parse("2026-11-21T10:00:00+07:00");
    storeCachedPage(page("a"), cacheMark(), now);
    expect(getCachedPage("a", now + 1000)).toBeDefined();
    expect(getCachedPage("a", now + ENTRY_TTL_MS + 1)).toBeUndefined();
    const late = Date.parse("2026-11-21T23:59:50+07:00");
    storeCachedPage(page("b"), cacheMark(), late);
    expect(getCachedPage("b", late + 5_000)).toBeDefined();
    expect(getCachedPage("b", late + 15_000)).toBeUndefined();
  });

  it("can be turned off: nothing is stored or served", () => {
    setPageCacheEnabled(false);
    expect(storeCachedPage(page("a"), cacheMark())).toBe(false);
    expect(getCachedPage("a")).toBeUndefined();
  });
});
