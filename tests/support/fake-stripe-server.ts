/**
 * The fake Stripe as a process of its own, for the browser tests (playwright.config.ts starts it
 * beside the app): the API the SDK calls, and the hosted payment page a Checkout Session's url
 * points at, served by the fake itself. "Pay" completes the session, delivers a signed
 * checkout.session.completed to the app's webhook (before the buyer returns, so the order page
 * the buyer lands on is already paid unless the webhook failed), then sends the browser to
 * success_url; "Cancel" goes to cancel_url, as Stripe's page does.
 *
 *   FAKE_STRIPE_PORT=3332 FAKE_STRIPE_WEBHOOK_URL=http://127.0.0.1:3331/webhooks/stripe \
 *   STRIPE_WEBHOOK_SECRET=whsec_… node --import tsx tests/support/fake-stripe-server.ts
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { type FakeStripe, startFakeStripe } from "./fake-stripe";
import { signedSessionWebhook } from "./stripe-events";

function required(name: string): string {
  const value = process.env[name]?.trim();
  if (!value) {
    console.error(`fake Stripe: set ${name}`);
    process.exit(1);
  }
  return value;
}

const port = Number(required("FAKE_STRIPE_PORT"));
const webhookUrl = required("FAKE_STRIPE_WEBHOOK_URL");
const webhookSecret = required("STRIPE_WEBHOOK_SECRET");

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c,
  );

function html(res: ServerResponse, status: number, title: string, body: string) {
  res.writeHead(status, { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" });
  // The empty icon keeps the browser from asking for /favicon.ico (a 404 is a console error).
  res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,">
<title>${escapeHtml(title)}</title></head><body><main>${body}</main></body></html>`);
}

function redirect(res: ServerResponse, location: string) {
  res.writeHead(303, { Location: location, "Cache-Control": "no-store" });
  res.end();
}

const money = (session: Record<string, unknown>) =>
  `${new Intl.NumberFormat("vi-VN").format(Number(session.amount_total))} ${String(session.currency).toUpperCase()}`;

/** Delivers the completed session to the app, signed as Stripe signs it; throws unless a 2xx. */
async function deliverCompleted(session: Record<string, unknown>) {
  const delivery = signedSessionWebhook("checkout.session.completed", session, {
    secret: webhookSecret,
    overrides: { metadata: (session.metadata ?? {}) as Record<string, string> },
  });
  const response = await fetch(webhookUrl, {
    method: "POST",
    headers: { "Content-Type": "application/json; charset=utf-8", "Stripe-Signature": delivery.signature },
    body: delivery.payload,
  });
  const answer = await response.text();
  if (!response.ok) throw new Error(`the webhook answered ${response.status}: ${answer}`);
}

let fake: FakeStripe | undefined;

/** The hosted payment page: GET shows it, POST pays. */
async function pages(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  const url = new URL(req.url ?? "/", "http://127.0.0.1");
  if (url.pathname === "/healthz") {
    res.writeHead(200, { "Content-Type": "text/plain" }).end("ok");
    return true;
  }
  const match = /^\/c\/pay\/([A-Za-z0-9_]+)$/.exec(url.pathname);
  const session = match?.[1] ? fake?.sessions.get(match[1]) : undefined;
  if (!match || !session) {
    html(res, 404, "Not found", "<h1>No such checkout session</h1>");
    return true;
  }
  const code = String((session.metadata as Record<string, unknown> | undefined)?.orderCode ?? "");
  const cancelUrl = String(session.cancel_url ?? "");
  const expired = session.status === "expired" || Number(session.expires_at) * 1000 < Date.now();

  if (req.method === "POST") {
    if (expired) {
      html(res, 410, "Expired", "<h1>This checkout session has expired</h1>");
      return true;
    }
    if (session.status !== "complete") {
      const completed = fake?.completeSession(String(session.id)) ?? session;
      try {
        await deliverCompleted(completed);
      } catch (error) {
        console.error(`fake Stripe: webhook for ${String(session.id)} failed:`, error);
        html(res, 502, "Webhook failed", `<h1>Webhook failed</h1><p>${escapeHtml(String(error))}</p>`);
        return true;
      }
    }
    redirect(res, String(session.success_url));
    return true;
  }

  if (expired) {
    html(
      res,
      200,
      "Expired",
      `<h1>This checkout session has expired</h1><p><a href="${escapeHtml(cancelUrl)}">Back</a></p>`,
    );
    return true;
  }
  if (session.status === "complete") {
    redirect(res, String(session.success_url));
    return true;
  }
  html(
    res,
    200,
    "Fake Stripe Checkout",
    `<h1>Fake Stripe Checkout</h1>
<p>Order ${escapeHtml(code)}</p>
<p>Total <strong>${escapeHtml(money(session))}</strong></p>
<form method="post" action="/c/pay/${escapeHtml(String(session.id))}"><button type="submit">Pay</button></form>
<p><a href="${escapeHtml(cancelUrl)}">Cancel</a></p>`,
  );
  return true;
}

fake = await startFakeStripe({
  port,
  checkoutUrl: (id, listening) => `http://127.0.0.1:${listening}/c/pay/${id}`,
  pages,
});
console.info(`fake Stripe on http://127.0.0.1:${fake.port}, webhooks to ${webhookUrl}`);

for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, () => {
    void fake?.close().finally(() => process.exit(0));
  });
}
