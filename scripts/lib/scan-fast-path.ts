/**
 * The fast path for label scans, in front of Express: GET and HEAD of /01/… and /t/… never reach
 * Express (whose middleware alone costs a good share of a request here). A page already
 * rendered is answered from the page cache as stored bytes (plain or gzip), after logging the
 * scan; anything else goes straight to the resolver that the two label routes run (the server
 * build's answerTraceRequest, without Remix's request pipeline or Fetch objects), and a
 * cacheable page it renders is stored (app/domain/trace/page-cache.server.ts). Every answer carries the security
 * headers, with a CSP that allows no script at all: these pages have none.
 *
 * Not in the request log (morgan): every scan is recorded in the scans table instead.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { gzipSync } from "node:zlib";
import type { AppLoadContext, ServerBuild } from "@remix-run/node";
import {
  attachGzip,
  type CachedPage,
  cacheMark,
  getCachedPage,
  storeCachedPage,
} from "../../app/domain/trace/page-cache.server";
import {
  clientAddressOf,
  etagMatches,
  negotiateVariant,
  pageCacheKey,
  scanLocale,
} from "../../app/domain/trace/scan";
import { logScan } from "../../app/domain/trace/scan-log.server";
import { securityHeaders } from "../../app/utils/security.server";
import type { TraceAnswer, TraceRequest } from "../../app/utils/trace-resolver.server";

export type ScanAnswerer = (request: TraceRequest, context: AppLoadContext) => Promise<TraceAnswer>;

export interface ScanFastPathOptions {
  /**
   * Answers a label URL: the server build's own answerTraceRequest (scanAnswererOf), or in tests
   * the function itself.
   */
  answer: ScanAnswerer;
  /** The origin label URLs are read against (the Host header plays no part). */
  publicOrigin: string;
}

/**
 * The server build's resolver for label URLs, which app/entry.server.tsx exports beside the
 * document handler: the same code the two label routes run, called without the Remix request
 * pipeline (route matching, Fetch Request and Response objects), which costs more per scan than
 * a cache hit. Null for a build that does not export it.
 */
export function scanAnswererOf(build: ServerBuild): ScanAnswerer | null {
  const entry = build.entry.module as { answerTraceRequest?: ScanAnswerer };
  return typeof entry.answerTraceRequest === "function" ? entry.answerTraceRequest : null;
}

/** The app's security headers, with scripts forbidden outright. */
export function scanSecurityHeaders(): Record<string, string> {
  const headers = securityHeaders({ nonce: "", dev: false });
  headers["Content-Security-Policy"] = (headers["Content-Security-Policy"] ?? "").replace(
    /script-src [^;]*/,
    "script-src 'none'",
  );
  return headers;
}

export function isScanPath(url: string | undefined): boolean {
  return !!url && (url.startsWith("/01/") || url.startsWith("/t/"));
}

/** A bounded memo: the same few Accept and Accept-Language headers come back on almost every request. */
function memo<T>(make: (key: string) => T): (key: string | undefined) => T {
  const seen = new Map<string, T>();
  return (key = "") => {
    let value = seen.get(key);
    if (value === undefined) {
      if (seen.size > 1000) seen.clear();
      value = make(key);
      seen.set(key, value);
    }
    return value;
  };
}
const variantOf = memo((accept) => negotiateVariant(accept));

const COMPRESSIBLE = /^(text\/|application\/(json|ld\+json|linkset\+json))/;
const acceptsGzip = (req: IncomingMessage) => /\bgzip\b/.test(req.headers["accept-encoding"] ?? "");

/** Node's request as the resolver reads it, with no Fetch objects. */
function traceRequestOf(req: IncomingMessage, origin: string): TraceRequest {
  return {
    method: req.method ?? "GET",
    url: `${origin}${req.url ?? "/"}`,
    header: (name) => {
      const value = req.headers[name.toLowerCase()];
      if (value === undefined) return null;
      return Array.isArray(value) ? value.join(", ") : value;
    },
  };
}

/** Sends the resolver's answer (gzip for a client that takes it) and returns the uncompressed body. */
function sendAnswer(
  req: IncomingMessage,
  res: ServerResponse,
  answer: TraceAnswer,
  security: Record<string, string>,
): Buffer {
  const body = Buffer.from(answer.body ?? "");
  const headers: Record<string, string> = { ...security, ...answer.headers };
  let payload = body;
  if (body.byteLength > 1024 && COMPRESSIBLE.test(answer.headers["Content-Type"] ?? "")) {
    headers.Vary = headers.Vary ? `${headers.Vary}, Accept-Encoding` : "Accept-Encoding";
    if (acceptsGzip(req)) {
      payload = gzipSync(body);
      headers["Content-Encoding"] = "gzip";
    }
  }
  if (answer.status !== 304 && answer.status !== 204) headers["Content-Length"] = String(payload.byteLength);
  res.writeHead(answer.status, headers);
  res.end(req.method === "HEAD" || answer.body === null ? undefined : payload);
  return body;
}

function pageHeaders(page: CachedPage, security: Record<string, string>, gzip: boolean): string[] {
  const flat: string[] = [];
  for (const [name, value] of Object.entries(security)) flat.push(name, value);
  for (const [name, value] of page.headers) {
    flat.push(name, name.toLowerCase() === "vary" ? `${value}, Accept-Encoding` : value);
  }
  if (gzip) flat.push("Content-Encoding", "gzip");
  return flat;
}

/**
 * Returns a request listener that answers label scans and reports false for every other
 * request, which the caller hands to Express.
 */
export function createScanFastPath(options: ScanFastPathOptions) {
  const security = scanSecurityHeaders();
  // Header lists of stored pages, built once per page and encoding.
  const headerCache = new WeakMap<CachedPage, { plain: string[]; gzip: string[] }>();

  function serveCached(req: IncomingMessage, res: ServerResponse, page: CachedPage): void {
    if (req.method === "GET") {
      logScan({
        batchId: page.batchId,
        unitId: null,
        clientAddress: clientAddressOf(
          req.socket.remoteAddress,
          req.headers["x-forwarded-for"] as string | undefined,
        ),
        userAgent: req.headers["user-agent"],
        referrer: req.headers.referer,
      });
    }
    let lists = headerCache.get(page);
    if (!lists) {
      lists = { plain: pageHeaders(page, security, false), gzip: pageHeaders(page, security, true) };
      headerCache.set(page, lists);
    }
    if (etagMatches(req.headers["if-none-match"], page.etag)) {
      res.writeHead(304, lists.plain);
      res.end();
      return;
    }
    const gzip = acceptsGzip(req);
    let body = page.body;
    if (gzip) {
      if (!page.gzip) attachGzip(page, gzipSync(page.body));
      body = page.gzip ?? gzipSync(page.body);
    }
    const list = gzip ? lists.gzip : lists.plain;
    res.writeHead(200, [...list, "Content-Length", String(body.byteLength)]);
    res.end(req.method === "HEAD" ? undefined : body);
  }

  async function render(req: IncomingMessage, res: ServerResponse, cacheKey: string | null): Promise<void> {
    const mark = cacheMark();
    const context: AppLoadContext = {
      cspNonce: "",
      clientAddress: clientAddressOf(
        req.socket.remoteAddress,
        req.headers["x-forwarded-for"] as string | undefined,
      ),
      scanCache: null,
    };
    const answer = await options.answer(traceRequestOf(req, options.publicOrigin), context);
    const body = sendAnswer(req, res, answer, security);
    const report = context.scanCache;
    if (cacheKey && report && answer.status === 200 && req.method === "GET") {
      storeCachedPage(
        {
          key: cacheKey,
          batchId: report.batchId,
          productId: report.productId,
          etag: report.etag,
          headers: Object.entries(answer.headers),
          body,
        },
        mark,
      );
    }
  }

  return function scanFastPath(req: IncomingMessage, res: ServerResponse): boolean {
    if ((req.method !== "GET" && req.method !== "HEAD") || !isScanPath(req.url)) return false;
    const url = req.url as string;
    // Only a plain page view is cached: no query string, HTML wanted.
    let cacheKey: string | null = null;
    if (!url.includes("?") && variantOf(req.headers.accept) === "html") {
      const locale = scanLocale(req.headers.cookie, req.headers["accept-language"]);
      cacheKey = pageCacheKey(url, locale, "html");
      const page = getCachedPage(cacheKey);
      if (page) {
        serveCached(req, res, page);
        return true;
      }
    }
    render(req, res, cacheKey).catch((error: unknown) => {
      console.error(error);
      if (!res.headersSent) {
        res.writeHead(500, { ...security, "Content-Type": "text/plain; charset=utf-8" });
        res.end("Lỗi máy chủ. / Server error.");
      } else {
        res.destroy();
      }
    });
    return true;
  };
}
