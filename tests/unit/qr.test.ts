import jsQR from "jsqr";
import QRCode from "qrcode";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { digitalLinkUrl, shortTraceUrl } from "~/domain/labels/digital-link";
import { QR_MARGIN, qrMatrix, qrPng, qrRuns, qrSegments, qrSvg } from "~/domain/labels/qr.server";

const URLS = [
  digitalLinkUrl("https://cho-ocop.vn", { gtin: "08938512400013", lot: "RML-2611-01" }),
  digitalLinkUrl("https://cho-ocop.vn", { gtin: "08938512400013", lot: "A/B%C", serial: "000123" }),
  shortTraceUrl("https://cho-ocop.vn", "k3v9p2x7qa"),
  shortTraceUrl("http://localhost:3000", "k3v9p2x7qa", "S-20"),
];

/** Decodes the QR code in an image (PNG or SVG bytes) back to its text. */
async function decode(image: Buffer | string): Promise<string | null> {
  const { data, info } = await sharp(typeof image === "string" ? Buffer.from(image) : image)
    .flatten({ background: "#ffffff" })
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return (
    jsQR(new Uint8ClampedArray(data.buffer, data.byteOffset, data.length), info.width, info.height)?.data ??
    null
  );
}

describe("QR images", () => {
  it("PNGs decode back to the exact URL", async () => {
    for (const url of URLS) {
      const png = await qrPng(url, { width: 300 });
      expect(png.subarray(1, 4).toString("latin1")).toBe("PNG");
      expect(await decode(png)).toBe(url);
    }
  });

  it("SVGs decode back to the exact URL", async () => {
    for (const url of URLS) {
      const svg = await qrSvg(url, { size: 320 });
      expect(svg).toMatch(/^<svg[^>]+width="320"/);
      expect(await decode(svg)).toBe(url);
    }
  });

  it("keep a quiet zone of 4 modules around the symbol", async () => {
    const url = URLS[1] as string;
    const { size } = qrMatrix(url);
    const modules = size + 2 * QR_MARGIN;
    // One pixel per module, so the quiet zone is exactly the first and last 4 rows and columns.
    const png = await qrPng(url, { width: modules });
    const { data, info } = await sharp(png).greyscale().raw().toBuffer({ resolveWithObject: true });
    expect(info.width).toBe(modules);
    const at = (x: number, y: number) => data[y * info.width + x];
    for (let i = 0; i < modules; i++) {
      for (let q = 0; q < QR_MARGIN; q++) {
        expect(at(i, q)).toBe(255);
        expect(at(q, i)).toBe(255);
        expect(at(i, modules - 1 - q)).toBe(255);
      }
    }
    // The finder pattern's corner module sits right inside the quiet zone.
    expect(at(QR_MARGIN, QR_MARGIN)).toBe(0);
  });

  it("refuses silly PNG sizes", async () => {
    await expect(qrPng(URLS[0] as string, { width: 10 })).rejects.toThrow(RangeError);
    await expect(qrPng(URLS[0] as string, { width: 300.5 })).rejects.toThrow(RangeError);
  });
});

describe("the QR matrix used for PDF labels", () => {
  it("is the symbol qrcode itself builds (same mask choice), with error correction M", () => {
    const urls = [...URLS];
    for (let i = 0; i < 150; i++) {
      urls.push(
        digitalLinkUrl("https://cho-ocop.vn", {
          gtin: "08938512400013",
          lot: `L${i}`,
          serial: String(i * 7919),
        }),
      );
      urls.push(shortTraceUrl("https://cho-ocop.vn", `code${i}x`.padEnd(10, "q"), i % 3 ? null : `S${i}`));
    }
    urls.push(`https://cho-ocop.vn/t/${"x".repeat(300)}`);
    for (const url of urls) {
      const reference = QRCode.create(qrSegments(url), { errorCorrectionLevel: "M" });
      const ours = qrMatrix(url);
      expect(ours.version, url).toBe(reference.version);
      expect(Buffer.from(ours.data).equals(Buffer.from(reference.modules.data)), url).toBe(true);
    }
  });

  it("runs cover exactly the dark modules", () => {
    const matrix = qrMatrix(URLS[1] as string);
    const rebuilt = new Uint8Array(matrix.size * matrix.size);
    const runs = qrRuns(matrix);
    for (let i = 0; i < runs.length; i += 3) {
      const [row, col, len] = [runs[i] as number, runs[i + 1] as number, runs[i + 2] as number];
      expect(len).toBeGreaterThan(0);
      for (let c = col; c < col + len; c++) rebuilt[row * matrix.size + c] = 1;
    }
    expect(Buffer.from(rebuilt).equals(Buffer.from(matrix.data))).toBe(true);
    // Fewer rectangles than dark modules: that is the point of runs.
    const dark = matrix.data.reduce((sum, v) => sum + v, 0);
    expect(runs.length / 3).toBeLessThan(dark * 0.7);
  });
});
