/** OCOP rules (Decision 148/QĐ-TTg, 2023; Decision 919/QĐ-TTg, 2022), pure. */

export const ocopGroups = ["food", "beverages", "herbal", "handicrafts", "ornamental", "tourism"] as const;
export type OcopGroup = (typeof ocopGroups)[number];

/** A certificate is valid for 36 months from its decision date. */
export const CERTIFICATE_VALIDITY_MONTHS = 36;
/** Managers and reviewers are warned this many days before a certificate expires. */
export const EXPIRY_WARNING_DAYS = 60;

/** Stars for a score out of 100: 3 (50–69), 4 (70–89), 5 (90–100); below 50 is not rated. */
export function starsForScore(score: number): 3 | 4 | 5 | null {
  if (!Number.isInteger(score) || score < 50 || score > 100) return null;
  return score >= 90 ? 5 : score >= 70 ? 4 : 3;
}

function parseIsoDate(iso: string): { y: number; m: number; d: number } {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!match) throw new RangeError(`Not an ISO date: ${iso}`);
  return { y: Number(match[1]), m: Number(match[2]), d: Number(match[3]) };
}

const pad = (n: number, w = 2) => String(n).padStart(w, "0");

/**
 * Decision date + 36 months, as an ISO date. A decision on the 29th–31st of a month whose
 * target month is shorter expires on that month's last day (e.g. 2023-05-31 → 2026-05-31,
 * 2021-02-29 does not exist; 2024-02-29 → 2027-02-28).
 */
export function certificateExpiry(decisionDate: string): string {
  const { y, m, d } = parseIsoDate(decisionDate);
  const totalMonths = y * 12 + (m - 1) + CERTIFICATE_VALIDITY_MONTHS;
  const ty = Math.floor(totalMonths / 12);
  const tm = (totalMonths % 12) + 1;
  const lastDay = new Date(Date.UTC(ty, tm, 0)).getUTCDate();
  return `${ty}-${pad(tm)}-${pad(Math.min(d, lastDay))}`;
}

/** Whole days from `today` to `date` (both ISO dates); negative when `date` is past. */
export function daysUntil(date: string, today: string): number {
  const a = parseIsoDate(today);
  const b = parseIsoDate(date);
  return Math.round((Date.UTC(b.y, b.m - 1, b.d) - Date.UTC(a.y, a.m - 1, a.d)) / 86_400_000);
}

export type CertificateState = "valid" | "expiring" | "expired";

/** A certificate is valid through its expiry date, and "expiring" in the last 60 days. */
export function certificateState(expiresOn: string, today: string): CertificateState {
  const left = daysUntil(expiresOn, today);
  if (left < 0) return "expired";
  return left <= EXPIRY_WARNING_DAYS ? "expiring" : "valid";
}

/** Stars are shown publicly only for an approved claim whose certificate has not expired. */
export function visibleStars(
  cert: { stars: number; expiresOn: string; approvedAt: Date | string | null } | null,
  today: string,
): number | null {
  if (!cert?.approvedAt) return null;
  return certificateState(cert.expiresOn, today) === "expired" ? null : cert.stars;
}
