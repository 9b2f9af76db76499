import path from "node:path";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import morgan from "morgan";
import { isCrossSiteMutation, newNonce, securityHeaders } from "../../app/utils/security.server";

export interface HttpAppOptions {
  mode: "development" | "production";
  publicOrigin: string;
  logRequests: boolean;
  /** Payment pages the checkout may redirect a form to (Stripe's when omitted). */
  checkoutOrigins?: readonly string[];
  /** Production: the built server bundle. Development: a Vite dev server. */
  build?: ServerBuild;
  vite?: import("vite").ViteDevServer;
}

/** The Express app in front of Remix: compression, security headers, CSRF origin check, logs, static files. */
export function createHttpApp(options: HttpAppOptions): express.Express {
  const dev = options.mode === "development";
  const app = express();
  app.disable("x-powered-by");
  // Trust X-Forwarded-For only from a reverse proxy on the same machine.
  app.set("trust proxy", "loopback");
  app.use(compression());

  app.use((req, res, next) => {
    const nonce = newNonce();
    res.locals.cspNonce = nonce;
    for (const [name, value] of Object.entries(
      securityHeaders({
        nonce,
        dev,
        ...(options.checkoutOrigins ? { checkoutOrigins: options.checkoutOrigins } : {}),
      }),
    ))
      res.setHeader(name, value);
    if (
      isCrossSiteMutation(
        req.method,
        {
          origin: req.get("origin"),
          host: req.get("host"),
          secFetchSite: req.get("sec-fetch-site"),
        },
        [options.publicOrigin],
      )
    ) {
      res
        .status(403)
        .type("text/plain; charset=utf-8")
        .send(
          "Yêu cầu bị từ chối vì gửi từ một trang web khác. / Request refused: it was sent from another website.",
        );
      return;
    }
    next();
  });

  if (options.logRequests) app.use(morgan(dev ? "dev" : "short"));

  if (options.vite) {
    app.use(options.vite.middlewares);
  } else {
    const client = path.resolve("build/client");
    app.use("/assets", express.static(path.join(client, "assets"), { immutable: true, maxAge: "1y" }));
    app.use(express.static(client, { maxAge: "1h" }));
  }

  const vite = options.vite;
  const build = vite
    ? () => vite.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>
    : options.build;
  if (!build) throw new Error("createHttpApp needs either a server build or a Vite dev server");

  app.all(
    "*",
    createRequestHandler({
      build,
      mode: options.mode,
      getLoadContext: (req, res) => ({ cspNonce: String(res.locals.cspNonce ?? ""), clientAddress: req.ip }),
    }),
  );
  return app;
}
