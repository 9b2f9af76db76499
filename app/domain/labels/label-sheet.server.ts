/**
 * A4 sheets of trace labels as PDF, laid out on standard pre-cut label grids (Avery-compatible)
 * so a cooperative can print on an ordinary office printer.
 *
 * QR codes are drawn as vector rectangles straight from the QR matrix (one rectangle per run of
 * dark modules), not embedded as images: they stay sharp at any printer resolution, and a
 * thousand serialised labels, each with its own code, render in well under two seconds.
 * Text uses Be Vietnam Pro (SIL OFL 1.1), a typeface drawn for Vietnamese; pdfkit embeds only
 * the glyphs used, so a sheet stays around tens of kilobytes. OCOP stars are drawn as shapes, so
 * they do not depend on a font having ★.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import PDFDocument from "pdfkit";
import { type Locale, messagesFor } from "~/i18n";
import { formatDate } from "~/utils/format";
import { QR_MARGIN, qrMatrix, qrRuns } from "./qr.server";

export type LabelSize = "small" | "medium" | "large";
export const labelSizes: readonly LabelSize[] = ["small", "medium", "large"];

export interface LabelData {
  productName: string;
  cooperativeName: string;
  lot: string;
  /** ISO date "YYYY-MM-DD" (or a Date), printed dd/mm/yyyy. */
  producedOn: string | Date;
  bestBefore: string | Date | null;
  /** OCOP stars (3–5) while the certificate is approved and valid; null prints none. */
  stars: number | null;
  /** What the QR code encodes: the Digital Link or the short trace URL. */
  url: string;
  /** Printed under the code for typing by hand, e.g. "cho-ocop.vn/t/k3v9p2x7qa". */
  shortUrl: string;
  serial?: string | null;
}

export interface LabelSheetInput {
  labels: readonly LabelData[];
  size: LabelSize;
  locale: Locale;
  /** Label positions to leave empty at the start of the first page (a sheet already partly used). */
  skip?: number;
  /** Thin grey outlines around each label, for cutting plain paper by hand. */
  outlines?: boolean;
}

/** Geometry of one pre-cut A4 sheet, in millimetres. */
export interface SheetGeometry {
  /** Avery-compatible product code, shown to the user to buy the right sheets. */
  code: string;
  width: number;
  height: number;
  columns: number;
  rows: number;
  left: number;
  top: number;
  /** Distance from one label's left (top) edge to the next one's. */
  pitchX: number;
  pitchY: number;
}

export const sheetGeometry: Record<LabelSize, SheetGeometry> = {
  // 65 per sheet, L7651 grid: only the code, the lot and the short address fit.
  small: {
    code: "L7651",
    width: 38.1,
    height: 21.2,
    columns: 5,
    rows: 13,
    left: 4.75,
    top: 10.7,
    pitchX: 40.64,
    pitchY: 21.2,
  },
  // 21 per sheet, L7160 grid.
  medium: {
    code: "L7160",
    width: 63.5,
    height: 38.1,
    columns: 3,
    rows: 7,
    left: 7.2,
    top: 15.15,
    pitchX: 66.04,
    pitchY: 38.1,
  },
  // 8 per sheet, L7165 grid.
  large: {
    code: "L7165",
    width: 99.1,
    height: 67.7,
    columns: 2,
    rows: 4,
    left: 4.65,
    top: 13.1,
    pitchX: 101.6,
    pitchY: 67.7,
  },
};

/** A single request may not ask for more labels than this (about 77 pages of the smallest size). */
export const MAX_LABELS_PER_SHEET = 5000;

export function labelsPerPage(size: LabelSize): number {
  const g = sheetGeometry[size];
  return g.columns * g.rows;
}

export function sheetPageCount(count: number, size: LabelSize, skip = 0): number {
  return Math.ceil((count + skip) / labelsPerPage(size));
}

const MM = 72 / 25.4;
const A4 = { width: 595.28, height: 841.89 };
const ELLIPSIS = "…";

const require = createRequire(import.meta.url);
let fontFiles: { regular: Buffer; bold: Buffer } | null = null;

/** The two Be Vietnam Pro weights, read from disk once per process. */
function fonts(): { regular: Buffer; bold: Buffer } {
  if (!fontFiles) {
    const base = "@expo-google-fonts/be-vietnam-pro";
    fontFiles = {
      regular: readFileSync(require.resolve(`${base}/400Regular/BeVietnamPro_400Regular.ttf`)),
      bold: readFileSync(require.resolve(`${base}/700Bold/BeVietnamPro_700Bold.ttf`)),
    };
  }
  return fontFiles;
}

type FontName = "regular" | "bold";

/** Text measuring with a cache: a sheet repeats the same product, cooperative and dates. */
class TextFitter {
  private cache = new Map<string, string[]>();
  private fitCache = new Map<string, { size: number; lines: string[] }>();
  constructor(private doc: PDFKit.PDFDocument) {}

  width(text: string, font: FontName, size: number): number {
    return this.doc.font(font).fontSize(size).widthOfString(text);
  }

  /** Greedy word wrap into at most maxLines lines; the last line ends in "…" if text is left over. */
  lines(text: string, font: FontName, size: number, maxWidth: number, maxLines: number): string[] {
    const key = `${font}|${size}|${maxWidth}|${maxLines}|${text}`;
    const hit = this.cache.get(key);
    if (hit) return hit;
    const all = this.wrap(text.trim().replace(/\s+/g, " "), font, size, maxWidth, /(?<= )/);
    const out = all.slice(0, maxLines);
    if (all.length > maxLines && out.length > 0) {
      const fits = (s: string) => this.width(s, font, size) <= maxWidth;
      let last = `${out[out.length - 1] ?? ""} ${all[maxLines] ?? ""}`;
      while (last.length > 0 && !fits(`${last}${ELLIPSIS}`)) last = [...last].slice(0, -1).join("").trimEnd();
      out[out.length - 1] = `${last}${ELLIPSIS}`;
    }
    this.cache.set(key, out);
    return out;
  }

  /**
   * Wraps text into as many lines as it needs, never dropping a character: breaks after the
   * separators `breakAfter` matches, and inside a piece only when the piece alone is too wide.
   */
  wrap(text: string, font: FontName, size: number, maxWidth: number, breakAfter: RegExp): string[] {
    const fits = (s: string) => this.width(s.trimEnd(), font, size) <= maxWidth;
    const out: string[] = [];
    let line = "";
    for (const piece of text.split(breakAfter)) {
      if (fits(line + piece)) {
        line += piece;
        continue;
      }
      if (line) out.push(line.trimEnd());
      line = "";
      for (const ch of piece) {
        if (line && !fits(line + ch)) {
          out.push(line.trimEnd());
          line = "";
        }
        line += ch;
      }
    }
    if (line.trim()) out.push(line.trimEnd());
    return out;
  }

  /**
   * The largest size from maxSize down to minSize (half-point steps) at which the whole text fits
   * in maxLines lines; at minSize it takes as many lines as needed. For lot codes, serials and
   * addresses, which must never be cut short.
   */
  fitAll(text: string, font: FontName, maxSize: number, minSize: number, maxWidth: number, maxLines: number) {
    const key = `${font}|${maxSize}|${minSize}|${maxWidth}|${maxLines}|${text}`;
    const hit = this.fitCache.get(key);
    if (hit) return hit;
    let result = { size: minSize, lines: [] as string[] };
    for (let size = maxSize; size >= minSize; size -= 0.5) {
      const lines = this.wrap(text, font, size, maxWidth, /(?<=[ /-])/);
      result = { size, lines };
      if (lines.length <= maxLines) break;
    }
    this.fitCache.set(key, result);
    return result;
  }
}

interface Layout {
  /** Inner margin of the label, mm. */
  pad: number;
  /** Side of the QR box including its quiet zone, mm. */
  qr: number;
  /** Space between the code and the text column, mm. */
  gap: number;
  /** Font sizes in points. */
  title: number;
  titleLines: number;
  body: number;
  coopLines: number;
  /** The lot line starts at this size and shrinks to minCode before it wraps. */
  code: number;
  minCode: number;
  url: number;
  minUrl: number;
  star: number;
}

const layouts: Record<LabelSize, Layout> = {
  small: {
    pad: 1.2,
    qr: 18.8,
    gap: 0.6,
    title: 0,
    titleLines: 0,
    body: 5,
    coopLines: 0,
    code: 7,
    minCode: 5,
    url: 5,
    minUrl: 4.5,
    star: 0,
  },
  medium: {
    pad: 2,
    qr: 28,
    gap: 1.5,
    title: 8.5,
    titleLines: 2,
    body: 6.5,
    coopLines: 2,
    code: 7.5,
    minCode: 5.5,
    url: 6,
    minUrl: 5,
    star: 7,
  },
  large: {
    pad: 4,
    qr: 44,
    gap: 3,
    title: 13,
    titleLines: 3,
    body: 9,
    coopLines: 2,
    code: 10.5,
    minCode: 7,
    url: 8,
    minUrl: 6.5,
    star: 10,
  },
};

/** A five-pointed star path (filled), `d` points across, with its top-left corner at (x, y). */
function starPath(x: number, y: number, d: number): string {
  const r = d / 2;
  const cx = x + r;
  const cy = y + r * 1.05;
  const points: string[] = [];
  for (let k = 0; k < 10; k++) {
    const radius = k % 2 === 0 ? r : r * 0.42;
    const angle = -Math.PI / 2 + (k * Math.PI) / 5;
    const px = (cx + radius * Math.cos(angle)).toFixed(2);
    const py = (cy + radius * Math.sin(angle)).toFixed(2);
    points.push(`${px} ${py} ${k === 0 ? "m" : "l"}`);
  }
  return `${points.join("\n")}\nh`;
}

/** "0".."200" as strings: module coordinates repeat millions of times on a big sheet. */
const SMALL_INTS = Array.from({ length: 201 }, (_, i) => String(i));

/** The QR symbol for `url`, its quiet zone included in a `box` point square at (x, y). */
function drawQr(doc: PDFKit.PDFDocument, url: string, x: number, y: number, box: number): void {
  const matrix = qrMatrix(url);
  const runs = qrRuns(matrix);
  const scale = box / (matrix.size + 2 * QR_MARGIN);
  const ox = x + QR_MARGIN * scale;
  const oy = y + QR_MARGIN * scale;
  // Module units under a scaling matrix, so every rectangle is written in small whole numbers.
  const parts = [`q ${scale.toFixed(5)} 0 0 ${scale.toFixed(5)} ${ox.toFixed(3)} ${oy.toFixed(3)} cm`];
  for (let i = 0; i < runs.length; i += 3) {
    parts.push(
      `${SMALL_INTS[runs[i + 1] as number]} ${SMALL_INTS[runs[i] as number]} ${SMALL_INTS[runs[i + 2] as number]} 1 re`,
    );
  }
  parts.push("0 g f Q\n");
  // Bytes rather than a string: pdfkit would otherwise convert the text character by character.
  doc.addContent(Buffer.from(parts.join("\n"), "latin1"));
}

/** dd/mm/yyyy, memoised: building the Intl formatter costs more than drawing a label. */
function dateFormatter(locale: Locale): (value: string | Date) => string {
  const cache = new Map<string, string>();
  return (value) => {
    const key = value instanceof Date ? value.toISOString() : value;
    let text = cache.get(key);
    if (text === undefined) {
      text = formatDate(value, locale);
      cache.set(key, text);
    }
    return text;
  };
}

interface Strings {
  lot: string;
  serial: string;
  producedOn: string;
  bestBefore: string;
  scanToTrace: string;
}

function drawLabel(
  doc: PDFKit.PDFDocument,
  fit: TextFitter,
  label: LabelData,
  size: LabelSize,
  x: number,
  y: number,
  t: Strings,
  date: (value: string | Date) => string,
): void {
  const g = sheetGeometry[size];
  const l = layouts[size];
  const pad = l.pad * MM;
  const qrBox = l.qr * MM;
  const h = g.height * MM;
  const qrY = size === "small" ? y + (h - qrBox) / 2 : y + pad;
  drawQr(doc, label.url, x + pad, qrY, qrBox);

  const colX = x + pad + qrBox + l.gap * MM;
  const colW = g.width * MM - (colX - x) - pad;
  let cy = y + pad;
  const text = (s: string, font: FontName, fontSize: number, at: number, left = colX) => {
    doc.font(font).fontSize(fontSize).text(s, left, at, { lineBreak: false });
  };
  /** Lines that must be printed whole (lot, serial): shrink, then wrap. */
  const whole = (s: string, maxSize: number, minSize: number) => {
    const block = fit.fitAll(s, "bold", maxSize, minSize, colW, 1);
    for (const line of block.lines) {
      text(line, "bold", block.size, cy);
      cy += block.size * 1.25;
    }
  };

  if (size === "small") {
    whole(`${t.lot} ${label.lot}`, l.code, l.minCode);
    if (label.serial) whole(`${t.serial} ${label.serial}`, l.code - 0.5, l.minCode);
    const url = fit.fitAll(label.shortUrl, "regular", l.url, l.minUrl, colW, 3);
    let uy = y + h - pad - url.lines.length * url.size * 1.2;
    for (const line of url.lines) {
      text(line, "regular", url.size, uy);
      uy += url.size * 1.2;
    }
    return;
  }

  for (const line of fit.lines(label.productName, "bold", l.title, colW, l.titleLines)) {
    text(line, "bold", l.title, cy);
    cy += l.title * 1.2;
  }
  cy += l.body * 0.2;
  for (const line of fit.lines(label.cooperativeName, "regular", l.body, colW, l.coopLines)) {
    text(line, "regular", l.body, cy);
    cy += l.body * 1.3;
  }
  cy += l.body * 0.3;
  if (label.stars) {
    const ocop = "OCOP";
    text(ocop, "bold", l.body, cy);
    const sx = colX + fit.width(`${ocop} `, "bold", l.body);
    const stars: string[] = [];
    for (let k = 0; k < Math.min(Math.max(Math.round(label.stars), 0), 5); k++) {
      stars.push(starPath(sx + k * l.star * 1.1, cy, l.star));
    }
    doc.addContent(`0 g\n${stars.join("\n")}\nf`);
    cy += Math.max(l.star, l.body) * 1.3;
  }
  whole(`${t.lot}: ${label.lot}`, l.code, l.minCode);
  if (label.serial) whole(`${t.serial}: ${label.serial}`, l.body, l.minCode);
  const dates = [`${t.producedOn}: ${date(label.producedOn)}`];
  if (label.bestBefore) dates.push(`${t.bestBefore}: ${date(label.bestBefore)}`);
  for (const line of dates) {
    text(fit.lines(line, "regular", l.body, colW, 1)[0] ?? "", "regular", l.body, cy);
    cy += l.body * 1.3;
  }
  if (size === "large") {
    const hint = fit.lines(t.scanToTrace, "regular", l.body * 0.85, colW, 1)[0] ?? "";
    text(hint, "regular", l.body * 0.85, y + h - pad - l.body * 0.85 * 1.2);
  }
  // The short address goes under the code, centred on it, whole.
  const url = fit.fitAll(label.shortUrl, "regular", l.url, l.minUrl, qrBox, 2);
  let uy = y + pad + qrBox + 0.3 * MM;
  for (const line of url.lines) {
    const lw = fit.width(line, "regular", url.size);
    text(line, "regular", url.size, uy, x + pad + (qrBox - lw) / 2);
    uy += url.size * 1.2;
  }
}

/**
 * Renders labels onto A4 pages of the chosen grid, left to right, top to bottom, and returns
 * the PDF. Throws RangeError for an empty list, more than MAX_LABELS_PER_SHEET labels or a skip
 * outside the first page.
 */
export async function renderLabelSheet(input: LabelSheetInput): Promise<Buffer> {
  const { labels, size, locale } = input;
  const skip = input.skip ?? 0;
  const g = sheetGeometry[size];
  if (!g) throw new RangeError(`Unknown label size: ${String(size)}`);
  const perPage = labelsPerPage(size);
  if (labels.length === 0) throw new RangeError("A label sheet needs at least one label");
  if (labels.length > MAX_LABELS_PER_SHEET) {
    throw new RangeError(`At most ${MAX_LABELS_PER_SHEET} labels per sheet request`);
  }
  if (!Number.isInteger(skip) || skip < 0 || skip >= perPage) {
    throw new RangeError(`skip must be between 0 and ${perPage - 1}`);
  }

  const t = messagesFor(locale).labels.sheet;
  const files = fonts();
  const doc = new PDFDocument({
    size: "A4",
    margin: 0,
    autoFirstPage: false,
    // No default font: pdfkit would load Helvetica, which cannot write Vietnamese. (Giving our
    // font here instead makes pdfkit re-parse it on every later font switch.)
    font: null as unknown as string,
    info: {
      Title: `${t.title} – ${[...new Set(labels.map((l) => l.lot))].slice(0, 5).join(", ")}`,
      Creator: "Chợ OCOP",
      Producer: "Chợ OCOP",
    },
    lang: locale,
  });
  doc.registerFont("regular", files.regular);
  doc.registerFont("bold", files.bold);

  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("data", (chunk: Buffer) => chunks.push(chunk));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });

  const fit = new TextFitter(doc);
  const date = dateFormatter(locale);
  for (let i = 0; i < labels.length; i++) {
    const position = i + skip;
    const slot = position % perPage;
    if (slot === 0 || i === 0) doc.addPage({ size: [A4.width, A4.height], margin: 0 });
    const col = slot % g.columns;
    const row = Math.floor(slot / g.columns);
    const x = (g.left + col * g.pitchX) * MM;
    const y = (g.top + row * g.pitchY) * MM;
    if (input.outlines) {
      doc
        .save()
        .lineWidth(0.25)
        .strokeColor("#999999")
        .roundedRect(x, y, g.width * MM, g.height * MM, 2 * MM)
        .stroke()
        .restore();
    }
    drawLabel(doc, fit, labels[i] as LabelData, size, x, y, t, date);
  }
  doc.end();
  return done;
}
