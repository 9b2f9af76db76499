/**
 * QR codes for trace labels, with the qrcode package.
 *
 * Error correction "M" (about 15% of the symbol can be lost): labels on jars and bags get
 * scuffed, creased and splashed, which "L" (7%) does not survive well, while "Q" would push a
 * full Digital Link with a serial to a larger QR version and so smaller modules on a 38 mm
 * label. The quiet zone is 4 modules, as ISO/IEC 18004 and GS1 ask: cheap phone cameras in a
 * dim market stall lose the symbol when it touches printed text.
 */
import QRCode from "qrcode";

export const QR_ERROR_CORRECTION = "M" as const;
/** Quiet zone, in modules. */
export const QR_MARGIN = 4;

export interface QrMatrix {
  /** Modules per side, without the quiet zone. */
  size: number;
  /** Row-major, 1 = dark. */
  data: Uint8Array;
  version: number;
}

const MASKS: ((i: number, j: number) => boolean)[] = [
  (i, j) => (i + j) % 2 === 0,
  (i) => i % 2 === 0,
  (_i, j) => j % 3 === 0,
  (i, j) => (i + j) % 3 === 0,
  (i, j) => (Math.floor(i / 2) + Math.floor(j / 3)) % 2 === 0,
  (i, j) => ((i * j) % 2) + ((i * j) % 3) === 0,
  (i, j) => (((i * j) % 2) + ((i * j) % 3)) % 2 === 0,
  (i, j) => (((i * j) % 3) + ((i + j) % 2)) % 2 === 0,
];

interface VersionTables {
  /** Per mask: 1 where mask p and mask 0 differ, on data modules only. */
  flip: Uint8Array[];
  /** Per mask: the function patterns and format bits of a symbol with that mask, 0 elsewhere. */
  fixed: Uint8Array[];
}

/** Tables per QR version, built once from throwaway symbols: function patterns do not depend on the data. */
const versionTables = new Map<number, VersionTables>();
function tablesFor(version: number): VersionTables {
  let tables = versionTables.get(version);
  if (!tables) {
    const symbols = MASKS.map(
      (_, p) =>
        QRCode.create("0", { version, errorCorrectionLevel: QR_ERROR_CORRECTION, maskPattern: p as 0 })
          .modules,
    );
    const { size, reservedBit } = symbols[0] as QRCode.BitMatrix;
    const mask0 = MASKS[0] as (i: number, j: number) => boolean;
    tables = {
      flip: MASKS.map((mask) => {
        const grid = new Uint8Array(size * size);
        for (let i = 0; i < size; i++) {
          for (let j = 0; j < size; j++) {
            const k = i * size + j;
            grid[k] = !reservedBit[k] && mask0(i, j) !== mask(i, j) ? 1 : 0;
          }
        }
        return grid;
      }),
      fixed: symbols.map((symbol) => symbol.data.map((v, k) => (reservedBit[k] ? v : 0))),
    };
    versionTables.set(version, tables);
  }
  return tables;
}

/** ISO/IEC 18004 mask penalty (N1–N4), scored exactly as the qrcode package scores it. */
function maskPenalty(data: Uint8Array, size: number): number {
  let points = 0;
  let dark = 0;
  for (let a = 0; a < size; a++) {
    // One pass along row a and one down column a: runs of one colour (N1) and 1:1:3:1:1 finder look-alikes (N3).
    let runRow = 0;
    let runCol = 0;
    let lastRow = -1;
    let lastCol = -1;
    let bitsRow = 0;
    let bitsCol = 0;
    const rowBase = a * size;
    for (let b = 0; b < size; b++) {
      const r = data[rowBase + b] as number;
      const c = data[b * size + a] as number;
      dark += r;
      if (r === lastRow) runRow++;
      else {
        if (runRow >= 5) points += runRow - 2;
        lastRow = r;
        runRow = 1;
      }
      if (c === lastCol) runCol++;
      else {
        if (runCol >= 5) points += runCol - 2;
        lastCol = c;
        runCol = 1;
      }
      bitsRow = ((bitsRow << 1) & 0x7ff) | r;
      bitsCol = ((bitsCol << 1) & 0x7ff) | c;
      if (b >= 10) {
        if (bitsRow === 0x5d0 || bitsRow === 0x05d) points += 40;
        if (bitsCol === 0x5d0 || bitsCol === 0x05d) points += 40;
      }
      // 2×2 blocks of one colour (N2), with this module as the top-left corner.
      if (a < size - 1 && b < size - 1) {
        const sum =
          r +
          (data[rowBase + b + 1] as number) +
          (data[rowBase + size + b] as number) +
          (data[rowBase + size + b + 1] as number);
        if (sum === 0 || sum === 4) points += 3;
      }
    }
    if (runRow >= 5) points += runRow - 2;
    if (runCol >= 5) points += runCol - 2;
  }
  // Share of dark modules away from 50% (N4).
  points += Math.abs(Math.ceil((dark * 100) / (size * size) / 5) - 10) * 10;
  return points;
}

/**
 * The whole text as one byte-mode segment. qrcode's optimal mixed-mode split (digits as
 * numeric, capitals as alphanumeric) saves at most one QR version on our URLs but triples the
 * time per code, which matters for a sheet of a thousand serialised labels.
 */
export function qrSegments(text: string): QRCode.QRCodeSegment[] {
  return [{ data: Buffer.from(text, "utf8"), mode: "byte" }];
}

/**
 * The module grid of the QR code for `text` (no quiet zone), for drawing it ourselves: the same
 * symbol QRCode.create gives for qrSegments(text), about ten times faster. qrcode re-lays the
 * whole matrix for each of the eight masks it tries; here the masks are scored on one copy in
 * typed arrays. This is what keeps 1,000 serialised labels well under two seconds.
 */
export function qrMatrix(text: string): QrMatrix {
  const base = QRCode.create(qrSegments(text), { errorCorrectionLevel: QR_ERROR_CORRECTION, maskPattern: 0 });
  const { size, data, reservedBit } = base.modules;
  const { flip, fixed } = tablesFor(base.version);
  const n = data.length;
  // The data modules with mask 0 applied and the function patterns blanked out.
  const masked0 = new Uint8Array(n);
  for (let k = 0; k < n; k++) masked0[k] = reservedBit[k] ? 0 : (data[k] as number);
  let best: Uint8Array = data;
  let bestPenalty = Number.POSITIVE_INFINITY;
  for (let p = 0; p < MASKS.length; p++) {
    const f = flip[p] as Uint8Array;
    const fx = fixed[p] as Uint8Array;
    const candidate = new Uint8Array(n);
    for (let k = 0; k < n; k++)
      candidate[k] = ((masked0[k] as number) ^ (f[k] as number)) | (fx[k] as number);
    const penalty = maskPenalty(candidate, size);
    // Strictly lower, as qrcode does, so ties keep the lower mask number.
    if (penalty < bestPenalty) {
      bestPenalty = penalty;
      best = candidate;
    }
  }
  return { size, data: best, version: base.version };
}

/**
 * Horizontal runs of dark modules as [row, column, length] triples, flattened. Drawing one
 * rectangle per run instead of per module halves the drawing work and leaves no hairline gaps
 * between neighbouring modules in PDF viewers.
 */
export function qrRuns(matrix: QrMatrix): number[] {
  const { size, data } = matrix;
  const runs: number[] = [];
  for (let row = 0; row < size; row++) {
    const base = row * size;
    let col = 0;
    while (col < size) {
      if (data[base + col]) {
        const start = col;
        while (col < size && data[base + col]) col++;
        runs.push(row, start, col - start);
      } else {
        col++;
      }
    }
  }
  return runs;
}

/** An SVG image of the QR code for `url`, `size` pixels square (default: 4 px per module). */
export async function qrSvg(url: string, options: { size?: number } = {}): Promise<string> {
  return QRCode.toString(qrSegments(url), {
    type: "svg",
    errorCorrectionLevel: QR_ERROR_CORRECTION,
    margin: QR_MARGIN,
    ...(options.size ? { width: options.size } : {}),
  });
}

/** A PNG of the QR code for `url`, `width` pixels square including the quiet zone. */
export async function qrPng(url: string, options: { width: number }): Promise<Buffer> {
  if (!Number.isInteger(options.width) || options.width < 21 || options.width > 4096) {
    throw new RangeError("QR PNG width must be a whole number of pixels between 21 and 4096");
  }
  return QRCode.toBuffer(qrSegments(url), {
    type: "png",
    errorCorrectionLevel: QR_ERROR_CORRECTION,
    margin: QR_MARGIN,
    width: options.width,
  });
}
