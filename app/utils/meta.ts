import { defaultLocale, isLocale, type Messages, messagesFor } from "~/i18n";

type Match = { id: string; data: unknown };

/** The dictionary of the page's language, for a route's `meta` (which cannot use hooks). */
export function messagesFromMatches(matches: Match[]): Messages {
  const locale = (matches.find((m) => m.id === "root")?.data as { locale?: unknown } | undefined)?.locale;
  return messagesFor(isLocale(locale) ? locale : defaultLocale);
}
