/**
 * The GS1 resolver behind a label's URL (/01/{gtin}/10/{lot}[/21/{serial}] and /t/{code}[/{serial}]),
 * shared by both routes. One URL, several answers:
 * - a person (HTML): the scan page, with an ETag for revalidation, and the scan logged;
 * - `Accept: application/linkset+json` or `?linkType=linkset`: the GS1 linkset (RFC 9264);
 * - `?linkType=gs1:…`: 307 to that one link (404 when the batch has no such link);
 * - `Accept: application/ld+json` or `?format=epcis`: the batch's EPCIS 2.0 document;
 * - a non-canonical spelling: 301 to the canonical one; a malformed one: 400 saying why;
 *   an unknown batch or serial: 404.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { AppLoadContext } from "@remix-run/node";
import { renderToStaticMarkup } from "react-dom/server";
import { ScanDocument, ScanPageDocument, ScanProblem } from "~/components/scan/ScanPage";
import { type ParseResult, parseDigitalLinkPath, parseShortTracePath } from "~/domain/labels/digital-link";
import {
  LINKSET_MEDIA_TYPE,
  linksetContextLinkHeader,
  linkTypeRequest,
  resolveLinkType,
} from "~/domain/labels/linkset";
import { certificateState } from "~/domain/listings/ocop";
import {
  loadInputEvents,
  loadPublicTrace,
  type TraceKey,
  toPublicEpcisDocument,
} from "~/domain/trace/public.server";
import {
  etagMatches,
  JSON_LD_TYPE,
  negotiateVariant,
  type ScanVariant,
  scanEtag,
  scanLocale,
} from "~/domain/trace/scan";
import { logScan, pendingUnitScans } from "~/domain/trace/scan-log.server";
import { batchPagePath, buildScanView, dayOf, scanLinkset } from "~/domain/trace/scan-view";
import { type Locale, translate } from "~/i18n";
import { getEnv } from "./env.server";

/** What a parsed label path names. */
export interface TracePath {
  key: TraceKey;
  serial: string | null;
  canonicalPath: string;
  isCanonical: boolean;
}

/**
 * What the resolver reads of a request. respondToTraceRequest makes one of a Fetch Request (the
 * Remix routes); the HTTP server's scan fast path makes one of node's own request, so a scan
 * builds no Fetch Request or Response at all.
 */
export interface TraceRequest {
  method: string;
  /** The absolute URL. */
  url: string;
  /** A request header by name (any case), or null. */
  header(name: string): string | null;
}

/** The resolver's answer, before it becomes an HTTP response. */
export interface TraceAnswer {
  status: number;
  headers: Record<string, string>;
  body: string | null;
}

/**
 * The batch (and unit) a label path names, or why it names none: /01/… is a GS1 Digital Link,
 * /t/… the short path of a product without a GTIN. Null for any other path.
 */
export function tracePathOf(pathname: string): ParseResult<TracePath> | null {
  if (pathname.startsWith("/01/")) {
    const parsed = parseDigitalLinkPath(pathname);
    if (!parsed.ok) return parsed;
    return {
      ok: true,
      value: { ...parsed.value, key: { gtin: parsed.value.gtin, lot: parsed.value.lot ?? "" } },
    };
  }
  if (pathname.startsWith("/t/")) {
    const parsed = parseShortTracePath(pathname);
    if (!parsed.ok) return parsed;
    return { ok: true, value: { ...parsed.value, key: { publicCode: parsed.value.publicCode } } };
  }
  return null;
}

/** What the HTTP server's page cache needs to keep a rendered page and drop it when its batch changes. */
export interface ScanCacheReport {
  batchId: string;
  productId: string;
  etag: string;
}

declare module "@remix-run/node" {
  interface AppLoadContext {
    /** Set by the scan route on a cacheable page: the HTTP server's page cache reads it. */
    scanCache?: ScanCacheReport | null;
  }
}

/** A page is personal to nobody and the same for everyone with the same language. */
export const PAGE_CACHE_CONTROL = "public, max-age=0, must-revalidate";
const PAGE_VARY = "Accept, Accept-Language, Cookie";

let buildIdMemo: string | undefined;
/**
 * Identifies this build of the page code (in production, the server bundle this module is part
 * of), so that after a deploy an old ETag is not answered with 304.
 */
export function scanBuildId(): string {
  if (buildIdMemo === undefined) {
    try {
      buildIdMemo = createHash("sha256")
        .update(readFileSync(fileURLToPath(import.meta.url)))
        .digest("hex")
        .slice(0, 12);
    } catch {
      buildIdMemo = "unknown";
    }
  }
  return buildIdMemo;
}

type Wanted = ScanVariant | { link: string } | { unknownLinkType: string };

function wanted(url: URL, accept: string | null): Wanted {
  const linkType = linkTypeRequest(url.searchParams.get("linkType"));
  if (linkType.kind === "linkset") return "linkset";
  if (linkType.kind === "link") return { link: linkType.relation };
  if (linkType.kind === "unknown") return { unknownLinkType: url.searchParams.get("linkType") ?? "" };
  if (url.searchParams.get("format") === "epcis") return "epcis";
  return negotiateVariant(accept);
}

function html(
  locale: Locale,
  body: React.ReactElement,
  meta: { title: string; description: string; path: string; image?: string | null },
) {
  return `<!DOCTYPE html>${renderToStaticMarkup(
    <ScanDocument
      locale={locale}
      title={meta.title}
      description={meta.description}
      path={meta.path}
      image={meta.image}
    >
      {body}
    </ScanDocument>,
  )}`;
}

/** A 400 or 404 answer: a page in the reader's language, or JSON for a machine. */
function problem(
  status: 400 | 404,
  locale: Locale,
  json: boolean,
  info: { code: string; title: string; lines: string[]; path: string },
): TraceAnswer {
  const headers = { "Cache-Control": "no-cache", Vary: PAGE_VARY };
  if (json) {
    return {
      status,
      headers: { ...headers, "Content-Type": "application/json", "Access-Control-Allow-Origin": "*" },
      body: JSON.stringify({ error: { status, code: info.code, message: info.lines[0] ?? info.title } }),
    };
  }
  return {
    status,
    headers: { ...headers, "Content-Type": "text/html; charset=utf-8" },
    body: html(locale, <ScanProblem locale={locale} title={info.title} lines={info.lines} />, {
      title: info.title,
      description: info.lines[0] ?? info.title,
      path: info.path,
    }),
  };
}

/** Answers a label URL for a Remix route (both label routes are this one function). */
export async function respondToTraceRequest(request: Request, context: AppLoadContext): Promise<Response> {
  const answer = await answerTraceRequest(
    { method: request.method, url: request.url, header: (name) => request.headers.get(name) },
    context,
  );
  return new Response(answer.body, { status: answer.status, headers: answer.headers });
}

/** Answers one request for a label URL (/01/… or /t/…). */
export async function answerTraceRequest(
  request: TraceRequest,
  context: AppLoadContext,
): Promise<TraceAnswer> {
  const url = new URL(request.url);
  const headers = { get: request.header };
  const locale = scanLocale(headers.get("Cookie"), headers.get("Accept-Language"));
  const want = wanted(url, headers.get("Accept"));
  const parsed = tracePathOf(url.pathname);
  const wantsJson = want === "linkset" || want === "epcis" || typeof want === "object";

  if (!parsed) {
    return problem(404, locale, wantsJson, {
      code: "batchNotFound",
      title: translate(locale, "scan.errors.notFoundTitle"),
      lines: [translate(locale, "scan.errors.notFoundBody")],
      path: url.pathname,
    });
  }
  if (!parsed.ok) {
    return problem(400, locale, wantsJson, {
      code: parsed.error.code,
      title: translate(locale, "scan.errors.badLinkTitle"),
      lines: [
        translate(locale, parsed.error.messageKey, parsed.error.params),
        translate(locale, "scan.errors.badLinkHint"),
      ],
      path: url.pathname,
    });
  }
  const path = parsed.value;
  if (!path.isCanonical) {
    return {
      status: 301,
      headers: { Location: `${path.canonicalPath}${url.search}`, "Cache-Control": "public, max-age=86400" },
      body: null,
    };
  }
  if (typeof want === "object" && "unknownLinkType" in want) {
    return problem(404, locale, true, {
      code: "unknownLinkType",
      title: translate(locale, "scan.errors.unknownLinkTypeTitle"),
      lines: [translate(locale, "scan.errors.unknownLinkType", { linkType: want.unknownLinkType })],
      path: url.pathname,
    });
  }

  const result = await loadPublicTrace(path.key, { serial: path.serial });
  if (!result.found) {
    const unit = result.missing === "unit";
    return problem(404, locale, wantsJson, {
      code: unit ? "unitNotFound" : "batchNotFound",
      title: translate(locale, unit ? "scan.errors.unitNotFoundTitle" : "scan.errors.notFoundTitle"),
      lines: [translate(locale, unit ? "scan.errors.unitNotFoundBody" : "scan.errors.notFoundBody")],
      path: url.pathname,
    });
  }
  const trace = result.trace;
  const origin = getEnv().PUBLIC_ORIGIN;
  const today = dayOf(new Date());
  const pagePath = path.canonicalPath;
  const batchPath = batchPagePath({
    gtin: trace.product.gtin,
    lot: trace.batch.lot,
    publicCode: trace.batch.publicCode,
  });
  const machineHeaders = { Vary: "Accept", "Access-Control-Allow-Origin": "*", "Cache-Control": "no-cache" };

  if (want === "linkset" || (typeof want === "object" && "link" in want)) {
    const linkset = scanLinkset(trace, { pagePath, batchPath, origin, locale, today });
    if (want === "linkset") {
      return {
        status: 200,
        headers: { ...machineHeaders, "Content-Type": LINKSET_MEDIA_TYPE, Link: linksetContextLinkHeader() },
        body: JSON.stringify(linkset),
      };
    }
    const target = resolveLinkType(linkset, want.link);
    if (!target) {
      return problem(404, locale, true, {
        code: "linkTypeNotAvailable",
        title: translate(locale, "scan.errors.unknownLinkTypeTitle"),
        lines: [
          translate(locale, "scan.errors.unknownLinkType", {
            linkType: url.searchParams.get("linkType") ?? "",
          }),
        ],
        path: url.pathname,
      });
    }
    return { status: 307, headers: { ...machineHeaders, Location: target }, body: null };
  }

  if (want === "epcis") {
    const document = toPublicEpcisDocument(trace, await loadInputEvents(trace), origin);
    return {
      status: 200,
      headers: { ...machineHeaders, "Content-Type": JSON_LD_TYPE },
      body: JSON.stringify(document),
    };
  }

  // A person's scan: logged whatever the answer (304 included); a HEAD is not a scan.
  let unitScans: { scans: number; devices: number } | null = null;
  if (request.method === "GET") {
    logScan({
      batchId: trace.batch.id,
      unitId: trace.unit?.id ?? null,
      clientAddress: context.clientAddress,
      userAgent: headers.get("User-Agent"),
      referrer: headers.get("Referer"),
    });
  }
  if (trace.unit) {
    const pending = pendingUnitScans(trace.unit.id);
    const devices = new Set([...trace.unit.clientHashes, ...pending.map((p) => p.clientHash)]);
    unitScans = { scans: trace.unit.scans + pending.length, devices: devices.size };
  }

  const cert = trace.certificate;
  const etag = scanEtag({
    headHash: trace.batch.headHash,
    batchStatus: trace.batch.status,
    holdReason: trace.batch.holdReason,
    listingStatus: trace.product.listingStatus,
    certificateState: cert ? certificateState(cert.expiresOn, today) : "none",
    certificateId: cert?.id ?? null,
    certificateApprovedAt: cert?.approvedAt ?? null,
    productUpdatedAt: trace.product.updatedAt,
    cooperativeUpdatedAt: trace.cooperative.updatedAt,
    locale,
    unitScans,
    buildId: scanBuildId(),
  });
  const pageHeaders: Record<string, string> = {
    "Content-Type": "text/html; charset=utf-8",
    // A unit's page counts its scans, so it is never the same twice.
    "Cache-Control": trace.unit ? "no-cache" : PAGE_CACHE_CONTROL,
    ETag: etag,
    Vary: PAGE_VARY,
    "Content-Language": locale,
    Link: `<${origin}${pagePath}>; rel="canonical", <${origin}${pagePath}?linkType=linkset>; rel="linkset"; type="${LINKSET_MEDIA_TYPE}"`,
  };
  if (!trace.unit) context.scanCache = { batchId: trace.batch.id, productId: trace.product.id, etag };
  if (etagMatches(headers.get("If-None-Match"), etag)) {
    return { status: 304, headers: pageHeaders, body: null };
  }

  const view = buildScanView(trace, { locale, today, unitScans });
  const image = view.photo ? `${origin}${view.photo.src}` : null;
  const body = `<!DOCTYPE html>${renderToStaticMarkup(<ScanPageDocument view={view} image={image} />)}`;
  return { status: 200, headers: pageHeaders, body };
}
