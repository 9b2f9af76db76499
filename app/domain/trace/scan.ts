/**
 * The HTTP side of a scan, as pure functions shared by the route and the server's page cache,
 * so both answer the same request the same way: which representation a client asked for, its
 * language, its device class, its address behind a local proxy, the page's ETag and cache key.
 */
import { createHash } from "node:crypto";
import { isbot } from "isbot";
import { defaultLocale, isLocale, type Locale, localeFromAcceptLanguage } from "~/i18n";

export type ScanVariant = "html" | "linkset" | "epcis";

export const LINKSET_TYPE = "application/linkset+json";
export const JSON_LD_TYPE = "application/ld+json";

const offered: { type: string; variant: ScanVariant }[] = [
  { type: "text/html", variant: "html" },
  { type: LINKSET_TYPE, variant: "linkset" },
  // The GS1 resolver standard answers plain JSON with the linkset too.
  { type: "application/json", variant: "linkset" },
  { type: JSON_LD_TYPE, variant: "epcis" },
];

/**
 * The representation an Accept header prefers: the highest q among the types we offer, ties to
 * the more specific range, then to HTML; no header, or only wildcards, is a person: HTML.
 */
export function negotiateVariant(accept: string | null | undefined): ScanVariant {
  if (!accept) return "html";
  let best: { variant: ScanVariant; q: number; specificity: number; order: number } | null = null;
  for (const part of accept.split(",")) {
    const [range = "", ...params] = part.trim().toLowerCase().split(";");
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (!(q > 0)) continue;
    const [type, subtype] = range.trim().split("/");
    offered.forEach((o, order) => {
      const [ot, os] = o.type.split("/");
      const specificity =
        type === ot && subtype === os ? 2 : type === ot && subtype === "*" ? 1 : type === "*" ? 0 : -1;
      if (specificity < 0) return;
      // A wildcard never picks a machine format: only HTML is offered to "*/*".
      if (specificity < 2 && o.variant !== "html") return;
      const better =
        !best ||
        q > best.q ||
        (q === best.q && specificity > best.specificity) ||
        (q === best.q && specificity === best.specificity && order < best.order);
      if (better) best = { variant: o.variant, q, specificity, order };
    });
  }
  return (best as { variant: ScanVariant } | null)?.variant ?? "html";
}

export type DeviceClass = "mobile" | "tablet" | "desktop" | "bot" | "other";

const TABLET = /iPad|Tablet|PlayBook|Silk|Kindle/i;
const MOBILE = /Mobi|iPhone|iPod|Windows Phone|IEMobile|Opera Mini|BlackBerry|BB10/i;
const DESKTOP = /Windows NT|Macintosh|X11|CrOS/i;

/** Device class from a User-Agent: crawlers and link previews (isbot) are "bot". */
export function deviceClassOf(userAgent: string | null | undefined): DeviceClass {
  if (!userAgent) return "other";
  if (isbot(userAgent)) return "bot";
  if (TABLET.test(userAgent)) return "tablet";
  // Android phones say "Mobile"; Android tablets do not.
  if (/Android/i.test(userAgent)) return /Mobile/i.test(userAgent) ? "mobile" : "tablet";
  if (MOBILE.test(userAgent)) return "mobile";
  if (DESKTOP.test(userAgent)) return "desktop";
  return "other";
}

const LOOPBACK = /^(127\.|::1$|::ffff:127\.)/;

/**
 * The client's address as Express's `trust proxy: "loopback"` sees it: X-Forwarded-For is
 * believed only when the connection comes from this machine, and then only up to the first
 * address that is not loopback, counting from the right.
 */
export function clientAddressOf(remoteAddress: string | undefined, forwardedFor: string | undefined): string {
  let address = remoteAddress ?? "";
  if (!forwardedFor || !LOOPBACK.test(address)) return address;
  const hops = forwardedFor
    .split(",")
    .map((h) => h.trim())
    .filter(Boolean);
  while (LOOPBACK.test(address) && hops.length > 0) address = hops.pop() as string;
  return address;
}

/**
 * The language chosen with the switch: the "lang" cookie as Remix's createCookie writes it
 * (URL-encoded base64 of a JSON string); null when absent or not ours.
 */
export function localeFromLangCookie(cookieHeader: string | null | undefined): Locale | null {
  if (!cookieHeader) return null;
  const match = /(?:^|;\s*)lang=([^;]*)/.exec(cookieHeader);
  if (!match?.[1]) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(decodeURIComponent(match[1]), "base64").toString("utf8"));
    return isLocale(value) ? value : null;
  } catch {
    return null;
  }
}

/** The page's language: the switch's cookie, else the browser's Accept-Language, else Vietnamese. */
export function scanLocale(
  cookieHeader: string | null | undefined,
  acceptLanguage: string | null | undefined,
) {
  return (
    localeFromLangCookie(cookieHeader) ?? localeFromAcceptLanguage(acceptLanguage ?? null) ?? defaultLocale
  );
}

/** Everything a scan page shows that can change while its URL stays the same. */
export interface ScanEtagParts {
  /** Hash of the newest diary entry (the chain head). */
  headHash: string | null;
  batchStatus: string;
  holdReason: string | null;
  listingStatus: string;
  /** valid / expiring / expired, or none: expiry changes the page without any write. */
  certificateState: string;
  certificateId: string | null;
  certificateApprovedAt: string | null;
  productUpdatedAt: string;
  cooperativeUpdatedAt: string;
  locale: Locale;
  /** Serialised units: how often and on how many devices it was scanned. */
  unitScans?: { scans: number; devices: number } | null;
  /** Changes with each build of the page's code, so a new template is not answered with 304. */
  buildId: string;
}

/** A weak ETag over the parts (weak: the gzip and plain bytes of one page share it). */
export function scanEtag(parts: ScanEtagParts): string {
  const text = JSON.stringify([
    parts.headHash,
    parts.batchStatus,
    parts.holdReason,
    parts.listingStatus,
    parts.certificateState,
    parts.certificateId,
    parts.certificateApprovedAt,
    parts.productUpdatedAt,
    parts.cooperativeUpdatedAt,
    parts.locale,
    parts.unitScans ? [parts.unitScans.scans, parts.unitScans.devices] : null,
    parts.buildId,
  ]);
  return `W/"${createHash("sha256").update(text).digest("base64url").slice(0, 27)}"`;
}

/** Whether an If-None-Match header names this ETag (weak comparison, as RFC 9110 asks for GET). */
export function etagMatches(ifNoneMatch: string | null | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === "*") return true;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, "");
  const mine = opaque(etag);
  return ifNoneMatch.split(",").some((tag) => opaque(tag) === mine);
}

/** The response cache's key: one entry per page path, language and representation. */
export function pageCacheKey(path: string, locale: Locale, variant: ScanVariant): string {
  return `${variant} ${locale} ${path}`;
}
