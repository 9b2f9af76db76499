/** Pure helpers that size the bars of the server-rendered charts. */

/** The smallest "nice" number (1, 2 or 5 × 10ⁿ) at or above `max`; 1 for an empty chart. */
export function niceCeiling(max: number): number {
  if (!Number.isFinite(max) || max <= 1) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 2, 5, 10]) {
    if (step * magnitude >= max) return step * magnitude;
  }
  return 10 * magnitude;
}

/** Length of a bar for `value` on an axis from 0 to `axisMax` drawn over `width` units; a non-zero value stays visible. */
export function barLength(value: number, axisMax: number, width: number): number {
  if (value <= 0 || axisMax <= 0) return 0;
  return Math.max(2, Math.round((Math.min(value, axisMax) / axisMax) * width * 10) / 10);
}

/** Shortens a label to fit a bar row, with an ellipsis; the full text stays in the table. */
export function shorten(label: string, max = 44): string {
  const chars = Array.from(label);
  return chars.length <= max
    ? label
    : `${chars
        .slice(0, max - 1)
        .join("")
        .trimEnd()}…`;
}
