// Starts the built marketplace: validates the environment, opens (and migrates) the database,
// seeds the demo data into an empty one, then serves on PORT.
import { createServer } from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { checkoutPageOrigins } from "../app/domain/payments/stripe.server";
import { listenForTraceChanges } from "../app/domain/trace/page-cache.server";
import { startMarketplaceJobs } from "../app/jobs/runner.server";
import { seedDemoDataIfEmpty } from "../db/seed";
import { exitCleanlyOnSignals, loadEnvOrExit, openAppDb } from "./lib/boot";
import { createHttpApp } from "./lib/http";
import { createScanFastPath, scanAnswererOf } from "./lib/scan-fast-path";

const env = loadEnvOrExit();
const handle = await openAppDb(env);
if (env.DEMO_DATA) await seedDemoDataIfEmpty(handle.db);
const jobs = await startMarketplaceJobs({ handle, workers: env.JOBS });

const build = (await import(pathToFileURL(path.resolve("build/server/index.js")).href)) as ServerBuild;
const app = createHttpApp({
  mode: "production",
  publicOrigin: env.PUBLIC_ORIGIN,
  logRequests: env.LOG_REQUESTS,
  checkoutOrigins: checkoutPageOrigins(env),
  build,
});
// Label scans take a cached fast path before Express; every app process drops a page when its batch changes.
await listenForTraceChanges(handle);
const answer = scanAnswererOf(build);
if (!answer) throw new Error("build/server/index.js is older than this server: run `npm run build`.");
const scanFastPath = createScanFastPath({
  answer,
  publicOrigin: env.PUBLIC_ORIGIN,
});
const server = createServer((req, res) => {
  if (!scanFastPath(req, res)) app(req, res);
}).listen(env.PORT, env.HOST, () => {
  const where =
    handle.kind === "pglite" ? `embedded database in ${path.resolve(env.DATA_DIR)}` : "PostgreSQL";
  console.info(`Chợ OCOP is ready on http://localhost:${env.PORT} (${where})`);
});
exitCleanlyOnSignals(async () => {
  await jobs.stop();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await handle.close();
});
