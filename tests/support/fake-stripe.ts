/**
 * A small stand-in for api.stripe.com, for tests (no stripe-mock is reachable here). It answers
 * the calls the marketplace makes (create and retrieve Checkout Sessions, create refunds),
 * records every request, and honours Idempotency-Key the way Stripe does: the same key replays
 * the first response, the same key with other parameters is an idempotency_error. A test plays
 * the buyer with completeSession/expireSession, and reads the refunds made in `refunds`.
 * Point the SDK at it with host 127.0.0.1, the port, protocol "http". For browser tests it can
 * also serve the hosted payment page itself (see FakeStripeOptions and fake-stripe-server.ts).
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedRequest {
  method: string;
  path: string;
  /** The form body decoded into nested objects/arrays (Stripe's `a[b][0][c]=…` keys). */
  body: Record<string, unknown>;
  rawBody: string;
  headers: IncomingHttpHeaders;
}

export interface FakeStripeError {
  status: number;
  type: string;
  code?: string;
  message?: string;
  param?: string;
}

/** A refund the server created (an idempotent replay does not add another). */
export interface FakeRefund {
  id: string;
  paymentIntent: string;
  /** Whole đồng. */
  amount: number;
  /** The Idempotency-Key it was created with, if any. */
  idempotencyKey: string | null;
}

export interface FakeStripe {
  port: number;
  /** Env values that make `getStripe()` talk to this server. */
  env: { STRIPE_API_HOST: string; STRIPE_API_PORT: number; STRIPE_API_PROTOCOL: "http" };
  requests: RecordedRequest[];
  /** The next request (one only) is answered with this error; call without argument to clear. */
  setNext(error?: FakeStripeError): void;
  /** A stored checkout session, e.g. to mark it paid before a test retrieves it. */
  sessions: Map<string, Record<string, unknown>>;
  /** Every refund created, oldest first. */
  refunds: FakeRefund[];
  /**
   * The buyer finishes paying on Stripe's page: the session becomes complete, paid (or still
   * "unpaid" for a delayed method) and gets a payment intent, whose amount later refunds are
   * checked against. Returns the updated session.
   */
  completeSession(
    sessionId: string,
    options?: { paymentStatus?: "paid" | "unpaid"; paymentIntent?: string },
  ): Record<string, unknown>;
  /** A delayed payment went through after all: the session is paid. */
  settleSession(sessionId: string): Record<string, unknown>;
  /** The session ran out before the buyer paid. */
  expireSession(sessionId: string): Record<string, unknown>;
  close(): Promise<void>;
}

export interface FakeStripeOptions {
  /** Listen on this port; a free one when omitted. */
  port?: number;
  /** The hosted payment page of a new session; Stripe's own host when omitted. */
  checkoutUrl?: (sessionId: string, port: number) => string;
  /**
   * Answers requests outside the /v1 API (a hosted payment page, a health check) without an
   * API key; resolves false for anything it does not serve. Those requests are not recorded.
   */
  pages?: (req: IncomingMessage, res: ServerResponse, rawBody: string) => Promise<boolean>;
}

type Json = Record<string, unknown>;

/** Decodes Stripe's form encoding: `line_items[0][price_data][unit_amount]=125000`. */
export function parseStripeForm(raw: string): Json {
  const root: Json = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    const parts = key.split(/\[|\]\[|\]/).filter((p) => p !== "");
    let node: Json | unknown[] = root;
    parts.forEach((part, i) => {
      const last = i === parts.length - 1;
      const nextIsIndex = !last && /^\d+$/.test(parts[i + 1] ?? "");
      const slot = Array.isArray(node) ? Number(part) : part;
      const container = node as Record<string | number, unknown>;
      if (last) {
        container[slot] = value;
      } else {
        container[slot] ??= nextIsIndex ? [] : {};
        node = container[slot] as Json | unknown[];
      }
    });
  }
  return root;
}

const newId = (prefix: string) => `${prefix}_${randomBytes(12).toString("hex")}`;
const now = () => Math.floor(Date.now() / 1000);

function errorBody(error: FakeStripeError): Json {
  return {
    error: {
      type: error.type,
      ...(error.code ? { code: error.code } : {}),
      ...(error.param ? { param: error.param } : {}),
      message: error.message ?? `Fake Stripe error (${error.type})`,
    },
  };
}

interface LineItemParam {
  quantity?: string;
  price_data?: { currency?: string; unit_amount?: string; product_data?: { name?: string } };
}

function createSession(
  body: Json,
  checkoutUrl: (sessionId: string) => string,
): { status: number; json: Json } {
  const lines = (body.line_items as LineItemParam[] | undefined) ?? [];
  if (lines.length === 0) {
    return {
      status: 400,
      json: errorBody({
        status: 400,
        type: "invalid_request_error",
        code: "parameter_missing",
        param: "line_items",
      }),
    };
  }
  const currencies = new Set(lines.map((l) => l.price_data?.currency));
  if (currencies.size !== 1) {
    return {
      status: 400,
      json: errorBody({
        status: 400,
        type: "invalid_request_error",
        message: "All line items need one currency",
      }),
    };
  }
  const amountTotal = lines.reduce(
    (sum, l) => sum + Number(l.price_data?.unit_amount ?? 0) * Number(l.quantity ?? 1),
    0,
  );
  const id = newId("cs_test");
  const session: Json = {
    id,
    object: "checkout.session",
    amount_subtotal: amountTotal,
    amount_total: amountTotal,
    cancel_url: body.cancel_url ?? null,
    client_reference_id: body.client_reference_id ?? null,
    created: now(),
    currency: [...currencies][0] ?? null,
    customer_email: body.customer_email ?? null,
    expires_at: body.expires_at ? Number(body.expires_at) : now() + 24 * 3600,
    livemode: false,
    locale: body.locale ?? null,
    metadata: body.metadata ?? {},
    mode: body.mode ?? "payment",
    payment_intent: null,
    payment_status: "unpaid",
    status: "open",
    success_url: body.success_url ?? null,
    url: checkoutUrl(id),
  };
  return { status: 200, json: session };
}

/** What a payment intent took, and what has been given back of it. */
interface IntentLedger {
  amount: number;
  refunded: number;
}

function createRefund(
  body: Json,
  intents: Map<string, IntentLedger>,
): { status: number; json: Json; paymentIntent?: string; amount?: number } {
  const paymentIntent = typeof body.payment_intent === "string" ? body.payment_intent : null;
  if (!paymentIntent) {
    return {
      status: 400,
      json: errorBody({
        status: 400,
        type: "invalid_request_error",
        code: "parameter_missing",
        param: "payment_intent",
      }),
    };
  }
  const ledger = intents.get(paymentIntent);
  // Stripe refunds what is left when no amount is given.
  const amount =
    body.amount === undefined ? (ledger ? ledger.amount - ledger.refunded : 0) : Number(body.amount);
  if (!Number.isSafeInteger(amount) || amount <= 0) {
    return {
      status: 400,
      json: errorBody({
        status: 400,
        type: "invalid_request_error",
        code: "parameter_invalid_integer",
        param: "amount",
      }),
    };
  }
  if (ledger) {
    if (ledger.refunded >= ledger.amount) {
      return {
        status: 400,
        json: errorBody({
          status: 400,
          type: "invalid_request_error",
          code: "charge_already_refunded",
          message: `Charge for ${paymentIntent} has already been refunded.`,
        }),
      };
    }
    if (ledger.refunded + amount > ledger.amount) {
      return {
        status: 400,
        json: errorBody({
          status: 400,
          type: "invalid_request_error",
          code: "amount_too_large",
          param: "amount",
          message: `Refund amount (${amount}) is greater than the unrefunded amount (${ledger.amount - ledger.refunded}).`,
        }),
      };
    }
    ledger.refunded += amount;
  }
  return {
    status: 200,
    paymentIntent,
    amount,
    json: {
      id: newId("re_test"),
      object: "refund",
      amount,
      currency: "vnd",
      created: now(),
      payment_intent: paymentIntent,
      status: "succeeded",
      metadata: body.metadata ?? {},
    },
  };
}

export async function startFakeStripe(options: FakeStripeOptions = {}): Promise<FakeStripe> {
  const requests: RecordedRequest[] = [];
  const sessions = new Map<string, Json>();
  const refunds: FakeRefund[] = [];
  const intents = new Map<string, IntentLedger>();
  const idempotent = new Map<string, { rawBody: string; path: string; status: number; json: Json }>();
  let nextError: FakeStripeError | undefined;
  let port = 0;

  const send = (res: ServerResponse, status: number, json: Json) => {
    res.writeHead(status, { "Content-Type": "application/json", "Request-Id": newId("req") });
    res.end(JSON.stringify(json));
  };

  const route = (
    method: string,
    path: string,
    body: Json,
    idempotencyKey: string | undefined,
  ): { status: number; json: Json } => {
    if (method === "POST" && path === "/v1/checkout/sessions") {
      const result = createSession(body, (id) =>
        options.checkoutUrl
          ? options.checkoutUrl(id, port)
          : `https://checkout.stripe.com/c/pay/${id}#fake-${port}`,
      );
      if (result.status === 200) sessions.set(String(result.json.id), result.json);
      return result;
    }
    if (method === "POST" && path === "/v1/refunds") {
      const result = createRefund(body, intents);
      if (result.paymentIntent && result.amount) {
        refunds.push({
          id: String(result.json.id),
          paymentIntent: result.paymentIntent,
          amount: result.amount,
          idempotencyKey: idempotencyKey ?? null,
        });
      }
      return { status: result.status, json: result.json };
    }
    const match = /^\/v1\/checkout\/sessions\/([^/]+)$/.exec(path);
    if (method === "GET" && match?.[1]) {
      const session = sessions.get(decodeURIComponent(match[1]));
      if (session) return { status: 200, json: session };
      return {
        status: 404,
        json: errorBody({ status: 404, type: "invalid_request_error", code: "resource_missing" }),
      };
    }
    return {
      status: 404,
      json: errorBody({
        status: 404,
        type: "invalid_request_error",
        message: `Unrecognized request URL (${method}: ${path})`,
      }),
    };
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? "/", "http://localhost");
    const method = req.method ?? "GET";
    const rawBody = method === "GET" ? url.search.slice(1) : Buffer.concat(chunks).toString("utf8");
    if (!url.pathname.startsWith("/v1/") && options.pages && (await options.pages(req, res, rawBody))) return;
    const body = parseStripeForm(rawBody);
    requests.push({ method, path: url.pathname, body, rawBody, headers: req.headers });

    if (!/^Bearer (sk|rk)_/.test(String(req.headers.authorization ?? ""))) {
      return send(
        res,
        401,
        errorBody({ status: 401, type: "authentication_error", message: "Invalid API Key" }),
      );
    }
    if (nextError) {
      const error = nextError;
      nextError = undefined;
      return send(res, error.status, errorBody(error));
    }
    const key = req.headers["idempotency-key"];
    const idempotencyKey = method === "POST" && typeof key === "string" ? key : undefined;
    if (idempotencyKey) {
      const seen = idempotent.get(idempotencyKey);
      if (seen) {
        if (seen.rawBody !== rawBody || seen.path !== url.pathname) {
          return send(
            res,
            400,
            errorBody({
              status: 400,
              type: "idempotency_error",
              message:
                "Keys for idempotent requests can only be used with the same parameters they were first used with.",
            }),
          );
        }
        res.setHeader("Idempotent-Replayed", "true");
        return send(res, seen.status, seen.json);
      }
    }
    const result = route(method, url.pathname, body, idempotencyKey);
    if (idempotencyKey && result.status < 500) {
      idempotent.set(idempotencyKey, { rawBody, path: url.pathname, ...result });
    }
    return send(res, result.status, result.json);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      send(res, 500, errorBody({ status: 500, type: "api_error", message: String(error) }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", resolve);
  });
  port = (server.address() as AddressInfo).port;

  const stored = (sessionId: string): Json => {
    const session = sessions.get(sessionId);
    if (!session) throw new Error(`fake Stripe has no session ${sessionId}`);
    return session;
  };
  const pay = (session: Json) => {
    const intent = String(session.payment_intent);
    if (!intents.has(intent)) intents.set(intent, { amount: Number(session.amount_total), refunded: 0 });
  };

  return {
    port,
    env: { STRIPE_API_HOST: "127.0.0.1", STRIPE_API_PORT: port, STRIPE_API_PROTOCOL: "http" },
    requests,
    sessions,
    refunds,
    setNext(error) {
      nextError = error;
    },
    completeSession(sessionId, options = {}) {
      const session = stored(sessionId);
      const paymentStatus = options.paymentStatus ?? "paid";
      Object.assign(session, {
        status: "complete",
        payment_status: paymentStatus,
        payment_intent: options.paymentIntent ?? session.payment_intent ?? newId("pi_test"),
      });
      if (paymentStatus === "paid") pay(session);
      return session;
    },
    settleSession(sessionId) {
      const session = stored(sessionId);
      if (session.status !== "complete") throw new Error(`session ${sessionId} was not completed`);
      session.payment_status = "paid";
      pay(session);
      return session;
    },
    expireSession(sessionId) {
      const session = stored(sessionId);
      Object.assign(session, { status: "expired", url: null });
      return session;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
