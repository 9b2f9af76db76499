import { describe, expect, it } from "vitest";
import { linkTypes, resolveLinkType } from "~/domain/labels/linkset";
import {
  clientAddressOf,
  deviceClassOf,
  etagMatches,
  localeFromLangCookie,
  negotiateVariant,
  pageCacheKey,
  type ScanEtagParts,
  scanEtag,
  scanLocale,
} from "~/domain/trace/scan";
import { clientHashOf, referrerOf } from "~/domain/trace/scan-log.server";
import { scanLinkset } from "~/domain/trace/scan-view";
import { langCookie } from "~/utils/session.server";
import { fixtureTrace } from "./scan-fixtures";

const UA = {
  iphone:
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
  android:
    "Mozilla/5.0 (Linux; Android 13; SM-A145F) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36",
  androidTablet:
    "Mozilla/5.0 (Linux; Android 13; SM-X200) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
  ipad: "Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.6 Mobile/15E148 Safari/604.1",
  windows:
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
  googlebot: "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
  facebook: "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
  zaloPhone:
    "Mozilla/5.0 (Linux; Android 12; Redmi Note 11) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36 Zalo android/12",
};

describe("device class", () => {
  it.each([
    [UA.iphone, "mobile"],
    [UA.android, "mobile"],
    [UA.zaloPhone, "mobile"],
    [UA.androidTablet, "tablet"],
    [UA.ipad, "tablet"],
    [UA.windows, "desktop"],
    [UA.googlebot, "bot"],
    [UA.facebook, "bot"],
    ["curl/8.5.0", "bot"],
    ["", "other"],
    ["Mozilla/5.0 (PlayStation; PlayStation 5/2.26) AppleWebKit/605.1.15 (KHTML, like Gecko)", "other"],
  ])("%s → %s", (ua, expected) => {
    expect(deviceClassOf(ua)).toBe(expected);
  });
});

describe("representation negotiation", () => {
  it.each([
    [null, "html"],
    ["*/*", "html"],
    ["text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "html"],
    ["application/linkset+json", "linkset"],
    ["application/json", "linkset"],
    ["application/ld+json", "epcis"],
    ["application/ld+json;q=0.5, text/html", "html"],
    ["text/html;q=0.4, application/linkset+json", "linkset"],
    ["application/*", "html"],
    ["image/png", "html"],
  ])("Accept %s → %s", (accept, expected) => {
    expect(negotiateVariant(accept)).toBe(expected);
  });
});

describe("client address", () => {
  it("believes X-Forwarded-For only from a proxy on this machine", () => {
    expect(clientAddressOf("203.0.113.9", "198.51.100.1")).toBe("203.0.113.9");
    expect(clientAddressOf("127.0.0.1", "198.51.100.1")).toBe("198.51.100.1");
    expect(clientAddressOf("::ffff:127.0.0.1", "10.0.0.5, 198.51.100.1, 127.0.0.1")).toBe("198.51.100.1");
    expect(clientAddressOf("::1", undefined)).toBe("::1");
  });
});

describe("language", () => {
  it("reads the language switch's cookie exactly as the session code writes it", async () => {
    for (const lang of ["vi", "en"] as const) {
      const header = (await langCookie.serialize(lang)).split(";")[0] ?? "";
      expect(localeFromLangCookie(`__session=abc; ${header}`)).toBe(await langCookie.parse(header));
    }
    expect(localeFromLangCookie("lang=garbage")).toBeNull();
    expect(localeFromLangCookie("other=1")).toBeNull();
  });

  it("falls back to Accept-Language, then Vietnamese", async () => {
    const en = (await langCookie.serialize("en")).split(";")[0];
    expect(scanLocale(en, "vi-VN")).toBe("en");
    expect(scanLocale(null, "en-GB,en;q=0.9")).toBe("en");
    expect(scanLocale(null, "fr-FR")).toBe("vi");
    expect(scanLocale(undefined, undefined)).toBe("vi");
  });
});

describe("ETag", () => {
  const base: ScanEtagParts = {
    headHash: "a".repeat(64),
    batchStatus: "released",
    holdReason: null,
    listingStatus: "approved",
    certificateState: "valid",
    certificateId: "c1",
    certificateApprovedAt: "2024-08-23T07:00:00.000Z",
    productUpdatedAt: "2026-10-01T00:00:00.000Z",
    cooperativeUpdatedAt: "2026-10-01T00:00:00.000Z",
    locale: "vi",
    unitScans: null,
    buildId: "b1",
  };

  it("is a stable weak tag for the same page", () => {
    expect(scanEtag(base)).toMatch(/^W\/"[A-Za-z0-9_-]{27}"$/);
    expect(scanEtag({ ...base })).toBe(scanEtag(base));
  });

  it.each<[string, Partial<ScanEtagParts>]>([
    ["a new diary entry (chain head)", { headHash: "b".repeat(64) }],
    ["the language", { locale: "en" }],
    ["a hold (recall)", { batchStatus: "on_hold", holdReason: "Nghi nhiễm methanol" }],
    ["only the hold reason", { holdReason: "Bao bì lỗi" }],
    ["certificate expiry", { certificateState: "expired" }],
    ["a new certificate", { certificateId: "c2" }],
    ["the listing leaving the shop", { listingStatus: "changes_requested" }],
    ["a product edit", { productUpdatedAt: "2026-11-01T00:00:00.000Z" }],
    ["a cooperative edit", { cooperativeUpdatedAt: "2026-11-01T00:00:00.000Z" }],
    ["a unit scanned again", { unitScans: { scans: 2, devices: 1 } }],
    ["a new build", { buildId: "b2" }],
  ])("changes with %s", (_, change) => {
    expect(scanEtag({ ...base, ...change })).not.toBe(scanEtag(base));
  });

  it("matches If-None-Match by weak comparison, in a list or as *", () => {
    const tag = scanEtag(base);
    expect(etagMatches(tag, tag)).toBe(true);
    expect(etagMatches(tag.slice(2), tag)).toBe(true);
    expect(etagMatches(`"x", ${tag}`, tag)).toBe(true);
    expect(etagMatches("*", tag)).toBe(true);
    expect(etagMatches('W/"other"', tag)).toBe(false);
    expect(etagMatches(null, tag)).toBe(false);
  });
});

describe("page cache key", () => {
  it("separates path, language and representation", () => {
    const keys = new Set([
      pageCacheKey("/01/08938512300016/10/RML-2026-10", "vi", "html"),
      pageCacheKey("/01/08938512300016/10/RML-2026-10", "en", "html"),
      pageCacheKey("/01/08938512300016/10/RML-2026-11", "vi", "html"),
      pageCacheKey("/01/08938512300016/10/RML-2026-10", "vi", "linkset"),
    ]);
    expect(keys.size).toBe(4);
  });
});

describe("scan log helpers", () => {
  it("hashes the client with the secret, never keeping the address", () => {
    const a = clientHashOf("203.0.113.9", UA.iphone, "s".repeat(32));
    expect(a).toMatch(/^[0-9a-f]{32}$/);
    expect(a).not.toContain("203");
    expect(clientHashOf("203.0.113.9", UA.iphone, "t".repeat(32))).not.toBe(a);
    expect(clientHashOf("203.0.113.10", UA.iphone, "s".repeat(32))).not.toBe(a);
    expect(clientHashOf("203.0.113.9", UA.android, "s".repeat(32))).not.toBe(a);
  });

  it("keeps the referrer's origin and path only", () => {
    expect(referrerOf("https://zalo.me/g/abc?token=secret#x")).toBe("https://zalo.me/g/abc");
    expect(referrerOf("android-app://com.zing.zalo/")).toBeNull();
    expect(referrerOf("not a url")).toBeNull();
    expect(referrerOf(null)).toBeNull();
  });
});

describe("linkset wiring", () => {
  const origin = "https://cho-ocop.vn";
  const pagePath = "/01/08938512300016/10/RML-2026-10";
  const at = { pagePath, batchPath: pagePath, origin, locale: "vi" as const, today: "2026-11-21" };

  it("points each GS1 link type at the right place", () => {
    const linkset = scanLinkset(fixtureTrace(), at);
    expect(linkset.linkset[0]?.anchor).toBe(`${origin}${pagePath}`);
    expect(resolveLinkType(linkset, "gs1:pip")).toBe(`${origin}/san-pham/ruou-men-la-bang-phuc`);
    expect(resolveLinkType(linkset, "gs1:traceability")).toBe(`${origin}${pagePath}?format=epcis`);
    expect(resolveLinkType(linkset, "gs1:certificationInfo")).toBe(`${origin}${pagePath}#certificate`);
    expect(resolveLinkType(linkset, "gs1:recallStatus")).toBe(`${origin}${pagePath}#recall`);
    expect(resolveLinkType(linkset, linkTypes.defaultLink)).toBe(`${origin}${pagePath}`);
  });

  it("has no certification link when nothing is certified", () => {
    const trace = fixtureTrace();
    trace.certificate = null;
    expect(resolveLinkType(scanLinkset(trace, at), "gs1:certificationInfo")).toBeNull();
  });

  it("names a unit's page as the anchor but the batch's EPCIS document", () => {
    const unitPath = `${pagePath}/21/000123`;
    const linkset = scanLinkset(fixtureTrace(), { ...at, pagePath: unitPath });
    expect(linkset.linkset[0]?.anchor).toBe(`${origin}${unitPath}`);
    expect(resolveLinkType(linkset, "gs1:traceability")).toBe(`${origin}${pagePath}?format=epcis`);
  });
});
