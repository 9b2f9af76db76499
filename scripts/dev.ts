// Development server: Vite middleware with hot reload, same database and seeding as `npm start`.
import { createServer } from "vite";
import { checkoutPageOrigins } from "../app/domain/payments/stripe.server";
import { startMarketplaceJobs } from "../app/jobs/runner.server";
import { seedDemoDataIfEmpty } from "../db/seed";
import { exitCleanlyOnSignals, loadEnvOrExit, openAppDb } from "./lib/boot";
import { createHttpApp } from "./lib/http";

const env = loadEnvOrExit();
const handle = await openAppDb(env);
if (env.DEMO_DATA) await seedDemoDataIfEmpty(handle.db);
const jobs = await startMarketplaceJobs({ handle, workers: env.JOBS });

const vite = await createServer({ server: { middlewareMode: true } });
const app = createHttpApp({
  mode: "development",
  publicOrigin: env.PUBLIC_ORIGIN,
  logRequests: env.LOG_REQUESTS,
  checkoutOrigins: checkoutPageOrigins(env),
  vite,
});
const server = app.listen(env.PORT, env.HOST, () => {
  console.info(`Chợ OCOP (development) on http://localhost:${env.PORT}`);
});
exitCleanlyOnSignals(async () => {
  await jobs.stop();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await vite.close();
  await handle.close();
});
