import { gzipSync } from "node:zlib";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ScanPageDocument } from "~/components/scan/ScanPage";
import {
  batchPagePath,
  buildScanView,
  dayOf,
  formatDate,
  formatDateTime,
  formatPlace,
  SEAL_WARNING_DEVICES,
} from "~/domain/trace/scan-view";
import { locales } from "~/i18n";
import * as intl from "~/utils/format";
import { chain, fixtureTrace } from "./scan-fixtures";

const TODAY = "2026-11-21";
const vi = (trace = fixtureTrace(), unitScans: { scans: number; devices: number } | null = null) =>
  buildScanView(trace, { locale: "vi", today: TODAY, unitScans });

function page(view: ReturnType<typeof vi>): string {
  return `<!DOCTYPE html>${renderToStaticMarkup(createElement(ScanPageDocument, { view }))}`;
}

describe("scan page view", () => {
  it("names a pre-2025 place with the unit that took it over", () => {
    const { place, currentPlace } = fixtureTrace().cooperative;
    expect(formatPlace(place, currentPlace, "vi")).toBe(
      "xã Bằng Phúc, huyện Chợ Đồn, tỉnh Bắc Kạn (nay là xã Đồng Phúc, tỉnh Thái Nguyên)",
    );
    expect(formatPlace(place, currentPlace, "en")).toBe(
      "Bằng Phúc commune, Chợ Đồn district, Bắc Kạn province (now Đồng Phúc commune, Thái Nguyên province)",
    );
  });

  it("shows the OCOP stars with the certificate while it is valid, and hides them once expired", () => {
    const valid = vi();
    expect(valid.ocop.stars).toBe(4);
    expect(valid.ocop.lines.join(" ")).toContain("1532/QĐ-UBND");
    expect(valid.ocop.lines.join(" ")).toContain("UBND tỉnh Bắc Kạn");
    expect(valid.ocop.lines.join(" ")).toContain("09/08/2027");

    const expired = buildScanView(fixtureTrace(), { locale: "vi", today: "2027-08-10" });
    expect(expired.ocop.stars).toBeNull();
    expect(expired.ocop.warning).toContain("đã hết hiệu lực");

    const unapproved = fixtureTrace();
    if (unapproved.certificate) unapproved.certificate.approvedAt = null;
    expect(vi(unapproved).ocop.stars).toBeNull();
  });

  it("reports the records intact with the head hash, and names the entry that was changed", () => {
    const trace = fixtureTrace();
    const intact = vi(trace).integrity;
    expect(intact.intact).toBe(true);
    if (intact.intact) expect(intact.checkCode).toContain(trace.batch.headHash?.slice(0, 16));

    const tampered = fixtureTrace();
    const harvest = tampered.events[1];
    if (harvest) harvest.details = { quantity: 3300, unit: "kg" };
    const broken = vi(tampered).integrity;
    expect(broken.intact).toBe(false);
    expect(broken.body).toBe("Nội dung của mục 2 (Thu hoạch, 05/09/2026) đã bị sửa sau khi ghi.");
  });

  it("puts a recall notice on a held batch, with the reason, and no buy button", () => {
    const view = vi(fixtureTrace({ status: "on_hold", holdReason: "Nghi nhiễm methanol" }));
    expect(view.recall?.lines).toContain("Lý do: Nghi nhiễm methanol");
    expect(view.buyHref).toBeNull();
    expect(vi().recall).toBeNull();
    expect(vi().buyHref).toBe("/san-pham/ruou-men-la-bang-phuc");
  });

  it("checks the pre-harvest interval against the harvest day", () => {
    const spraying = vi().diary.find((e) => e.seq === 1);
    expect(spraying?.phi).toEqual({
      ok: true,
      text: "Thu hoạch ngày 05/09/2026, sau 16 ngày: đủ thời gian cách ly 7 ngày.",
    });
    const early = fixtureTrace();
    early.events = chain([
      {
        id: "a",
        kind: "spraying",
        at: "2026-09-01T08:00:00+07:00",
        details: { product: "X", preHarvestIntervalDays: 7 },
      },
      { id: "b", kind: "harvesting", at: "2026-09-04T08:00:00+07:00", details: {} },
    ]);
    early.batch.headHash = early.events.at(-1)?.hash ?? null;
    expect(vi(early).diary[0]?.phi?.ok).toBe(false);
  });

  it("marks corrected entries and links each correction to what it corrects", () => {
    const diary = vi().diary;
    expect(diary.find((e) => e.seq === 5)?.correctedBy?.text).toBe("Mục này đã được sửa lại ở mục 6.");
    const correction = diary.find((e) => e.seq === 6)?.correction;
    expect(correction).toEqual({
      text: "Sửa lại mục 5",
      href: "#e5",
      reason: "Lý do sửa: Gõ thiếu một số 0",
    });
  });

  it("goes one step back to the input lot and one step forward to the shipment", () => {
    const view = vi();
    expect(view.back).toEqual([
      { href: "/t/ymgct370fe", text: "Bánh men lá Thanh Tâm, lô BML-2026-08: 30 gói" },
    ]);
    expect(view.forwardTexts).toEqual(["Giao 120 chai cho Cửa hàng OCOP Bắc Kạn"]);
    expect(view.diary.find((e) => e.seq === 3)?.inputs).toEqual(view.back);
  });

  it("warns to check the seal once a unit was scanned on many devices", () => {
    const trace = fixtureTrace();
    trace.unit = { id: "u1", serial: "000123", scans: 3, clientHashes: ["a", "b", "c"] };
    const few = vi(trace, { scans: 4, devices: SEAL_WARNING_DEVICES - 1 });
    expect(few.unit?.scans).toBe("Mã này đã được quét 4 lần, trên 4 thiết bị.");
    expect(few.unit?.seal).toBeNull();
    expect(vi(trace, { scans: 9, devices: SEAL_WARNING_DEVICES }).unit?.seal?.title).toBe(
      "Hãy kiểm tra tem niêm phong",
    );
    expect(few.pagePath).toBe("/01/08938512300016/10/RML-2026-10/21/000123");
    expect(few.batchPath).toBe("/01/08938512300016/10/RML-2026-10");
  });

  it("uses the short path for a product without a GTIN", () => {
    expect(batchPagePath({ gtin: null, lot: "BML-2026-08", publicCode: "ymgct370fe" }, "7")).toBe(
      "/t/ymgct370fe/7",
    );
  });

  it("is written in English for an English reader", () => {
    const view = buildScanView(fixtureTrace(), { locale: "en", today: TODAY });
    expect(view.integrity.title).toBe("Records intact");
    expect(view.batch.statusText).toBe("On sale");
    expect(view.diary[1]?.title).toBe("Harvest");
  });
});

describe("the scan page's dates", () => {
  it("read as Intl writes them in Vietnam's time zone, in both languages, days and instants", () => {
    // Around midnight in Vietnam, on both sides of the 1975 change of offset, and 400 instants to 2100.
    const instants = [
      Date.UTC(2026, 10, 21, 16, 59, 59, 999),
      Date.UTC(2026, 10, 21, 17, 0, 0, 0),
      Date.UTC(2024, 1, 28, 17, 30),
      Date.UTC(1975, 5, 12, 16, 59),
      Date.UTC(1975, 5, 12, 17, 0),
      Date.UTC(1960, 0, 1, 12),
      ...Array.from({ length: 400 }, (_, i) => Date.UTC(1975, 6, 1) + i * 9_857_412_347),
    ];
    for (const locale of locales) {
      for (const ms of instants) {
        const at = new Date(ms);
        expect(formatDate(at, locale)).toBe(intl.formatDate(at, locale));
        expect(formatDateTime(at.toISOString(), locale)).toBe(intl.formatDateTime(at, locale));
        expect(dayOf(at)).toBe(intl.todayInVietnam(at));
        const day = intl.todayInVietnam(at);
        expect(formatDate(day, locale)).toBe(intl.formatDate(day, locale));
      }
    }
  });
});

describe("scan page markup", () => {
  const html = page(vi());

  it("carries no script at all", () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/\son[a-z]+=/i);
  });

  it("has the photo with its size, eager (above the fold), and anchors for the linkset", () => {
    expect(html).toMatch(/<img [^>]*width="400" height="300"/);
    expect(html).not.toContain('loading="lazy"');
    expect(html).toContain('id="certificate"');
    expect(html).toContain('id="recall"');
    expect(html).toContain('<html lang="vi">');
    expect(html).toContain('action="/language"');
  });

  it("transfers at most 30 KB (HTML and CSS, gzipped) before the photo", () => {
    const bytes = gzipSync(Buffer.from(html)).byteLength;
    expect(bytes).toBeLessThan(30 * 1024);
    // A long diary (60 entries) still fits.
    const long = fixtureTrace();
    long.events = chain(
      Array.from({ length: 60 }, (_, i) => ({
        id: `x${i}`,
        kind: "lab_test",
        at: `2026-0${1 + (i % 9)}-1${i % 10}T08:00:00+07:00`,
        details: {
          lab: "Trung tâm Kỹ thuật Tiêu chuẩn Đo lường Chất lượng 1",
          reportNo: `KN-${i}`,
          results: [{ name: "Chì (Pb)", value: 0.21, unit: "mg/kg", limit: 2, pass: true }],
          pass: true,
          note: "Mẫu lấy tại kho của hợp tác xã, niêm phong trước khi gửi đi kiểm nghiệm.",
        },
      })),
    );
    long.batch.headHash = long.events.at(-1)?.hash ?? null;
    expect(gzipSync(Buffer.from(page(vi(long)))).byteLength).toBeLessThan(30 * 1024);
  });
});
