import type { Locale } from "~/i18n";

export const TIME_ZONE = "Asia/Ho_Chi_Minh";
const intlLocale = (locale: Locale) => (locale === "vi" ? "vi-VN" : "en-GB");

/** Whole đồng, written as Vietnamese write it: "125.000 ₫" (English: "125,000 ₫"). */
export function formatVnd(amount: number, locale: Locale = "vi"): string {
  return `${new Intl.NumberFormat(intlLocale(locale), { maximumFractionDigits: 0 }).format(amount)} ₫`;
}

/** 21/11/2026 in Asia/Ho_Chi_Minh. Accepts a Date or an ISO date ("2026-11-21"). */
export function formatDate(value: Date | string, locale: Locale = "vi"): string {
  const date =
    typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value)
      ? new Date(`${value}T00:00:00+07:00`)
      : new Date(value);
  return new Intl.DateTimeFormat(intlLocale(locale), {
    timeZone: TIME_ZONE,
    day: "2-digit",
    month: "2-digit",
    year: "numeric",
  }).format(date);
}

/** 21/11/2026, 14:05 in Asia/Ho_Chi_Minh. */
export function formatDateTime(value: Date | string, locale: Locale = "vi"): string {
  const parts = new Intl.DateTimeFormat(intlLocale(locale), {
    timeZone: TIME_ZONE,
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(new Date(value));
  return `${formatDate(new Date(value), locale)}, ${parts}`;
}

/** Today's date in Vietnam as YYYY-MM-DD. */
export function todayInVietnam(now: Date = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: TIME_ZONE }).format(now);
}
