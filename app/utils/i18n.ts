import { useRouteLoaderData } from "@remix-run/react";
import { defaultLocale, isLocale, type Locale, messagesFor, translate } from "~/i18n";

/** The page's language, from the root loader. */
export function useLocale(): Locale {
  const data = useRouteLoaderData("root") as { locale?: unknown } | undefined;
  return isLocale(data?.locale) ? data.locale : defaultLocale;
}

/** The dictionary of the page's language: `t.accounts.loginTitle`. */
export function useT() {
  return messagesFor(useLocale());
}

/** Translates a dotted key that arrived as data (validation and domain errors). */
export function useTranslate() {
  const locale = useLocale();
  return (key: string, params?: Record<string, string | number>) => translate(locale, key, params);
}

/** A same-site path to return to; anything else (absolute or protocol-relative URLs) falls back. */
export function safeRedirectPath(value: unknown, fallback = "/"): string {
  if (
    typeof value !== "string" ||
    !value.startsWith("/") ||
    value.startsWith("//") ||
    value.startsWith("/\\")
  ) {
    return fallback;
  }
  return value;
}

/** A failed form's field errors, translated: `errorOf("phone")` is the message or null. */
export function useFieldErrors(fieldErrors: Record<string, string> | null | undefined) {
  const translate = useTranslate();
  return (field: string) => {
    const key = fieldErrors?.[field];
    return key ? translate(key) : null;
  };
}
