/**
 * Reads the QR codes on a printed label sheet the way a phone would see them: the PDF page is
 * rasterised (pdfjs-dist drawing onto @napi-rs/canvas, no browser and no system packages), each
 * label is cut out along the sheet's pre-cut grid, and jsQR decodes the pixels. Unlike reading
 * the drawing commands back, this also catches a code drawn at the wrong place, scale or
 * orientation, or covered by something else on the label.
 */
import { createCanvas } from "@napi-rs/canvas";
import jsQR from "jsqr";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import type { SheetGeometry } from "~/domain/labels/label-sheet.server";

/** RGBA pixels of one rendered page. */
export interface RasterPage {
  width: number;
  height: number;
  data: Uint8ClampedArray;
  /** Pixels per millimetre of paper. */
  pxPerMm: number;
}

/** A rectangle in pixels. */
export interface PixelBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

const POINTS_PER_MM = 72 / 25.4;

/**
 * Renders one page (1-based) at `dpi` dots per inch. 200 dpi gives the smallest label's modules
 * (about half a millimetre) three to four pixels each, about what a phone camera resolves.
 */
export async function rasterisePdfPage(
  pdf: Uint8Array,
  { page = 1, dpi = 200 }: { page?: number; dpi?: number } = {},
): Promise<RasterPage> {
  // pdfjs takes ownership of (detaches) the buffer it is given: hand it a copy.
  const document = await getDocument({ data: new Uint8Array(pdf), verbosity: 0 }).promise;
  try {
    if (page < 1 || page > document.numPages) {
      throw new RangeError(`The PDF has ${document.numPages} page(s); page ${page} does not exist`);
    }
    const pdfPage = await document.getPage(page);
    const viewport = pdfPage.getViewport({ scale: dpi / 72 });
    const width = Math.ceil(viewport.width);
    const height = Math.ceil(viewport.height);
    const canvas = createCanvas(width, height);
    // @napi-rs/canvas implements the part of HTMLCanvasElement pdfjs uses (getContext("2d")).
    await pdfPage.render({ canvas: canvas as unknown as HTMLCanvasElement, viewport }).promise;
    const image = canvas.getContext("2d").getImageData(0, 0, width, height);
    return { width, height, data: image.data, pxPerMm: (dpi / 72) * POINTS_PER_MM };
  } finally {
    await document.destroy();
  }
}

/** A QR code read off the page. */
export interface ScannedQr {
  text: string;
  /**
   * Its finder patterns sit top-left, top-right and bottom-left, as on a correctly printed code.
   * jsQR (like many phone scanners) also reads a mirrored code, which a strict reader refuses.
   */
  upright: boolean;
}

/** The one QR code inside `box` (the whole page when omitted), or null if none reads. */
export function decodeQrIn(raster: RasterPage, box?: PixelBox): ScannedQr | null {
  const x = Math.max(0, Math.floor(box?.x ?? 0));
  const y = Math.max(0, Math.floor(box?.y ?? 0));
  const width = Math.min(raster.width - x, Math.ceil(box?.width ?? raster.width));
  const height = Math.min(raster.height - y, Math.ceil(box?.height ?? raster.height));
  if (width <= 0 || height <= 0) return null;
  const crop = new Uint8ClampedArray(width * height * 4);
  for (let row = 0; row < height; row++) {
    const from = ((y + row) * raster.width + x) * 4;
    crop.set(raster.data.subarray(from, from + width * 4), row * width * 4);
  }
  // Labels are printed dark on light: no need to also try the inverted image.
  const code = jsQR(crop, width, height, { inversionAttempts: "dontInvert" });
  if (!code) return null;
  const { topLeftFinderPattern: tl, topRightFinderPattern: tr, bottomLeftFinderPattern: bl } = code.location;
  const across = tr.x - tl.x;
  const down = bl.y - tl.y;
  const upright =
    across > 0 && down > 0 && Math.abs(tr.y - tl.y) < across / 10 && Math.abs(bl.x - tl.x) < down / 10;
  return { text: code.data, upright };
}

/**
 * Every label position of a rendered page, left to right and top to bottom, each cut along the
 * sheet's grid (in millimetres) and decoded on its own: its QR code, or null for a position that
 * is empty or whose code does not read.
 */
export function decodeLabelGrid(raster: RasterPage, geometry: SheetGeometry): (ScannedQr | null)[] {
  const mm = raster.pxPerMm;
  const out: (ScannedQr | null)[] = [];
  for (let row = 0; row < geometry.rows; row++) {
    for (let col = 0; col < geometry.columns; col++) {
      out.push(
        decodeQrIn(raster, {
          x: (geometry.left + col * geometry.pitchX) * mm,
          y: (geometry.top + row * geometry.pitchY) * mm,
          width: geometry.width * mm,
          height: geometry.height * mm,
        }),
      );
    }
  }
  return out;
}

/** Rasterises one page of a label sheet and decodes every label position on it. */
export async function decodeLabelSheetPage(
  pdf: Uint8Array,
  geometry: SheetGeometry,
  options: { page?: number; dpi?: number } = {},
): Promise<(ScannedQr | null)[]> {
  return decodeLabelGrid(await rasterisePdfPage(pdf, options), geometry);
}

/**
 * What a strict reader gets from each position: the text of an upright code, the text marked
 * "(mirrored or turned)" otherwise, null where nothing reads. One value per position keeps a
 * failing assertion's diff readable.
 */
export function readAsPrinted(scanned: readonly (ScannedQr | null)[]): (string | null)[] {
  return scanned.map((qr) => (qr === null ? null : qr.upright ? qr.text : `(mirrored or turned) ${qr.text}`));
}
