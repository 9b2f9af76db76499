import { describe, expect, it } from "vitest";
import { localeFromAcceptLanguage, messagesFor, translate } from "~/i18n";
import { formatDate, formatDateTime, formatVnd, todayInVietnam } from "~/utils/format";
import { safeRedirectPath } from "~/utils/i18n";

/** Every leaf of the dictionary, as dotted keys. */
function leaves(node: unknown, prefix = ""): string[] {
  if (typeof node !== "object" || node === null) return [prefix];
  return Object.entries(node).flatMap(([k, v]) => leaves(v, prefix ? `${prefix}.${k}` : k));
}

describe("dictionaries", () => {
  it("have the same keys in Vietnamese and English, none empty", () => {
    const vi = leaves(messagesFor("vi")).sort();
    const en = leaves(messagesFor("en")).sort();
    expect(en).toEqual(vi);
    for (const key of vi) {
      expect(translate("vi", key, { max: 1, min: 1 }).trim(), key).not.toBe("");
      expect(translate("en", key, { max: 1, min: 1 }).trim(), key).not.toBe("");
    }
  });

  it("are actually translated, not copied", () => {
    const vi = messagesFor("vi");
    const en = messagesFor("en");
    expect(en.errors.notFoundTitle).not.toBe(vi.errors.notFoundTitle);
    expect(en.validation.phone).not.toBe(vi.validation.phone);
  });

  it("interpolate parameters and fall back to a generic message for unknown keys", () => {
    expect(translate("en", "validation.tooLong", { max: 20 })).toBe("Too long: at most 20 characters.");
    expect(translate("vi", "no.such.key")).toBe(messagesFor("vi").validation.invalid);
  });

  it("fill the same message afresh each time, and leave a missing parameter as written", () => {
    expect(translate("en", "validation.tooLong", { max: 20 })).toBe("Too long: at most 20 characters.");
    expect(translate("en", "validation.tooLong", { max: 5 })).toBe("Too long: at most 5 characters.");
    expect(translate("en", "validation.tooLong")).toBe("Too long: at most {max} characters.");
  });
});

describe("language negotiation", () => {
  it("picks the first supported language by quality, Vietnamese otherwise", () => {
    expect(localeFromAcceptLanguage(null)).toBe("vi");
    expect(localeFromAcceptLanguage("en-US,en;q=0.9")).toBe("en");
    expect(localeFromAcceptLanguage("fr-FR,fr;q=0.9,en;q=0.8")).toBe("en");
    expect(localeFromAcceptLanguage("en;q=0.5,vi;q=0.9")).toBe("vi");
    expect(localeFromAcceptLanguage("de,fr")).toBe("vi");
  });
});

describe("formats", () => {
  it("writes đồng the Vietnamese way", () => {
    expect(formatVnd(125000)).toBe("125.000 ₫");
    expect(formatVnd(0)).toBe("0 ₫");
    expect(formatVnd(1250000, "en")).toBe("1,250,000 ₫");
  });

  it("writes dates and times in Asia/Ho_Chi_Minh", () => {
    expect(formatDate("2026-11-21")).toBe("21/11/2026");
    // 17:30 UTC is 00:30 the next day in Vietnam.
    expect(formatDateTime(new Date("2026-11-21T17:30:00Z"))).toBe("22/11/2026, 00:30");
    expect(todayInVietnam(new Date("2026-11-21T17:30:00Z"))).toBe("2026-11-22");
  });
});

describe("safe redirects", () => {
  it("keeps same-site paths and drops anything that leaves the site", () => {
    expect(safeRedirectPath("/account?x=1")).toBe("/account?x=1");
    expect(safeRedirectPath("//evil.example")).toBe("/");
    expect(safeRedirectPath("https://evil.example")).toBe("/");
    expect(safeRedirectPath("/\\evil.example")).toBe("/");
    expect(safeRedirectPath(undefined, "/login")).toBe("/login");
  });
});
