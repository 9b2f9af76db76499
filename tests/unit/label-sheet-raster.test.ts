import { describe, expect, it } from "vitest";
import { batchLinkUrl, shortTraceText } from "~/domain/labels/digital-link";
import {
  type LabelData,
  labelSizes,
  labelsPerPage,
  renderLabelSheet,
  sheetGeometry,
} from "~/domain/labels/label-sheet.server";
import {
  decodeLabelGrid,
  decodeLabelSheetPage,
  rasterisePdfPage,
  readAsPrinted,
} from "../support/qr-from-pdf";

// Printed, rasterised and scanned: the pixels a phone would see, not the drawing commands.
const ORIGIN = "https://cho-ocop.vn";
// The longest identifiers the rules allow (20 characters, percent-encoded characters included)
// make the densest code, which must still read on the smallest label.
const DENSE = { gtin: "08938512400013", lot: "HKH/2026-11:DAC-0001", publicCode: "k3v9p2x7qa" };

function label(url: string, serial: string | null, overrides: Partial<LabelData> = {}): LabelData {
  return {
    productName: "Rượu men lá Bằng Phúc",
    cooperativeName: "HTX rượu men lá Thanh Tâm",
    lot: DENSE.lot,
    producedOn: "2026-11-21",
    bestBefore: "2027-11-21",
    stars: 4,
    url,
    shortUrl: shortTraceText(ORIGIN, DENSE.publicCode, serial),
    serial,
    ...overrides,
  };
}

const serialised = (count: number) =>
  Array.from({ length: count }, (_, i) => {
    const serial = `SERIAL-${String(i + 1).padStart(13, "0")}`;
    return label(batchLinkUrl(ORIGIN, DENSE, serial), serial);
  });

// Rendering and scanning a full page takes a second or two, more on a busy machine.
describe("label sheet QR codes, rasterised and scanned", { timeout: 30_000 }, () => {
  it.each(labelSizes)("every %s label on a full page reads as its own Digital Link", async (size) => {
    const perPage = labelsPerPage(size);
    const labels = serialised(perPage + 2);
    const pdf = await renderLabelSheet({ labels, size, locale: "vi" });

    const first = readAsPrinted(await decodeLabelSheetPage(pdf, sheetGeometry[size], { page: 1 }));
    expect(first).toEqual(labels.slice(0, perPage).map((l) => l.url));
    const second = readAsPrinted(await decodeLabelSheetPage(pdf, sheetGeometry[size], { page: 2 }));
    expect(second).toEqual([
      labels[perPage]?.url,
      labels[perPage + 1]?.url,
      ...Array(perPage - 2).fill(null),
    ]);
  });

  it("reads the short trace URL of a product without a GTIN, after the positions left unused", async () => {
    const url = `${ORIGIN}/t/${DENSE.publicCode}`;
    const labels = [label(url, null, { lot: "MDC-2026-11" }), label(url, null, { lot: "MDC-2026-11" })];
    const pdf = await renderLabelSheet({ labels, size: "medium", locale: "en", skip: 4, outlines: true });

    const page = await rasterisePdfPage(pdf);
    // A4 at 200 dpi.
    expect(page.width).toBe(1654);
    expect(page.height).toBe(2339);
    expect(readAsPrinted(decodeLabelGrid(page, sheetGeometry.medium))).toEqual([
      ...Array(4).fill(null),
      url,
      url,
      ...Array(labelsPerPage("medium") - 6).fill(null),
    ]);
  });

  it("refuses a page the PDF does not have", async () => {
    const pdf = await renderLabelSheet({ labels: serialised(1), size: "large", locale: "vi" });
    await expect(rasterisePdfPage(pdf, { page: 2 })).rejects.toThrow(/1 page\(s\); page 2/);
  });
});
