import type { Locale } from "~/i18n";

export const TIME_ZONE = "Asia/Ho_Chi_Minh";
const intlLocale = (locale: Locale) => (locale === "vi" ? "vi-VN" : "en-GB");

// Intl formatters cost far more to build than to use, and a page formats dozens of prices and
// dates: each is built once per language.
function once<T>(build: (locale: Locale) => T): (locale: Locale) => T {
  const made = new Map<Locale, T>();
  return (locale) => {
    let value = made.get(locale);
    if (value === undefined) {
      value = build(locale);
      made.set(locale, value);
    }
    return value;
  };
}

const vndFormat = once((locale) => new Intl.NumberFormat(intlLocale(locale), { maximumFractionDigits: 0 }));
const dateFormat = once(
  (locale) =>
    new Intl.DateTimeFormat(intlLocale(locale), {
      timeZone: TIME_ZONE,
      day: "2-digit",
      month: "2-digit",
      year: "numeric",
    }),
);
const timeFormat = once(
  (locale) =>
    new Intl.DateTimeFormat(intlLocale(locale), {
      timeZone: TIME_ZONE,
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    }),
);
const isoDay = new Intl.DateTimeFormat("en-CA", { timeZone: TIME_ZONE });

/** Whole đồng, written as Vietnamese write it: "125.000 ₫" (English: "125,000 ₫"). */
export function formatVnd(amount: number, locale: Locale = "vi"): string {
  return `${vndFormat(locale).format(amount)} ₫`;
}

/** 21/11/2026 in Asia/Ho_Chi_Minh. Accepts a Date or an ISO date ("2026-11-21"). */
export function formatDate(value: Date | string, locale: Locale = "vi"): string {
  const date =
    typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value)
      ? new Date(`${value}T00:00:00+07:00`)
      : new Date(value);
  return dateFormat(locale).format(date);
}

/** 21/11/2026, 14:05 in Asia/Ho_Chi_Minh. */
export function formatDateTime(value: Date | string, locale: Locale = "vi"): string {
  const parts = timeFormat(locale).format(new Date(value));
  return `${formatDate(new Date(value), locale)}, ${parts}`;
}

/** Today's date in Vietnam as YYYY-MM-DD. */
export function todayInVietnam(now: Date = new Date()): string {
  return isoDay.format(now);
}
