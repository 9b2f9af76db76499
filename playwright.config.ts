import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";

// Browser tests run against the production build, on a fresh embedded database seeded with the
// demo data (or on E2E_DATABASE_URL when given). The data dir is chosen once and shared with workers.
const PORT = Number(process.env.E2E_PORT ?? 3210);
// The fake Stripe (API and hosted payment page) listens on the next port.
const STRIPE_PORT = PORT + 1;
process.env.E2E_DATA_DIR ??= mkdtempSync(path.join(tmpdir(), "cho-ocop-e2e-"));
/** Test values for the fake Stripe, not real secrets. */
const E2E_STRIPE = {
  STRIPE_SECRET_KEY: "sk_test_e2e_fake_stripe",
  STRIPE_WEBHOOK_SECRET: "whsec_e2e_fake_stripe_signing_secret",
};
const debianChromium = "/usr/bin/chromium";

export default defineConfig({
  testDir: "tests/e2e",
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 7_000 },
  reporter: process.env.CI_REPORT_DIR
    ? [["list"], ["json", { outputFile: `${process.env.CI_REPORT_DIR}/playwright.json` }]]
    : [["list"]],
  use: {
    baseURL: `http://localhost:${PORT}`,
    locale: "vi-VN",
    timezoneId: "Asia/Ho_Chi_Minh",
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    {
      // Phone first: a 360 px wide Android phone. Debian's Chromium when present (no browser
      // download is possible on our machines), Playwright's own browser elsewhere.
      name: "phone",
      use: {
        ...devices["Pixel 5"],
        viewport: { width: 360, height: 780 },
        launchOptions: {
          ...(existsSync(debianChromium) ? { executablePath: debianChromium } : {}),
          args: [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
          ],
        },
      },
    },
  ],
  webServer: [
    {
      command: "node --import tsx tests/support/fake-stripe-server.ts",
      url: `http://127.0.0.1:${STRIPE_PORT}/healthz`,
      reuseExistingServer: false,
      timeout: 30_000,
      stdout: "ignore",
      stderr: "pipe",
      env: {
        FAKE_STRIPE_PORT: String(STRIPE_PORT),
        FAKE_STRIPE_WEBHOOK_URL: `http://127.0.0.1:${PORT}/webhooks/stripe`,
        STRIPE_WEBHOOK_SECRET: E2E_STRIPE.STRIPE_WEBHOOK_SECRET,
      },
    },
    {
      command: "npm run build && node --import tsx scripts/start.ts",
      url: `http://localhost:${PORT}/healthz`,
      reuseExistingServer: false,
      timeout: 180_000,
      stdout: "ignore",
      stderr: "pipe",
      env: {
        PORT: String(PORT),
        HOST: "127.0.0.1",
        NODE_ENV: "production",
        DATA_DIR: process.env.E2E_DATA_DIR,
        DATABASE_URL: process.env.E2E_DATABASE_URL ?? "",
        SESSION_SECRET: process.env.E2E_DATABASE_URL ? "e2e-session-secret-0123456789abcdef" : "",
        PUBLIC_ORIGIN: `http://localhost:${PORT}`,
        LOG_REQUESTS: "0",
        ...E2E_STRIPE,
        STRIPE_API_HOST: "127.0.0.1",
        STRIPE_API_PORT: String(STRIPE_PORT),
        STRIPE_API_PROTOCOL: "http",
      },
    },
  ],
});
