/**
 * The fast path for label scans, in front of Express: GET and HEAD of /01/… and /t/… never reach
 * Express (whose middleware alone costs a good share of a request here). A page already
 * rendered is answered from the page cache as stored bytes (plain or gzip), after logging the
 * scan; anything else goes straight to the Remix request handler, and a cacheable page it
 * renders is stored (app/domain/trace/page-cache.server.ts). Every answer carries the security
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

export type FetchHandler = (request: Request, context: AppLoadContext) => Promise<Response>;

export interface ScanFastPathOptions {
  /**
   * Answers a label URL: the scan routes' loaders from the server build (scanRouteHandler),
   * or in tests any function that calls them.
   */
  handleRequest: FetchHandler;
  /** Used for the request URL when a client sends no Host header. */
  publicOrigin: string;
}

/**
 * Calls the build's own /01/* and /t/… route loaders directly. They are resource routes (a
 * loader, no component), so the Remix request pipeline would only match the URL against every
 * route of the app and call the same loader; matching alone costs more than the cache hit.
 * Any other path, or a build without those routes, goes through `fallback`.
 */
export function scanRouteHandler(build: ServerBuild, fallback: FetchHandler): FetchHandler {
  const loaderAt = (routePath: string) =>
    Object.values(build.routes).find((r) => r?.path === routePath)?.module.loader;
  const digitalLink = loaderAt("01/*");
  const shortPath = loaderAt("t/:code/:serial?");
  return async (request, context) => {
    const { pathname } = new URL(request.url);
    const loader = pathname.startsWith("/01/")
      ? digitalLink
      : pathname.startsWith("/t/")
        ? shortPath
        : undefined;
    if (!loader) return fallback(request, context);
    try {
      const result = await loader({ request, params: {}, context });
      if (result instanceof Response) return result;
      return fallback(request, context);
    } catch (thrown) {
      if (thrown instanceof Response) return thrown;
      throw thrown;
    }
  };
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

/** A node request as a Fetch Request (what the Remix handler takes). */
export function toFetchRequest(req: IncomingMessage, res: ServerResponse, origin: string): Request {
  const headers = new Headers();
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) headers.append(raw[i] as string, raw[i + 1] as string);
  const controller = new AbortController();
  res.on("close", () => {
    if (!res.writableFinished) controller.abort();
  });
  const base = req.headers.host ? `http://${req.headers.host}` : origin;
  return new Request(new URL(req.url ?? "/", base), {
    method: req.method,
    headers,
    signal: controller.signal,
  });
}

/** Sends a Fetch Response's status, headers and body through a node response. */
export async function sendFetchResponse(
  req: IncomingMessage,
  res: ServerResponse,
  response: Response,
  extraHeaders: Record<string, string>,
): Promise<Buffer> {
  const body = Buffer.from(await response.arrayBuffer());
  const headers: Record<string, string | string[]> = { ...extraHeaders };
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  const setCookies = response.headers.getSetCookie();
  if (setCookies.length) headers["set-cookie"] = setCookies;
  let payload = body;
  if (body.byteLength > 1024 && COMPRESSIBLE.test(response.headers.get("content-type") ?? "")) {
    headers.vary = headers.vary ? `${headers.vary}, Accept-Encoding` : "Accept-Encoding";
    if (acceptsGzip(req)) {
      payload = gzipSync(body);
      headers["content-encoding"] = "gzip";
    }
  }
  if (response.status !== 304 && response.status !== 204)
    headers["content-length"] = String(payload.byteLength);
  res.writeHead(response.status, headers);
  res.end(req.method === "HEAD" ? undefined : payload);
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
    const response = await options.handleRequest(toFetchRequest(req, res, options.publicOrigin), context);
    const body = await sendFetchResponse(req, res, response, security);
    const report = context.scanCache;
    if (cacheKey && report && response.status === 200 && req.method === "GET") {
      const headers: [string, string][] = [];
      response.headers.forEach((value, name) => {
        if (name !== "set-cookie") headers.push([name, value]);
      });
      if (!response.headers.has("set-cookie")) {
        storeCachedPage(
          {
            key: cacheKey,
            batchId: report.batchId,
            productId: report.productId,
            etag: report.etag,
            headers,
            body,
          },
          mark,
        );
      }
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
