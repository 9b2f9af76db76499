import { Transform } from "node:stream";
import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { isRouteErrorResponse, RemixServer } from "@remix-run/react";
import { renderToPipeableStream } from "react-dom/server";
import { NonceProvider } from "~/utils/nonce";

export const streamTimeout = 5_000;

// The label routes' resolver, for the HTTP server's scan fast path (scripts/lib/scan-fast-path.ts).
export { answerTraceRequest } from "~/utils/trace-resolver.server";

/**
 * Renders the whole document before sending it (onAllReady): our pages are small, and a
 * complete response is what phones on weak connections, crawlers and no-JS readers need.
 */
export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext.cspNonce ?? "";
  return new Promise<Response>((resolve, reject) => {
    let didError = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <RemixServer context={remixContext} url={request.url} nonce={nonce} />
      </NonceProvider>,
      {
        nonce,
        onAllReady() {
          const body = dropReactBufferPadding();
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          resolve(
            new Response(createReadableStreamFromReadable(body), {
              headers: responseHeaders,
              status: didError ? 500 : responseStatusCode,
            }),
          );
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          didError = true;
          if (!request.signal.aborted) console.error(error);
        },
      },
    );
    setTimeout(abort, streamTimeout + 1000);
  });
}

/**
 * React 18.3's renderToPipeableStream flushes its whole 2,048-byte buffer when a multi-byte
 * character does not fit at the end, zero padding included (react#24985, fixed only in 19), so
 * Vietnamese pages could carry NUL bytes. Such a chunk is exactly 2,048 bytes ending in zeros,
 * and HTML never contains NUL, so trimming trailing zeros from those chunks is exact.
 */
export function dropReactBufferPadding() {
  return new Transform({
    transform(chunk: Uint8Array, _encoding, callback) {
      let end = chunk.length;
      if (end === 2048) while (end > 0 && chunk[end - 1] === 0) end--;
      callback(null, end === chunk.length ? chunk : chunk.subarray(0, end));
    },
  });
}

/** Server errors are logged once; a 404 for an unknown URL is not an error worth a stack trace. */
export function handleError(error: unknown, { request }: { request: Request }) {
  if (request.signal.aborted) return;
  if (isRouteErrorResponse(error) && error.status < 500) return;
  console.error(error);
}
