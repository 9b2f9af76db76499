import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findSessionUser } from "~/domain/accounts/users.server";
import { holdBatch, releaseBatch } from "~/domain/trace/batches.server";
import { appendTraceEvent } from "~/domain/trace/events.server";
import { listenForTraceChanges, notifyTraceChanged, pageCacheStats } from "~/domain/trace/page-cache.server";
import { flushScanLog } from "~/domain/trace/scan-log.server";
import { diarySteps } from "~/domain/trace/vocabulary";
import { answerTraceRequest } from "~/utils/trace-resolver.server";
import { db, getDbHandle, rowsOf } from "~db/client.server";
import { batches, users } from "~db/schema";
import { seedDemoData } from "~db/seed";
import { createScanFastPath } from "../../scripts/lib/scan-fast-path";
import { batchOf, get, RML_PATH } from "./scan-helpers";

const TEA_PATH = "/01/08938512400013/10/CVH-2026-09";
const COFFEE_PATH = "/01/08938512800011/10/CDR-2026-01";

async function scansOf(batchId: string): Promise<{ device: string; n: number }[]> {
  await flushScanLog();
  return rowsOf<{ device: string; n: number }>(
    await db().execute(
      sql`select device_class as device, count(*)::int as n from scans where batch_id = ${batchId} group by 1 order by 1`,
    ),
  );
}

beforeAll(async () => {
  await seedDemoData(db());
});

describe("the scan page", () => {
  it("shows product, stars with the certificate, the place, the diary and the integrity badge", async () => {
    const html = await (await get(TEA_PATH)).text();
    expect(html).toContain("<h1>Chè Shan tuyết");
    expect(html).toContain("4 sao OCOP");
    expect(html).toContain("UBND tỉnh Sơn La");
    expect(html).toContain("Hồ sơ nguyên vẹn");
    expect(html).toContain("Phun thuốc bảo vệ thực vật");
    expect(html).toContain("đủ thời gian cách ly 7 ngày");
    expect(html).toContain("Matrine");
    expect(html).toContain("Kết luận: đạt");
    expect(html).toContain("xã Vân Hồ, huyện Vân Hồ, tỉnh Sơn La (nay là xã Vân Hồ, tỉnh Sơn La)");
    expect(html).toContain("Mua sản phẩm này");
    expect(html).toContain(`href="${TEA_PATH}?format=epcis"`);
  });

  it("names a pre-2025 commune with the one that took it over", async () => {
    const html = await (await get(RML_PATH)).text();
    expect(html).toContain(
      "xã Bằng Phúc, huyện Chợ Đồn, tỉnh Bắc Kạn (nay là xã Đồng Phúc, tỉnh Thái Nguyên)",
    );
  });

  it("stays under 30 KB gzipped before the photo", async () => {
    for (const path of [TEA_PATH, RML_PATH, COFFEE_PATH]) {
      const html = await (await get(path)).text();
      expect(gzipSync(Buffer.from(html)).byteLength).toBeLessThan(30 * 1024);
    }
  });

  it("puts an unmissable recall notice on a batch on hold, with the reason, and stops selling", async () => {
    const { id } = await batchOf("ca-phe-rang-xay-dam-rong", "CDR-2026-01");
    const before = await get(COFFEE_PATH);
    const etag = before.headers.get("ETag") ?? "";
    await db()
      .update(batches)
      .set({ status: "on_hold", holdReason: "Phát hiện ẩm mốc ở một số gói trong kho" })
      .where(eq(batches.id, id));
    const response = await get(COFFEE_PATH, { "If-None-Match": etag });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<section id="recall" class="card recall"');
    expect(html).toContain("Lô hàng này đang bị tạm dừng bán");
    expect(html).toContain("Lý do: Phát hiện ẩm mốc ở một số gói trong kho");
    expect(html).not.toContain("Mua sản phẩm này");
    await db().update(batches).set({ status: "released", holdReason: null }).where(eq(batches.id, id));
  });

  it("reports a record changed behind the chain's back, naming the entry", async () => {
    const { id } = await batchOf("mat-ong-hoa-rung-phu-yen", "MOP-2026-04");
    const path = "/01/08938512500010/10/MOP-2026-04";
    expect(await (await get(path)).text()).toContain("Hồ sơ nguyên vẹn");
    await db().transaction(async (tx) => {
      await tx.execute(sql`alter table trace_events disable trigger trace_events_append_only`);
      await tx.execute(
        sql`update trace_events set details = jsonb_set(details, '{quantity}', '95') where batch_id = ${id} and seq = 1`,
      );
      await tx.execute(sql`alter table trace_events enable trigger trace_events_append_only`);
    });
    const html = await (await get(path)).text();
    expect(html).not.toContain("Hồ sơ nguyên vẹn");
    expect(html).toContain("Cảnh báo: hồ sơ đã bị thay đổi sau khi ghi");
    expect(html).toContain("Nội dung của mục 1 (Thu hoạch, 18/04/2026) đã bị sửa sau khi ghi.");
  });

  it("logs every scan (bots as bots, 304s too), but not a HEAD or a machine's request", async () => {
    const { id, publicCode } = await batchOf("banh-men-la-thanh-tam", "BML-2026-08");
    const before = (await scansOf(id)).reduce((sum, r) => sum + r.n, 0);
    const path = `/t/${publicCode}`;
    const first = await get(path);
    await get(path, { "If-None-Match": first.headers.get("ETag") ?? "" });
    await get(path, {
      "User-Agent": "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    });
    await get(path, {}, { method: "HEAD" });
    await get(path, { Accept: "application/linkset+json" });
    await get(`${path}?format=epcis`);
    const rows = await scansOf(id);
    expect(rows.reduce((sum, r) => sum + r.n, 0) - before).toBe(3);
    expect(rows.find((r) => r.device === "bot")?.n).toBe(1);
  });
});

describe("the page cache in front of the scan page", () => {
  let server: Server;
  let base: string;
  let unlisten: () => Promise<void>;

  beforeAll(async () => {
    unlisten = await listenForTraceChanges(getDbHandle());
    const fastPath = createScanFastPath({
      publicOrigin: "http://localhost:3000",
      answer: answerTraceRequest,
    });
    server = createServer((req, res) => {
      if (!fastPath(req, res)) {
        res.writeHead(404);
        res.end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await unlisten();
  });

  it("answers repeat scans from memory, still logging each one, with the security headers", async () => {
    const { id } = await batchOf("ruou-men-la-bang-phuc", "RML-2026-10");
    const before = (await scansOf(id)).reduce((sum, r) => sum + r.n, 0);
    const first = await fetch(`${base}${RML_PATH}`);
    const hits = pageCacheStats().hits;
    const second = await fetch(`${base}${RML_PATH}`, { headers: { "Accept-Encoding": "gzip" } });
    expect(pageCacheStats().hits).toBe(hits + 1);
    expect(await second.text()).toBe(await first.text());
    expect(second.headers.get("content-security-policy")).toContain("script-src 'none'");
    expect(second.headers.get("x-content-type-options")).toBe("nosniff");
    expect(second.headers.get("content-encoding")).toBe("gzip");
    expect(second.headers.get("etag")).toBe(first.headers.get("etag"));
    const notModified = await fetch(`${base}${RML_PATH}`, {
      headers: { "If-None-Match": first.headers.get("etag") ?? "" },
    });
    expect(notModified.status).toBe(304);
    expect((await scansOf(id)).reduce((sum, r) => sum + r.n, 0) - before).toBe(3);
  });

  it("shows a new diary entry on the very next request", async () => {
    const { id } = await batchOf("ruou-men-la-bang-phuc", "RML-2026-10");
    await fetch(`${base}${RML_PATH}`);
    expect((await fetch(`${base}${RML_PATH}`)).status).toBe(200);
    const note = `Kiểm tra niêm phong chum lúc ${Date.now()}`;
    await appendTraceEvent({
      batchId: id,
      kind: "note",
      ...diarySteps.note,
      eventTime: new Date(),
      details: { note },
    });
    const html = await (await fetch(`${base}${RML_PATH}`)).text();
    expect(html).toContain(note);
  });

  it("drops a page when another process changes its batch (NOTIFY after commit)", async () => {
    const { id } = await batchOf("ruou-men-la-bang-phuc", "RML-2026-10");
    await fetch(`${base}${RML_PATH}`);
    await fetch(`${base}${RML_PATH}`);
    // A hold written without this process's help, announced the way every writer must.
    await db().transaction(async (tx) => {
      await tx
        .update(batches)
        .set({ status: "on_hold", holdReason: "Kiểm tra lại độ cồn" })
        .where(eq(batches.id, id));
      await tx.execute(sql`select pg_notify('trace_changed', ${id})`);
    });
    let html = "";
    // postgres.js delivers the notification on its own connection: allow it a moment.
    for (let i = 0; i < 20 && !html.includes("Kiểm tra lại độ cồn"); i++) {
      html = await (await fetch(`${base}${RML_PATH}`)).text();
      if (!html.includes("Kiểm tra lại độ cồn")) await new Promise((r) => setTimeout(r, 25));
    }
    expect(html).toContain("Kiểm tra lại độ cồn");
    await db().transaction(async (tx) => {
      await tx.update(batches).set({ status: "released", holdReason: null }).where(eq(batches.id, id));
      await notifyTraceChanged(id, tx);
    });
    expect(await (await fetch(`${base}${RML_PATH}`)).text()).not.toContain("Kiểm tra lại độ cồn");
  });

  it("shows a manager's recall hold on the very next scan, and drops it when released again", async () => {
    const { id } = await batchOf("ruou-men-la-bang-phuc", "RML-2026-10");
    const [manager] = await db()
      .select({ id: users.id })
      .from(users)
      .where(eq(users.email, "htx.thanhtam@ocop.test"));
    const actor = await findSessionUser(manager?.id ?? "");
    if (!actor) throw new Error("demo manager missing");
    await fetch(`${base}${RML_PATH}`);
    await fetch(`${base}${RML_PATH}`);
    await holdBatch(actor, id, "Nghi nhiễm methanol, đang kiểm tra lại");
    expect(await (await fetch(`${base}${RML_PATH}`)).text()).toContain("Nghi nhiễm methanol");
    await releaseBatch(actor, id);
    expect(await (await fetch(`${base}${RML_PATH}`)).text()).not.toContain("Nghi nhiễm methanol");
  });

  it("sends machines and errors through uncached, with the headers", async () => {
    const linkset = await fetch(`${base}${RML_PATH}`, { headers: { Accept: "application/linkset+json" } });
    expect(linkset.headers.get("content-type")).toBe("application/linkset+json");
    const missing = await fetch(`${base}/01/08938512300016/10/NOPE-1`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get("content-security-policy")).toContain("script-src 'none'");
  });
});
