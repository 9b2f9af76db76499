import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { flushScanLog } from "~/domain/trace/scan-log.server";
import { loader as resolverDescriptionLoader } from "~/routes/[.well-known].gs1resolver";
import { langCookie } from "~/utils/session.server";
import { db, rowsOf } from "~db/client.server";
import { units } from "~db/schema";
import { seedDemoData } from "~db/seed";
import { batchOf, get, IPHONE, ORIGIN, RML, RML_PATH } from "./scan-helpers";

const EN = { "Accept-Language": "en-GB,en;q=0.9" };

beforeAll(async () => {
  await seedDemoData(db());
});

describe("one label URL, several answers", () => {
  it("gives a browser the scan page, revalidated by ETag", async () => {
    const response = await get(RML_PATH, { Accept: "text/html,application/xhtml+xml,*/*;q=0.8" });
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/html; charset=utf-8");
    expect(response.headers.get("Cache-Control")).toBe("public, max-age=0, must-revalidate");
    expect(response.headers.get("Vary")).toContain("Accept-Language");
    const etag = response.headers.get("ETag") ?? "";
    expect(etag).toMatch(/^W\/"/);
    const html = await response.text();
    expect(html).toContain("Rượu men lá Bằng Phúc");
    expect(html).not.toMatch(/<script/i);

    const again = await get(RML_PATH, { "If-None-Match": etag });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
    // Another language is another page.
    expect((await get(RML_PATH, { ...EN, "If-None-Match": etag })).status).toBe(200);
  });

  it.each([
    ["Accept: application/linkset+json", RML_PATH, { Accept: "application/linkset+json" }],
    ["?linkType=linkset", `${RML_PATH}?linkType=linkset`, {}],
  ])("answers %s with the GS1 linkset", async (_, path, headers) => {
    const response = await get(path, headers);
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("application/linkset+json");
    expect(response.headers.get("Link")).toContain("linkset-context");
    const body = (await response.json()) as { linkset: Record<string, unknown>[] };
    const context = body.linkset[0] ?? {};
    expect(context.anchor).toBe(`${ORIGIN}${RML_PATH}`);
    const href = (type: string) =>
      (context[`https://gs1.org/voc/${type}`] as { href: string }[] | undefined)?.[0]?.href;
    expect(href("pip")).toBe(`${ORIGIN}/san-pham/ruou-men-la-bang-phuc`);
    expect(href("traceability")).toBe(`${ORIGIN}${RML_PATH}?format=epcis`);
    expect(href("certificationInfo")).toBe(`${ORIGIN}${RML_PATH}#certificate`);
    expect(href("recallStatus")).toBe(`${ORIGIN}${RML_PATH}#recall`);
  });

  it("redirects (307) to one link for ?linkType=gs1:…", async () => {
    const trace = await get(`${RML_PATH}?linkType=gs1:traceability`);
    expect(trace.status).toBe(307);
    expect(trace.headers.get("Location")).toBe(`${ORIGIN}${RML_PATH}?format=epcis`);
    const pip = await get(`${RML_PATH}?linkType=https://gs1.org/voc/pip`);
    expect(pip.status).toBe(307);
    expect(pip.headers.get("Location")).toBe(`${ORIGIN}/san-pham/ruou-men-la-bang-phuc`);
  });

  it("answers an unknown or unavailable link type with 404 and a message", async () => {
    const unknown = await get(`${RML_PATH}?linkType=recipes`);
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: { message: string } }).error.message).toBe(
      "Sản phẩm này không có liên kết loại recipes.",
    );
    const absent = await get(`${RML_PATH}?linkType=gs1:instructions`);
    expect(absent.status).toBe(404);
  });

  it("moves (301) a non-canonical spelling to the canonical one", async () => {
    const gtin13 = await get(`/01/${RML.gtin.slice(1)}/10/${RML.lot}?linkType=linkset`);
    expect(gtin13.status).toBe(301);
    expect(gtin13.headers.get("Location")).toBe(`${RML_PATH}?linkType=linkset`);
    const slash = await get(`${RML_PATH}/`);
    expect(slash.headers.get("Location")).toBe(RML_PATH);
    const { publicCode } = await batchOf("banh-men-la-thanh-tam", "BML-2026-08");
    const upper = await get(`/t/${publicCode.toUpperCase()}`);
    expect(upper.status).toBe(301);
    expect(upper.headers.get("Location")).toBe(`/t/${publicCode}`);
  });

  it("says 404 in the reader's language for an unknown lot or GTIN", async () => {
    const vi = await get(`/01/${RML.gtin}/10/RML-1999-01`);
    expect(vi.status).toBe(404);
    const viHtml = await vi.text();
    expect(viHtml).toContain("Không tìm thấy lô hàng");
    expect(viHtml).toContain('lang="vi"');
    const en = await get(`/01/${RML.gtin}/10/RML-1999-01`, EN);
    expect(await en.text()).toContain("Lot not found");
    // A valid GTIN nobody uses.
    expect((await get("/01/08930000000019/10/X1")).status).toBe(404);
    // A machine gets JSON.
    const json = await get(`/01/${RML.gtin}/10/RML-1999-01`, { Accept: "application/linkset+json" });
    expect(json.status).toBe(404);
    expect(((await json.json()) as { error: { code: string } }).error.code).toBe("batchNotFound");
  });

  it("says 400 for a wrong check digit, naming the digit expected", async () => {
    const wrong = `/01/${RML.gtin.slice(0, 13)}7/10/${RML.lot}`;
    const vi = await get(wrong);
    expect(vi.status).toBe(400);
    expect(await vi.text()).toContain("chữ số cuối phải là 6, không phải 7");
    const en = await get(wrong, EN);
    expect(await en.text()).toContain("the last digit should be 6, not 7");
  });

  it("follows the language switch's cookie", async () => {
    const cookie = (await langCookie.serialize("en")).split(";")[0] ?? "";
    const html = await (await get(RML_PATH, { Cookie: cookie, "Accept-Language": "vi" })).text();
    expect(html).toContain('<html lang="en">');
    expect(html).toContain("Records intact");
  });

  it("serves products without a GTIN on the short path", async () => {
    const { publicCode } = await batchOf("banh-men-la-thanh-tam", "BML-2026-08");
    const response = await get(`/t/${publicCode}`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("Bánh men lá Thanh Tâm");
    // One step forward: the rice wine made from it, linked.
    expect(html).toContain(`href="${RML_PATH}"`);
  });
});

describe("serialised units", () => {
  it("shows the unit's scan count, warns after many devices, and 404s an unknown serial", async () => {
    const { id: batchId, publicCode } = await batchOf("ruou-men-la-bang-phuc", RML.lot);
    await db().insert(units).values({ batchId, serial: "000042" });
    const unitPath = `${RML_PATH}/21/000042`;

    const first = await (await get(unitPath)).text();
    expect(first).toContain("Mã này đã được quét 1 lần, trên 1 thiết bị.");
    expect(first).not.toContain("kiểm tra tem niêm phong");

    for (let i = 2; i <= 5; i++) await get(unitPath, { "User-Agent": `${IPHONE} device-${i}` });
    await flushScanLog();
    const sixth = await (await get(unitPath, { "User-Agent": `${IPHONE} device-6` })).text();
    expect(sixth).toContain("Mã này đã được quét 6 lần, trên 6 thiết bị.");
    expect(sixth).toContain("Hãy kiểm tra tem niêm phong");

    const short = await get(`/t/${publicCode}/000042`);
    expect(short.status).toBe(200);
    expect(await short.text()).toContain("Sản phẩm có số sê-ri 000042");

    const unknown = await get(`${RML_PATH}/21/999999`);
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain("Không tìm thấy sản phẩm có số sê-ri này");

    await flushScanLog();
    const [row] = rowsOf<{ n: number }>(
      await db().execute(
        sql`select count(*)::int as n from scans s join units u on u.id = s.unit_id where u.serial = '000042'`,
      ),
    );
    expect(row?.n).toBe(7);
  });
});

describe("resolver description", () => {
  it("is published at /.well-known/gs1resolver", async () => {
    const response = resolverDescriptionLoader();
    expect(response.status).toBe(200);
    const body = (await response.json()) as { resolverRoot: string; supportedPrimaryKeys: string[] };
    expect(body.resolverRoot).toBe(ORIGIN);
    expect(body.supportedPrimaryKeys).toEqual(["01"]);
  });
});
