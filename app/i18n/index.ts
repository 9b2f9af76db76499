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

type Params = Record<string, string | number>;
type CompiledMessage = (params: Params) => string;

/** A message with its {placeholders} split out once, so filling it in is a join. */
function compileMessage(node: unknown): CompiledMessage | null {
  if (typeof node === "function") return (params) => String((node as (p: Params) => string)(params));
  if (typeof node !== "string") return null;
  // Odd indices hold placeholder names: "a {x} b" -> ["a ", "x", " b"].
  const parts = node.split(/\{(\w+)\}/);
  if (parts.length === 1) return () => node;
  return (params) => {
    let text = parts[0] ?? "";
    for (let i = 1; i < parts.length; i += 2) {
      const name = parts[i] as string;
      text += String(params[name] ?? `{${name}}`) + (parts[i + 1] ?? "");
    }
    return text;
  };
}

// Dictionary keys are a closed set, so the compiled messages are too (unknown keys are not kept).
const compiledMessages: Record<Locale, Map<string, CompiledMessage>> = { vi: new Map(), en: new Map() };

/**
 * Looks up a dotted key ("accounts.errors.phoneTaken") for messages that travel as data:
 * validation errors and domain errors carry keys, and the view translates them.
 */
export function translate(locale: Locale, key: string, params: Params = {}): string {
  const compiled = compiledMessages[locale];
  let message = compiled.get(key);
  if (!message) {
    let node: unknown = dictionaries[locale];
    for (const part of key.split(".")) {
      node = node && typeof node === "object" ? (node as Record<string, unknown>)[part] : undefined;
    }
    const made = compileMessage(node);
    if (!made) return translate(locale, "validation.invalid");
    message = made;
    compiled.set(key, message);
  }
  return message(params);
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
