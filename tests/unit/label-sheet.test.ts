import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inflateSync } from "node:zlib";
import jsQR from "jsqr";
import { describe, expect, it } from "vitest";
import { batchLinkUrl, shortTraceText } from "~/domain/labels/digital-link";
import {
  type LabelData,
  type LabelSize,
  labelSizes,
  labelsPerPage,
  MAX_LABELS_PER_SHEET,
  renderLabelSheet,
  sheetPageCount,
} from "~/domain/labels/label-sheet.server";

const ORIGIN = "https://cho-ocop.vn";
const PRODUCT = "Rượu men lá Đồng Phúc – Hồng không hạt";

function label(i: number, overrides: Partial<LabelData> = {}): LabelData {
  const serial = String(i + 1).padStart(6, "0");
  const batch = { gtin: "08938512400013", lot: "RML-2611-01", publicCode: "k3v9p2x7qa" };
  return {
    productName: PRODUCT,
    cooperativeName: "HTX Nông nghiệp Thanh Tâm",
    lot: batch.lot,
    producedOn: "2026-11-21",
    bestBefore: "2027-11-21",
    stars: 4,
    url: batchLinkUrl(ORIGIN, batch, serial),
    shortUrl: shortTraceText(ORIGIN, batch.publicCode, serial),
    serial,
    ...overrides,
  };
}

interface ParsedPdf {
  raw: string;
  objects: Map<number, { dict: string; stream: Buffer | null }>;
  pages: number;
  /** Decompressed page content streams, in page order. */
  contents: string[];
}

/** Just enough PDF reading for pdfkit's output: objects, pages and their (deflated) content streams. */
function parsePdf(pdf: Buffer): ParsedPdf {
  const raw = pdf.toString("latin1");
  const objects = new Map<number, { dict: string; stream: Buffer | null }>();
  const objectPattern = /(\d+) 0 obj\n<<\n([\s\S]*?)\n>>\n(stream\n)?/g;
  for (let m = objectPattern.exec(raw); m; m = objectPattern.exec(raw)) {
    const dict = m[2] ?? "";
    let stream: Buffer | null = null;
    if (m[3]) {
      const length = Number(/\/Length (\d+)/.exec(dict)?.[1]);
      const start = m.index + m[0].length;
      const bytes = pdf.subarray(start, start + length);
      stream = dict.includes("/FlateDecode") ? inflateSync(bytes) : bytes;
    }
    objects.set(Number(m[1]), { dict, stream });
  }
  const pageObjects = [...objects.values()].filter((o) => /\/Type \/Page\n/.test(`${o.dict}\n`));
  const contents = pageObjects.map((page) => {
    const ref = Number(/\/Contents (\d+) 0 R/.exec(page.dict)?.[1]);
    return objects.get(ref)?.stream?.toString("latin1") ?? "";
  });
  // pdfkit writes page objects in order; the page tree's /Kids lists them in that order too.
  return { raw, objects, pages: pageObjects.length, contents };
}

/** The QR symbols drawn on a page, rebuilt from their rectangles and decoded like a phone would. */
function decodeDrawnQrs(content: string): string[] {
  const blocks = content.match(/q [\d.]+ 0 0 [\d.]+ [\d.]+ [\d.]+ cm\n[\s\S]*?0 g f Q/g) ?? [];
  return blocks.map((block) => {
    const runs = [...block.matchAll(/^(\d+) (\d+) (\d+) 1 re$/gm)].map((m) => m.slice(1, 4).map(Number));
    const size = Math.max(...runs.map(([col, , len]) => (col as number) + (len as number)));
    const quiet = 4;
    const px = 4;
    const side = (size + 2 * quiet) * px;
    const pixels = new Uint8ClampedArray(side * side * 4).fill(255);
    for (const [col, row, len] of runs as [number, number, number][]) {
      for (let c = col; c < col + len; c++) {
        for (let dy = 0; dy < px; dy++) {
          for (let dx = 0; dx < px; dx++) {
            const offset = (((row + quiet) * px + dy) * side + (c + quiet) * px + dx) * 4;
            pixels[offset] = pixels[offset + 1] = pixels[offset + 2] = 0;
          }
        }
      }
    }
    return jsQR(pixels, side, side)?.data ?? "(unreadable)";
  });
}

const hasPoppler = spawnSync("pdftotext", ["-v"]).status === 0;

function pdfText(pdf: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), "labels-"));
  const file = join(dir, "sheet.pdf");
  writeFileSync(file, pdf);
  const result = spawnSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" });
  if (result.status !== 0) throw new Error(result.stderr);
  return result.stdout;
}

describe("label sheet PDF", () => {
  it("fills A4 pages by the grid of each size", async () => {
    expect(labelSizes.map(labelsPerPage)).toEqual([65, 21, 8]);
    for (const size of labelSizes) {
      const perPage = labelsPerPage(size);
      for (const count of [1, perPage, perPage + 1, 2 * perPage + 3]) {
        const pdf = await renderLabelSheet({
          labels: Array.from({ length: count }, (_, i) => label(i)),
          size,
          locale: "vi",
        });
        const parsed = parsePdf(pdf);
        expect(parsed.pages, `${size} × ${count}`).toBe(Math.ceil(count / perPage));
        expect(parsed.pages).toBe(sheetPageCount(count, size));
        expect(parsed.raw).toContain("/MediaBox [0 0 595.28 841.89]");
        // One QR drawing per label.
        const drawn = parsed.contents.map((c) => (c.match(/0 g f Q/g) ?? []).length);
        expect(drawn.reduce((a, b) => a + b, 0)).toBe(count);
        expect(drawn[0]).toBe(Math.min(count, perPage));
      }
    }
  });

  it("draws QR codes that decode to each label's own URL, in order", async () => {
    for (const size of labelSizes) {
      const labels = Array.from({ length: 12 }, (_, i) => label(i));
      const parsed = parsePdf(await renderLabelSheet({ labels, size, locale: "vi" }));
      const decoded = parsed.contents.flatMap(decodeDrawnQrs);
      expect(decoded, size).toEqual(labels.map((l) => l.url));
    }
  });

  it("leaves the first positions empty when asked to skip used labels", async () => {
    const parsed = parsePdf(
      await renderLabelSheet({ labels: [label(0), label(1)], size: "large", locale: "vi", skip: 7 }),
    );
    expect(parsed.pages).toBe(2);
    expect(parsed.contents.map((c) => (c.match(/0 g f Q/g) ?? []).length)).toEqual([1, 1]);
    expect(sheetPageCount(2, "large", 7)).toBe(2);
  });

  it("embeds only a subset of Be Vietnam Pro, never a standard font", async () => {
    const pdf = await renderLabelSheet({ labels: [label(0)], size: "medium", locale: "vi" });
    const { raw, objects } = parsePdf(pdf);
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+BeVietnamPro-Regular/);
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+BeVietnamPro-Bold/);
    expect(raw).toContain("/FontFile2");
    expect(raw).not.toContain("Helvetica");
    // The full regular TTF is 131 KB; a subset for one label is a few KB.
    const fontLengths = [...raw.matchAll(/\/FontFile2 (\d+) 0 R/g)].map(
      (m) => objects.get(Number(m[1]))?.stream?.length ?? Number.NaN,
    );
    expect(fontLengths.length).toBe(2);
    for (const length of fontLengths) expect(length).toBeLessThan(40_000);
    expect(pdf.length).toBeLessThan(60_000);
  });

  it("draws OCOP stars as shapes, as many as the certificate has", async () => {
    const starCount = async (stars: number | null) => {
      const { contents } = parsePdf(
        await renderLabelSheet({ labels: [label(0, { stars })], size: "medium", locale: "vi" }),
      );
      return (contents[0]?.match(/^h$/gm) ?? []).length;
    };
    expect(await starCount(5)).toBe(5);
    expect(await starCount(3)).toBe(3);
    expect(await starCount(null)).toBe(0);
  });

  it("refuses an empty list, too many labels or a skip beyond the first page", async () => {
    await expect(renderLabelSheet({ labels: [], size: "small", locale: "vi" })).rejects.toThrow(RangeError);
    const many = Array.from({ length: MAX_LABELS_PER_SHEET + 1 }, () => label(0));
    await expect(renderLabelSheet({ labels: many, size: "small", locale: "vi" })).rejects.toThrow(RangeError);
    await expect(
      renderLabelSheet({ labels: [label(0)], size: "large", locale: "vi", skip: 8 }),
    ).rejects.toThrow(RangeError);
    await expect(
      renderLabelSheet({ labels: [label(0)], size: "huge" as LabelSize, locale: "vi" }),
    ).rejects.toThrow(RangeError);
  });

  it.skipIf(!hasPoppler)(
    "prints Vietnamese text, dd/mm/yyyy dates and whole lot codes (pdftotext)",
    async () => {
      const long = label(0, {
        productName: "Chè Shan tuyết cổ thụ Bó Nhàng hái tay một tôm hai lá, sao chảo gang củi",
        lot: "HKH/2026-11:DAC-0001",
        serial: "SERIAL-0000000000001",
      });
      const text = pdfText(
        await renderLabelSheet({ labels: [label(0), long], size: "medium", locale: "vi" }),
      );
      const flat = text.replace(/\s+/g, " ");
      expect(flat).toContain("Rượu men lá Đồng");
      expect(flat).toContain("HTX Nông nghiệp Thanh Tâm");
      expect(flat).toContain("Lô: RML-2611-01");
      expect(flat).toContain("NSX: 21/11/2026");
      expect(flat).toContain("HSD: 21/11/2027");
      expect(flat).toContain("OCOP");
      // Names too long for the label end in an ellipsis; codes that must be typed are never cut.
      expect(flat).toMatch(/Chè Shan tuyết[^…]*…/);
      expect(flat.replace(/ /g, "")).toContain("Lô:HKH/2026-11:DAC-0001");
      expect(flat.replace(/ /g, "")).toContain("SERIAL-0000000000001");
      expect(flat.replace(/ /g, "")).toContain("cho-ocop.vn/t/k3v9p2x7qa/000001");

      const en = pdfText(await renderLabelSheet({ labels: [label(0)], size: "large", locale: "en" })).replace(
        /\s+/g,
        " ",
      );
      expect(en).toContain("Lot: RML-2611-01");
      expect(en).toContain("Best before: 21/11/2027");
      expect(en).toContain("Scan to see where it comes from");

      const small = pdfText(await renderLabelSheet({ labels: [long], size: "small", locale: "vi" })).replace(
        /\s+/g,
        "",
      );
      expect(small).toContain("HKH/2026-11:DAC-0001");
      expect(small).toContain("SERIAL-0000000000001");
      expect(small).toContain("cho-ocop.vn/t/k3v9p2x7qa/000001");
    },
  );
});
