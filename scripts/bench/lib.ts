/** What every benchmark reports: one row of the table `npm run bench` prints. */
export interface BenchResult {
  name: string;
  value: string;
  /** The target as text ("≥ 0.5× static", "≤ 50 ms"), or "-" for a figure only reported. */
  target: string;
  ok: boolean;
}

/** The results as one table: name | value | target | ok. */
export function formatTable(results: readonly BenchResult[]): string {
  const rows = [
    ["name", "value", "target", "ok"],
    ...results.map((r) => [r.name, r.value, r.target, r.target === "-" ? "" : r.ok ? "yes" : "NO"]),
  ];
  const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((row) => (row[i] ?? "").length)));
  const line = (row: string[]) => `| ${row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(" | ")} |`;
  const rule = `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`;
  return [line(rows[0] ?? []), rule, ...rows.slice(1).map(line)].join("\n");
}
