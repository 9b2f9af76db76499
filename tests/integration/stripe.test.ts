import Stripe from "stripe";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DomainError } from "~/domain/errors";
import {
  CardPaymentsUnavailableError,
  cardPaymentsEnabled,
  createCheckoutSession,
  getStripe,
  PaymentProviderError,
  refundPayment,
  retrieveCheckoutSession,
} from "~/domain/payments/stripe.server";
import { extractCheckoutOutcome, verifyStripeWebhook } from "~/domain/payments/webhooks.server";
import { type FakeStripe, parseStripeForm, startFakeStripe } from "../support/fake-stripe";

const SECRET_KEY = "sk_test_fake_123";
const WEBHOOK_SECRET = "whsec_test_secret_abc";
const ORDER_ID = "5b0f1c3e-8a43-4e55-9c1a-0d9e2f7b6a11";

let fake: FakeStripe;

beforeAll(async () => {
  fake = await startFakeStripe();
  // getStripe() reads the environment once per process; set it before the first call.
  process.env.STRIPE_SECRET_KEY = SECRET_KEY;
  process.env.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET;
  process.env.STRIPE_API_HOST = fake.env.STRIPE_API_HOST;
  process.env.STRIPE_API_PORT = String(fake.env.STRIPE_API_PORT);
  process.env.STRIPE_API_PROTOCOL = fake.env.STRIPE_API_PROTOCOL;
});

afterAll(async () => {
  await fake.close();
});

beforeEach(() => {
  fake.requests.length = 0;
  fake.setNext();
});

const checkoutInput = (orderId = ORDER_ID) => ({
  orderId,
  orderCode: "DH2025001",
  lines: [
    { name: "Rượu men lá Bằng Phúc", unitAmountVnd: 125_000, quantity: 2 },
    { name: "Miến dong riềng Chợ Đồn", unitAmountVnd: 60_000, quantity: 1 },
  ],
  customerEmail: "nguoimua@example.vn",
  successUrl: "http://localhost:3000/orders/DH2025001?paid=1",
  cancelUrl: "http://localhost:3000/checkout",
  expiresAt: new Date("2030-01-01T00:00:00Z"),
});

describe("configuration", () => {
  it("has no card payments without a secret key", () => {
    expect(cardPaymentsEnabled({ STRIPE_SECRET_KEY: undefined } as never)).toBe(false);
    expect(() => getStripe({ STRIPE_SECRET_KEY: undefined } as never)).toThrow(CardPaymentsUnavailableError);
    expect(cardPaymentsEnabled()).toBe(true);
  });

  it("reuses one client for the same configuration", () => {
    expect(getStripe()).toBe(getStripe());
  });
});

describe("createCheckoutSession", () => {
  it("sends whole đồng in VND, the order in metadata and an idempotency key", async () => {
    const session = await createCheckoutSession(checkoutInput());
    expect(session.id).toMatch(/^cs_test_/);
    expect(session.url).toBe(fake.sessions.get(session.id)?.url);
    expect(session.url).toMatch(/^https:\/\/checkout\.stripe\.com\/c\/pay\/cs_test_/);

    expect(fake.requests).toHaveLength(1);
    const request = fake.requests[0];
    expect(request?.method).toBe("POST");
    expect(request?.path).toBe("/v1/checkout/sessions");
    expect(request?.headers.authorization).toBe(`Bearer ${SECRET_KEY}`);
    // The order, and the expiry it was asked with (Stripe refuses a key reused with other parameters).
    expect(request?.headers["idempotency-key"]).toBe(`checkout-${ORDER_ID}-1893456000`);
    const body = request?.body as Record<string, unknown>;
    expect(body.mode).toBe("payment");
    expect(body.client_reference_id).toBe(ORDER_ID);
    expect(body.metadata).toEqual({ orderId: ORDER_ID, orderCode: "DH2025001" });
    expect(body.payment_intent_data).toEqual({ metadata: { orderId: ORDER_ID, orderCode: "DH2025001" } });
    expect(body.customer_email).toBe("nguoimua@example.vn");
    expect(body.expires_at).toBe(String(Date.UTC(2030, 0, 1) / 1000));
    expect(body.line_items).toEqual([
      {
        quantity: "2",
        price_data: {
          currency: "vnd",
          unit_amount: "125000",
          product_data: { name: "Rượu men lá Bằng Phúc" },
        },
      },
      {
        quantity: "1",
        price_data: {
          currency: "vnd",
          unit_amount: "60000",
          product_data: { name: "Miến dong riềng Chợ Đồn" },
        },
      },
    ]);
    // The raw form really says 125000, not 12500000 (VND has no minor unit).
    expect(request?.rawBody).toContain("line_items[0][price_data][unit_amount]=125000&");
    expect(fake.sessions.get(session.id)?.amount_total).toBe(310_000);
  });

  it("returns the same session when the same order is submitted twice", async () => {
    const first = await createCheckoutSession(checkoutInput("order-twice"));
    const second = await createCheckoutSession(checkoutInput("order-twice"));
    expect(second).toEqual(first);
    expect(fake.sessions.size).toBeGreaterThan(0);
    const other = await createCheckoutSession(checkoutInput("order-other"));
    expect(other.id).not.toBe(first.id);
  });

  it("turns a Stripe 400 into a typed error", async () => {
    fake.setNext({
      status: 400,
      type: "invalid_request_error",
      code: "amount_too_small",
      message: "Amount must be at least 12.000 ₫",
    });
    const error = await createCheckoutSession(checkoutInput("order-400")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PaymentProviderError);
    const typed = error as PaymentProviderError;
    expect(typed.type).toBe("invalid_request_error");
    expect(typed.code).toBe("amount_too_small");
    expect(typed.statusCode).toBe(400);
    expect(typed.retryable).toBe(false);
    expect(typed.cause).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    // A 400 is not retried by the SDK.
    expect(fake.requests).toHaveLength(1);
  });

  it("refuses lines that are not whole đồng before calling Stripe", async () => {
    const bad = { ...checkoutInput(), lines: [{ name: "x", unitAmountVnd: 1250.5, quantity: 1 }] };
    await expect(createCheckoutSession(bad)).rejects.toThrow(RangeError);
    await expect(createCheckoutSession({ ...checkoutInput(), lines: [] })).rejects.toThrow(RangeError);
    const zeroQty = { ...checkoutInput(), lines: [{ name: "x", unitAmountVnd: 1000, quantity: 0 }] };
    await expect(createCheckoutSession(zeroQty)).rejects.toThrow(RangeError);
    expect(fake.requests).toHaveLength(0);
  });

  it("reads a session back", async () => {
    const session = await createCheckoutSession(checkoutInput("order-read"));
    const read = await retrieveCheckoutSession(session.id);
    expect(read.id).toBe(session.id);
    expect(read.amount_total).toBe(310_000);
    expect(read.metadata?.orderId).toBe("order-read");
    const missing = await retrieveCheckoutSession("cs_test_missing").catch((e: unknown) => e);
    expect((missing as PaymentProviderError).statusCode).toBe(404);
  });
});

describe("refundPayment", () => {
  it("refunds whole đồng with the caller's idempotency key", async () => {
    const refund = await refundPayment("pi_test_123", 60_000, "refund-order-1-line-2");
    expect(refund).toMatchObject({ status: "succeeded", amountVnd: 60_000 });
    expect(refund.id).toMatch(/^re_test_/);
    const request = fake.requests[0];
    expect(request?.path).toBe("/v1/refunds");
    expect(request?.body).toEqual({ payment_intent: "pi_test_123", amount: "60000" });
    expect(request?.headers["idempotency-key"]).toBe("refund-order-1-line-2");
    const again = await refundPayment("pi_test_123", 60_000, "refund-order-1-line-2");
    expect(again.id).toBe(refund.id);
  });

  it("refuses a reused key with another amount, like Stripe", async () => {
    await refundPayment("pi_test_456", 10_000, "refund-key-x");
    const error = await refundPayment("pi_test_456", 20_000, "refund-key-x").catch((e: unknown) => e);
    expect((error as PaymentProviderError).type).toBe("idempotency_error");
  });

  it("refuses an amount that is not positive whole đồng", async () => {
    await expect(refundPayment("pi_test_1", 0, "k0")).rejects.toThrow(RangeError);
    await expect(refundPayment("pi_test_1", 99.5, "k1")).rejects.toThrow(RangeError);
  });
});

describe("fake Stripe form decoding", () => {
  it("nests bracketed keys into objects and arrays", () => {
    expect(parseStripeForm("a=1&b[c]=2&d[0][e]=3&d[1][e]=4&f[0]=x")).toEqual({
      a: "1",
      b: { c: "2" },
      d: [{ e: "3" }, { e: "4" }],
      f: ["x"],
    });
  });
});

function sessionEvent(
  type: string,
  session: Partial<Stripe.Checkout.Session>,
  id = `evt_${Math.random().toString(36).slice(2)}`,
) {
  return {
    id,
    object: "event",
    api_version: "2026-10-28",
    created: Math.floor(Date.now() / 1000),
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
    data: {
      object: {
        id: "cs_test_abc",
        object: "checkout.session",
        amount_total: 310_000,
        currency: "vnd",
        client_reference_id: ORDER_ID,
        metadata: { orderId: ORDER_ID, orderCode: "DH2025001" },
        payment_intent: "pi_test_789",
        payment_status: "paid",
        status: "complete",
        ...session,
      },
    },
  };
}

function signed(payload: string, options: { secret?: string; timestamp?: number } = {}) {
  return Stripe.webhooks.generateTestHeaderString({
    payload,
    secret: options.secret ?? WEBHOOK_SECRET,
    ...(options.timestamp ? { timestamp: options.timestamp } : {}),
  });
}

function badSignature(fn: () => unknown): void {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(DomainError);
  expect((caught as DomainError).kind).toBe("invalid");
  expect((caught as DomainError).messageKey).toBe("payments.errors.badSignature");
}

describe("verifyStripeWebhook", () => {
  const payload = JSON.stringify(sessionEvent("checkout.session.completed", {}, "evt_signed_1"));

  it("accepts a body signed with our secret", () => {
    const event = verifyStripeWebhook(payload, signed(payload));
    expect(event.id).toBe("evt_signed_1");
    expect(event.type).toBe("checkout.session.completed");
  });

  it("refuses a missing header, a forged signature, another secret and a changed body", () => {
    badSignature(() => verifyStripeWebhook(payload, null));
    badSignature(() => verifyStripeWebhook(payload, ""));
    const header = signed(payload);
    const forged = header.replace(
      /v1=([0-9a-f]+)/,
      (_m, hex: string) => `v1=${hex.startsWith("0") ? "1" : "0"}${hex.slice(1)}`,
    );
    expect(forged).not.toBe(header);
    badSignature(() => verifyStripeWebhook(payload, forged));
    badSignature(() => verifyStripeWebhook(payload, "t=123,v1=deadbeef"));
    badSignature(() => verifyStripeWebhook(payload, "garbage"));
    badSignature(() => verifyStripeWebhook(payload, signed(payload, { secret: "whsec_someone_else" })));
    badSignature(() => verifyStripeWebhook(payload.replace("310000", "1"), header));
    // The same signature verifies with the right secret passed explicitly, and not with another.
    expect(verifyStripeWebhook(payload, header, { env: { STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET } }).id).toBe(
      "evt_signed_1",
    );
    badSignature(() =>
      verifyStripeWebhook(payload, header, { env: { STRIPE_WEBHOOK_SECRET: "whsec_other" } }),
    );
  });

  it("refuses a replay older than five minutes, and accepts one just inside", () => {
    const now = Math.floor(Date.now() / 1000);
    badSignature(() => verifyStripeWebhook(payload, signed(payload, { timestamp: now - 301 })));
    badSignature(() => verifyStripeWebhook(payload, signed(payload, { timestamp: now - 3600 })));
    expect(verifyStripeWebhook(payload, signed(payload, { timestamp: now - 240 })).id).toBe("evt_signed_1");
  });

  it("cannot verify without a signing secret", () => {
    expect(() =>
      verifyStripeWebhook(payload, signed(payload), { env: { STRIPE_WEBHOOK_SECRET: undefined } }),
    ).toThrow(CardPaymentsUnavailableError);
  });
});

describe("extractCheckoutOutcome", () => {
  const outcome = (type: string, session: Partial<Stripe.Checkout.Session> = {}) => {
    const payload = JSON.stringify(sessionEvent(type, session, "evt_outcome"));
    return extractCheckoutOutcome(verifyStripeWebhook(payload, signed(payload)));
  };

  it("reads a paid completed session", () => {
    expect(outcome("checkout.session.completed")).toEqual({
      kind: "paid",
      eventId: "evt_outcome",
      eventType: "checkout.session.completed",
      livemode: false,
      sessionId: "cs_test_abc",
      orderId: ORDER_ID,
      amountTotal: 310_000,
      currency: "vnd",
      paymentIntentId: "pi_test_789",
    });
  });

  it("treats a completed but unpaid session as pending (a delayed payment method)", () => {
    expect(outcome("checkout.session.completed", { payment_status: "unpaid" }).kind).toBe("pending");
  });

  it("reads delayed success, delayed failure and expiry", () => {
    expect(outcome("checkout.session.async_payment_succeeded").kind).toBe("paid");
    expect(outcome("checkout.session.async_payment_failed", { payment_status: "unpaid" }).kind).toBe(
      "failed",
    );
    const expired = outcome("checkout.session.expired", {
      payment_status: "unpaid",
      status: "expired",
      payment_intent: null,
    });
    expect(expired).toMatchObject({ kind: "expired", orderId: ORDER_ID, paymentIntentId: null });
  });

  it("takes the payment intent id from an expanded object too", () => {
    const expanded = outcome("checkout.session.completed", {
      payment_intent: { id: "pi_test_expanded", object: "payment_intent" } as Stripe.PaymentIntent,
    });
    expect(expanded.paymentIntentId).toBe("pi_test_expanded");
  });

  it("falls back to client_reference_id, and ignores sessions that are not ours", () => {
    expect(outcome("checkout.session.completed", { metadata: {} }).orderId).toBe(ORDER_ID);
    const foreign = outcome("checkout.session.completed", { metadata: {}, client_reference_id: null });
    expect(foreign).toMatchObject({ kind: "ignored", sessionId: "cs_test_abc", orderId: null });
  });

  it("ignores other events", () => {
    const payload = JSON.stringify({
      ...sessionEvent("payment_intent.succeeded", {}),
      data: { object: { id: "pi_test_789", object: "payment_intent" } },
    });
    expect(extractCheckoutOutcome(verifyStripeWebhook(payload, signed(payload)))).toMatchObject({
      kind: "ignored",
      eventType: "payment_intent.succeeded",
      sessionId: null,
      orderId: null,
    });
  });
});
