/**
 * Label benchmarks: a sheet of 1,000 serialised labels (each its own QR code) at every label
 * size, and QR codes as SVG per second.
 *
 *   tsx scripts/bench/labels.ts
 *
 * Target: 1,000 serialised labels in at most 2 s on the 2-core machine. Each figure is the
 * median of three runs after a warm-up, so one slow run on a busy machine does not decide it.
 */
import { pathToFileURL } from "node:url";
import { batchLinkUrl, shortTraceText } from "../../app/domain/labels/digital-link";
import { type LabelData, labelSizes, renderLabelSheet } from "../../app/domain/labels/label-sheet.server";
import { qrSvg } from "../../app/domain/labels/qr.server";
import type { BenchResult } from "./lib";

export type { BenchResult } from "./lib";

const ORIGIN = "https://cho-ocop.vn";
const LABELS = 1000;
const SHEET_TARGET_MS = 2000;
/** SVG codes are drawn on screen one or a few at a time; this only guards against a collapse. */
const SVG_TARGET_PER_S = 500;

function serialisedLabels(count: number): LabelData[] {
  const batch = { gtin: "08938512400013", lot: "RML-2611-01", publicCode: "k3v9p2x7qa" };
  return Array.from({ length: count }, (_, i) => {
    const serial = String(i + 1).padStart(6, "0");
    return {
      productName: "Rượu men lá Bằng Phúc",
      cooperativeName: "HTX Nông nghiệp và Dịch vụ Thanh Tâm",
      lot: batch.lot,
      producedOn: "2026-11-21",
      bestBefore: "2031-11-21",
      stars: 4,
      url: batchLinkUrl(ORIGIN, batch, serial),
      shortUrl: shortTraceText(ORIGIN, batch.publicCode, serial),
      serial,
    };
  });
}

async function median(runs: number, fn: () => Promise<number>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await fn());
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] as number;
}

export async function benchLabels(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const labels = serialisedLabels(LABELS);
  // Warm-up: font parsing, JIT, QR tables.
  await renderLabelSheet({ labels: labels.slice(0, 50), size: "medium", locale: "vi" });

  for (const size of labelSizes) {
    let bytes = 0;
    const ms = await median(3, async () => {
      const start = performance.now();
      const pdf = await renderLabelSheet({ labels, size, locale: "vi" });
      bytes = pdf.length;
      return performance.now() - start;
    });
    results.push({
      name: `label sheet, ${LABELS} serialised labels, ${size} (${Math.round(bytes / 1024)} KB)`,
      value: `${Math.round(ms)} ms`,
      target: `≤ ${SHEET_TARGET_MS} ms`,
      ok: ms <= SHEET_TARGET_MS,
    });
  }

  const urls = labels.map((l) => l.url);
  for (const url of urls.slice(0, 50)) await qrSvg(url);
  const start = performance.now();
  for (const url of urls) await qrSvg(url);
  const perSecond = (urls.length / (performance.now() - start)) * 1000;
  results.push({
    name: "QR code as SVG (Digital Link with serial)",
    value: `${Math.round(perSecond)} /s`,
    target: `≥ ${SVG_TARGET_PER_S} /s`,
    ok: perSecond >= SVG_TARGET_PER_S,
  });
  return results;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const results = await benchLabels();
  const width = Math.max(...results.map((r) => r.name.length));
  for (const r of results) {
    console.info(`${r.ok ? "ok  " : "SLOW"}  ${r.name.padEnd(width)}  ${r.value.padStart(9)}  (${r.target})`);
  }
  process.exitCode = results.every((r) => r.ok) ? 0 : 1;
}
