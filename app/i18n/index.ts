import { en } from "./en";
import { vi } from "./vi";

export const locales = ["vi", "en"] as const;
export type Locale = (typeof locales)[number];
export const defaultLocale: Locale = "vi";

/** The Vietnamese dictionary is the reference shape; the English one must match it key for key. */
export type Messages = typeof vi;
const dictionaries: Record<Locale, Messages> = { vi, en };

export function isLocale(value: unknown): value is Locale {
  return value === "vi" || value === "en";
}

export function messagesFor(locale: Locale): Messages {
  return dictionaries[locale];
}

/**
 * Looks up a dotted key ("accounts.errors.phoneTaken") for messages that travel as data:
 * validation errors and domain errors carry keys, and the view translates them.
 */
export function translate(locale: Locale, key: string, params: Record<string, string | number> = {}): string {
  let node: unknown = dictionaries[locale];
  for (const part of key.split(".")) {
    node = node && typeof node === "object" ? (node as Record<string, unknown>)[part] : undefined;
  }
  if (typeof node === "function") return String((node as (p: typeof params) => string)(params));
  if (typeof node !== "string") return translate(locale, "validation.invalid");
  return node.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
}

/** Picks the first supported language of an Accept-Language header, Vietnamese when none matches. */
export function localeFromAcceptLanguage(header: string | null): Locale {
  if (!header) return defaultLocale;
  const ranked = header
    .split(",")
    .map((part) => {
      const [tag = "", ...attrs] = part.trim().split(";");
      const q = attrs.map((a) => a.trim()).find((a) => a.startsWith("q="));
      return { lang: tag.toLowerCase().split("-")[0] ?? "", q: q ? Number(q.slice(2)) || 0 : 1 };
    })
    .filter((e) => e.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { lang } of ranked) if (isLocale(lang)) return lang;
  return defaultLocale;
}
