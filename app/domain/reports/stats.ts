/** Small pure statistics for the figures pages. */

/** The median of the values, or null when there are none; the mean of the middle two for an even count. */
export function median(values: readonly number[]): number | null {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const mid = Math.floor(sorted.length / 2);
  const upper = sorted[mid] as number;
  return sorted.length % 2 === 1 ? upper : ((sorted[mid - 1] as number) + upper) / 2;
}

/** Hours split into whole days and remaining whole hours (rounded to the nearest hour). */
export function splitDuration(hours: number): { days: number; hours: number } {
  const total = Math.max(0, Math.round(hours));
  return { days: Math.floor(total / 24), hours: total % 24 };
}

/** Whole days a listing has waited since `since`, counted by calendar days in Vietnam. */
export function daysBetween(since: Date, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - since.getTime()) / 86_400_000));
}
