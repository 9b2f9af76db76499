/**
 * The two baselines the scan benchmark measures the real server against, each run as its own
 * child process (so it has a core's event loop to itself, like the server):
 *
 *   static <port> <page.html>   a plain node:http server answering every request with the
 *                               scan page's bytes, from memory;
 *   remix <port> <views.json>   the Remix request handler (@remix-run/node, the one the server
 *                               uses) in a bare node:http server, with one route at /01/* whose
 *                               loader renders the scan page component from the view model of
 *                               the page asked for (every page the benchmark asks for, captured
 *                               from the database before the run, with its og:image): the same
 *                               HTML, rendered with no data access, no scan log, no cache.
 */
import { readFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer } from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { ScanPageDocument } from "../../app/components/scan/ScanPage";
import type { ScanView } from "../../app/domain/trace/scan-view";

const [mode, portArg, file] = process.argv.slice(2);
const port = Number(portArg);
if (!file || !Number.isInteger(port)) throw new Error("usage: scan-baselines.ts static|remix <port> <file>");

/** What the baseline renders for one path: the page's view model and its og:image URL. */
export interface BaselinePage {
  view: ScanView;
  image: string | null;
}

function renderPage({ view, image }: BaselinePage): string {
  return `<!DOCTYPE html>${renderToStaticMarkup(createElement(ScanPageDocument, { view, image }))}`;
}

/** Node's request as a Fetch Request, as the Remix adapters make it. */
function toFetchRequest(req: IncomingMessage, res: ServerResponse, origin: string): Request {
  const headers = new Headers();
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) headers.append(raw[i] as string, raw[i + 1] as string);
  const controller = new AbortController();
  res.on("close", () => {
    if (!res.writableFinished) controller.abort();
  });
  return new Request(new URL(req.url ?? "/", origin), {
    method: req.method,
    headers,
    signal: controller.signal,
  });
}

/** Sends a Fetch Response through node's response (no compression: the benchmark asks for none). */
async function sendFetchResponse(res: ServerResponse, response: Response): Promise<void> {
  const body = Buffer.from(await response.arrayBuffer());
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  headers["content-length"] = String(body.byteLength);
  res.writeHead(response.status, headers);
  res.end(body);
}

let server: ReturnType<typeof createServer>;
if (mode === "static") {
  const bytes = readFileSync(file);
  server = createServer((_req, res) => {
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8", "Content-Length": bytes.byteLength });
    res.end(bytes);
  });
} else if (mode === "remix") {
  const pages = new Map(
    Object.entries(JSON.parse(readFileSync(file, "utf8")) as Record<string, BaselinePage>),
  );
  const real = (await import(pathToFileURL(path.resolve("build/server/index.js")).href)) as ServerBuild;
  const build: ServerBuild = {
    ...real,
    routes: {
      "routes/bench-scan": {
        id: "routes/bench-scan",
        path: "01/*",
        // A resource route: a loader and no component.
        module: {
          loader: ({ request }: { request: Request }) => {
            const page = pages.get(new URL(request.url).pathname);
            if (!page) return new Response("Not a page of this run", { status: 404 });
            return new Response(renderPage(page), {
              headers: {
                "Content-Type": "text/html; charset=utf-8",
                "Cache-Control": "public, max-age=0, must-revalidate",
              },
            });
          },
        } as unknown as ServerBuild["routes"][string]["module"],
      },
    },
  };
  const handler = createRequestHandler(build, "production");
  server = createServer((req, res) => {
    handler(toFetchRequest(req, res, `http://127.0.0.1:${port}`), {})
      .then((response) => sendFetchResponse(res, response))
      .catch((error: unknown) => {
        console.error(error);
        res.writeHead(500);
        res.end();
      });
  });
} else {
  throw new Error(`unknown baseline ${mode}`);
}
server.listen(port, "127.0.0.1", () => process.send?.("ready"));
process.on("SIGTERM", () => server.close(() => process.exit(0)));
