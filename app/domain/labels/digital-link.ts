/**
 * GS1 Digital Link URIs for batches and serialised units (pure, no I/O).
 *
 * - A product with a GTIN: https://{origin}/01/{gtin14}/10/{lot}[/21/{serial}]. The GTIN is
 *   always written with 14 digits; lot and serial are percent-encoded as the GS1 Digital Link
 *   standard asks: every character outside the URI unreserved set (A–Z a–z 0–9 - . _ ~) becomes
 *   %XX, so "A/B" is written "A%2FB".
 * - A product without a GTIN gets the platform's short path instead of a made-up GTIN:
 *   https://{origin}/t/{batchPublicCode}[/{serial}]. Both forms lead to the same public page.
 * Parsing is tolerant (GTIN-8/12/13, lower-case hex, raw sub-delimiters, a trailing slash) and
 * reports the canonical path so the route can answer 301 to it.
 */
import { z } from "zod";
import { gtinCheckDigit, toGtin14 } from "./gtin";

/** GS1 AI (10) lot and AI (21) serial: at most 20 characters. */
export const MAX_LOT_LENGTH = 20;
export const MAX_SERIAL_LENGTH = 20;

/** GS1 "CSET 82": the printable ASCII subset GS1 allows in lot numbers and serial numbers. */
const CSET82 = /^[!"%&'()*+,\-./0-9:;<=>?A-Z_a-z]*$/;
const CSET82_CHAR = /[!"%&'()*+,\-./0-9:;<=>?A-Z_a-z]/;
const URI_UNRESERVED = /[A-Za-z0-9\-._~]/;

export type LotProblem = "empty" | "spaces" | "diacritics" | "characters" | "tooLong" | "dots";

export type LotCheck =
  | { ok: true; value: string }
  | {
      ok: false;
      problem: LotProblem;
      /** Dictionary key under labels.lot / labels.serial. */
      messageKey: string;
      params: Record<string, string | number>;
    };

/** Vietnamese letters to plain ASCII: the marks go, đ becomes d. */
export function stripDiacritics(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/đ/g, "d")
    .replace(/Đ/g, "D");
}

/** A CSET 82 version of what someone typed: marks dropped, spaces as "-", other characters removed. */
export function sanitizeGs1Value(text: string, max = MAX_LOT_LENGTH): string {
  return [...stripDiacritics(text.trim()).replace(/\s+/g, "-")]
    .filter((ch) => CSET82_CHAR.test(ch))
    .join("")
    .slice(0, max);
}

function checkGs1Value(value: string, field: "lot" | "serial", max: number): LotCheck {
  const fail = (problem: LotProblem, params: Record<string, string | number> = {}): LotCheck => ({
    ok: false,
    problem,
    messageKey: `labels.${field}.${problem}`,
    params: { max, ...params },
  });
  if (value.length === 0) return fail("empty");
  const suggestion = sanitizeGs1Value(value, max);
  if (/\s/.test(value)) return fail("spaces", { suggestion });
  // Any letter or mark outside ASCII counts as a diacritic problem: that is what people type here.
  const nonAscii = [...value].filter((ch) => ch.charCodeAt(0) > 127).join("");
  if (/[\p{L}\p{M}]/u.test(nonAscii)) return fail("diacritics", { suggestion });
  if (!CSET82.test(value)) {
    const bad = [...new Set([...value].filter((ch) => !CSET82_CHAR.test(ch)))].join(" ");
    return fail("characters", { characters: bad, suggestion });
  }
  if (value.length > max) return fail("tooLong", { length: value.length });
  // "." and ".." are path steps: every URL parser drops them, even written as %2E.
  if (value === "." || value === "..") return fail("dots");
  return { ok: true, value };
}

/**
 * Checks a lot code as typed (not trimmed: trim in the form schema, see lotSchema): 1–20
 * characters of GS1 CSET 82, so no spaces and no Vietnamese diacritics.
 */
export function validateLot(lot: string): LotCheck {
  return checkGs1Value(lot, "lot", MAX_LOT_LENGTH);
}

/** The same rules for a serial number (GS1 AI 21). */
export function validateSerial(serial: string): LotCheck {
  return checkGs1Value(serial, "serial", MAX_SERIAL_LENGTH);
}

/** Form field schema: trims, then applies validateLot; the issue message is the dictionary key. */
export const lotSchema = z
  .string()
  .trim()
  .superRefine((value, ctx) => {
    const check = validateLot(value);
    if (!check.ok) ctx.addIssue({ code: "custom", message: check.messageKey });
  });

export const serialSchema = z
  .string()
  .trim()
  .superRefine((value, ctx) => {
    const check = validateSerial(value);
    if (!check.ok) ctx.addIssue({ code: "custom", message: check.messageKey });
  });

/**
 * A short prefix for lot codes from a product name: the initials of its first three words,
 * without marks ("Rượu men lá Bằng Phúc" → "RML"); a one-word name gives its first 3 letters.
 */
export function lotPrefix(productName: string): string {
  const words = stripDiacritics(productName)
    .toUpperCase()
    .split(/[^A-Z0-9]+/)
    .filter(Boolean);
  if (words.length === 0) return "LOT";
  const first = words[0] ?? "LOT";
  if (words.length === 1) return first.slice(0, 3);
  return words
    .map((w) => w[0])
    .join("")
    .slice(0, 3);
}

function yymmInVietnam(date: Date | string): string {
  const day =
    typeof date === "string" && /^\d{4}-\d{2}-\d{2}$/.test(date)
      ? date
      : new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Ho_Chi_Minh" }).format(new Date(date));
  return `${day.slice(2, 4)}${day.slice(5, 7)}`;
}

/**
 * Suggests a lot code such as "RML-2611-01": a product code (cleaned to A–Z 0–9, at most 6),
 * the year and month of the date in Vietnam, and the first sequence number not already used
 * (compared without regard to case, so "rml-2611-01" counts as taken). Always valid CSET 82.
 */
export function suggestLot(
  productCode: string,
  date: Date | string,
  existingLots: Iterable<string> = [],
): string {
  const code =
    stripDiacritics(productCode)
      .toUpperCase()
      .replace(/[^A-Z0-9]/g, "")
      .slice(0, 6) || "LOT";
  const stem = `${code}-${yymmInVietnam(date)}-`;
  const taken = new Set([...existingLots].map((l) => l.toUpperCase()));
  for (let n = 1; ; n++) {
    const candidate = `${stem}${String(n).padStart(2, "0")}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/** Percent-encodes a lot or serial for a Digital Link path segment: only the unreserved set stays as is. */
export function encodeAiValue(value: string): string {
  let out = "";
  for (const ch of value) {
    if (URI_UNRESERVED.test(ch)) out += ch;
    else
      out += encodeURIComponent(ch).replace(
        /[!'()*]/g,
        (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
      );
  }
  return out;
}

/** Decodes a path segment; null when a "%" is not followed by two hex digits or the bytes are not UTF-8. */
export function decodeAiValue(segment: string): string | null {
  if (/%(?![0-9A-Fa-f]{2})/.test(segment)) return null;
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

export function normalizeOrigin(origin: string): string {
  return origin.replace(/\/+$/, "");
}

export interface DigitalLinkKey {
  /** GTIN-8, -12, -13 or -14 with a correct check digit (else RangeError); written as 14 digits. */
  gtin: string;
  lot?: string | null;
  serial?: string | null;
}

/** "/01/{gtin14}/10/{lot}/21/{serial}", each part present when given. */
export function digitalLinkPath(key: DigitalLinkKey): string {
  const gtin = toGtin14(key.gtin);
  let path = `/01/${gtin}`;
  if (key.lot) path += `/10/${encodeAiValue(key.lot)}`;
  if (key.serial) path += `/21/${encodeAiValue(key.serial)}`;
  return path;
}

export function digitalLinkUrl(origin: string, key: DigitalLinkKey): string {
  return `${normalizeOrigin(origin)}${digitalLinkPath(key)}`;
}

/** "/t/{batchPublicCode}[/{serial}]": the platform path for products without a GTIN. */
export function shortTracePath(batchPublicCode: string, serial?: string | null): string {
  return `/t/${encodeAiValue(batchPublicCode)}${serial ? `/${encodeAiValue(serial)}` : ""}`;
}

export function shortTraceUrl(origin: string, batchPublicCode: string, serial?: string | null): string {
  return `${normalizeOrigin(origin)}${shortTracePath(batchPublicCode, serial)}`;
}

/** The short path without the scheme, for printing under a QR code: "cho-ocop.vn/t/k3v9…". */
export function shortTraceText(origin: string, batchPublicCode: string, serial?: string | null): string {
  return shortTraceUrl(origin, batchPublicCode, serial).replace(/^https?:\/\//, "");
}

export interface BatchIdentity {
  /** The product's GTIN-14, or null when it has none. */
  gtin: string | null;
  lot: string;
  /** batches.public_code */
  publicCode: string;
}

/**
 * The URL a batch's (or unit's) QR code encodes: the Digital Link when the product has a GTIN,
 * otherwise the short platform path. It is also the batch's EPCIS class identifier.
 */
export function batchLinkUrl(origin: string, batch: BatchIdentity, serial?: string | null): string {
  return batch.gtin
    ? digitalLinkUrl(origin, { gtin: batch.gtin, lot: batch.lot, serial })
    : shortTraceUrl(origin, batch.publicCode, serial);
}

export type DigitalLinkErrorCode =
  | "notDigitalLink"
  | "malformed"
  | "gtinNotDigits"
  | "gtinLength"
  | "gtinCheckDigit"
  | "unknownAi"
  | "aiOrder"
  | "missingValue"
  | "badEncoding"
  | "lotInvalid"
  | "serialInvalid";

export interface DigitalLinkError {
  code: DigitalLinkErrorCode;
  /** Dictionary key under labels.link, for the 400 page. */
  messageKey: string;
  params: Record<string, string | number>;
  /** The same in plain English, for logs and API clients. */
  message: string;
}

export interface ParsedDigitalLink {
  /** Always 14 digits. */
  gtin: string;
  lot: string | null;
  serial: string | null;
  /** The standard form of the same link ("/01/{gtin14}/10/…"), without the query string. */
  canonicalPath: string;
  /** False when the request should be redirected (301) to canonicalPath. */
  isCanonical: boolean;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: DigitalLinkError };

function linkError(
  code: DigitalLinkErrorCode,
  message: string,
  params: Record<string, string | number> = {},
): { ok: false; error: DigitalLinkError } {
  return { ok: false, error: { code, messageKey: `labels.link.${code}`, params, message } };
}

/** Path part of a URL or path: the query string and fragment are not part of the key. */
function pathOf(input: string): string {
  if (/^https?:\/\//i.test(input)) return new URL(input).pathname;
  return input.split(/[?#]/, 1)[0] ?? "";
}

/** Key qualifiers after AI (01), in the order the standard fixes (22 CPV is not used here). */
const QUALIFIERS = ["10", "21"] as const;

/**
 * Parses "/01/{gtin}[/10/{lot}][/21/{serial}]" (or a full URL) into its GTIN-14, lot and serial,
 * or says precisely what is wrong with it: a wrong check digit names the digit expected.
 */
export function parseDigitalLinkPath(input: string): ParseResult<ParsedDigitalLink> {
  const raw = pathOf(input);
  const path = raw.length > 1 && raw.endsWith("/") ? raw.slice(0, -1) : raw;
  const segments = path.split("/").slice(1);
  if (segments[0] !== "01") {
    return linkError("notDigitalLink", "Not a GS1 Digital Link for a GTIN (the path must start with /01/)");
  }
  if (segments.some((s) => s === "")) return linkError("malformed", "The path has an empty segment (//)");

  const gtinRaw = decodeAiValue(segments[1] ?? "");
  if (gtinRaw === null || gtinRaw === "")
    return linkError("missingValue", "AI (01) has no GTIN", { ai: "01" });
  if (!/^\d+$/.test(gtinRaw)) return linkError("gtinNotDigits", "A GTIN is made of digits only");
  if (![8, 12, 13, 14].includes(gtinRaw.length)) {
    return linkError("gtinLength", `A GTIN has 8, 12, 13 or 14 digits; this one has ${gtinRaw.length}`, {
      length: gtinRaw.length,
    });
  }
  const expected = gtinCheckDigit(gtinRaw.slice(0, -1));
  const actual = Number(gtinRaw.slice(-1));
  if (expected !== actual) {
    return linkError(
      "gtinCheckDigit",
      `The GTIN check digit is wrong: the last digit should be ${expected}, not ${actual}`,
      { expected, actual },
    );
  }

  const values: Partial<Record<(typeof QUALIFIERS)[number], string>> = {};
  let lastIndex = -1;
  for (let i = 2; i < segments.length; i += 2) {
    const ai = segments[i] ?? "";
    const index = (QUALIFIERS as readonly string[]).indexOf(ai);
    if (index < 0) {
      return linkError("unknownAi", `AI (${ai}) is not a key qualifier this resolver accepts after (01)`, {
        ai,
      });
    }
    if (index <= lastIndex) {
      return linkError("aiOrder", `AI (${ai}) is out of order: the path order is /01/…/10/…/21/…`, { ai });
    }
    lastIndex = index;
    const encoded = segments[i + 1];
    if (encoded === undefined) return linkError("missingValue", `AI (${ai}) has no value`, { ai });
    const value = decodeAiValue(encoded);
    if (value === null) return linkError("badEncoding", `AI (${ai}) has a broken %-encoding`, { ai });
    const check = ai === "10" ? validateLot(value) : validateSerial(value);
    if (!check.ok) {
      const code = ai === "10" ? "lotInvalid" : "serialInvalid";
      return linkError(code, `AI (${ai}) value is not valid: ${check.problem}`, {
        ai,
        problem: check.problem,
        max: MAX_LOT_LENGTH,
      });
    }
    values[ai as (typeof QUALIFIERS)[number]] = value;
  }

  const gtin = gtinRaw.padStart(14, "0");
  const lot = values["10"] ?? null;
  const serial = values["21"] ?? null;
  const canonicalPath = digitalLinkPath({ gtin, lot, serial });
  return { ok: true, value: { gtin, lot, serial, canonicalPath, isCanonical: canonicalPath === raw } };
}

export interface ParsedShortTrace {
  publicCode: string;
  serial: string | null;
  canonicalPath: string;
  isCanonical: boolean;
}

/**
 * Parses "/t/{batchPublicCode}[/{serial}]". Codes are lower-case; one typed in capitals (phones
 * capitalise) is accepted and reported as not canonical.
 */
export function parseShortTracePath(input: string): ParseResult<ParsedShortTrace> {
  const raw = pathOf(input);
  const path = raw.length > 1 && raw.endsWith("/") ? raw.slice(0, -1) : raw;
  const segments = path.split("/").slice(1);
  if (segments[0] !== "t" || segments.length < 2 || segments.length > 3) {
    return linkError("notDigitalLink", "Not a short trace path (/t/{code} or /t/{code}/{serial})");
  }
  const code = segments[1] ?? "";
  if (!/^[0-9A-Za-z]{4,32}$/.test(code)) return linkError("malformed", "The trace code is not valid");
  let serial: string | null = null;
  if (segments.length === 3) {
    const decoded = decodeAiValue(segments[2] ?? "");
    if (decoded === null) return linkError("badEncoding", "The serial has a broken %-encoding", { ai: "21" });
    const check = validateSerial(decoded);
    if (!check.ok) {
      return linkError("serialInvalid", `The serial is not valid: ${check.problem}`, {
        ai: "21",
        problem: check.problem,
        max: MAX_SERIAL_LENGTH,
      });
    }
    serial = decoded;
  }
  const publicCode = code.toLowerCase();
  const canonicalPath = shortTracePath(publicCode, serial);
  return { ok: true, value: { publicCode, serial, canonicalPath, isCanonical: canonicalPath === raw } };
}
