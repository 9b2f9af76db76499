/**
 * Stripe webhooks end to end: signed deliveries through the POST /webhooks/stripe action (and
 * once over HTTP through the Express app), the domain's processStripeEvent, card refunds through
 * the fake Stripe server, and the order, payment, timeline, stock, audit and outbox rows they
 * leave behind. Duplicated, replayed, forged, out-of-order and mismatched deliveries included.
 */
import type { AddressInfo } from "node:net";
import type { ActionFunctionArgs, ServerBuild } from "@remix-run/node";
import { and, count, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { DomainError } from "~/domain/errors";
import {
  advanceShipment,
  attachCheckoutSession,
  processStripeEvent,
  releaseExpiredHolds,
} from "~/domain/orders/lifecycle.server";
import { createCheckoutSession } from "~/domain/payments/stripe.server";
import { verifyStripeWebhook } from "~/domain/payments/webhooks.server";
import * as webhookRoute from "~/routes/webhooks.stripe";
import { db } from "~db/client.server";
import { auditLog, orderEvents, orders, outbox, paymentEvents, payments } from "~db/schema";
import { createHttpApp } from "../../scripts/lib/http";
import { type FakeStripe, startFakeStripe } from "../support/fake-stripe";
import {
  type CheckoutEventType,
  type SignedDelivery,
  signedCheckoutWebhook,
  signedSessionWebhook,
  signStripePayload,
} from "../support/stripe-events";
import {
  availableIn,
  createOrderWorld,
  type OrderWorld,
  type PlacedTestOrder,
  placeTestOrder,
} from "./order-fixtures";

const SECRET_KEY = "sk_test_webhooks_5";
const WEBHOOK_SECRET = "whsec_test_webhooks_5";
const STOCK = 40;

let fake: FakeStripe;
let world: OrderWorld;

beforeAll(async () => {
  fake = await startFakeStripe();
  // getEnv() is read once per test file (module cache): set Stripe's variables before anything reads it.
  process.env.STRIPE_SECRET_KEY = SECRET_KEY;
  process.env.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET;
  process.env.STRIPE_API_HOST = fake.env.STRIPE_API_HOST;
  process.env.STRIPE_API_PORT = String(fake.env.STRIPE_API_PORT);
  process.env.STRIPE_API_PROTOCOL = fake.env.STRIPE_API_PROTOCOL;
  world = await createOrderWorld({ stock: [STOCK, STOCK], prices: [150_000, 85_000] });
});

afterAll(async () => {
  await fake.close();
});

beforeEach(() => {
  fake.setNext();
});

// ───────────────────────────── helpers ─────────────────────────────

interface CardOrder extends PlacedTestOrder {
  sessionId: string;
}

/** A card order as the checkout makes it: placed, a Checkout Session opened, the session attached. */
async function cardOrder(quantities: [number, number] = [2, 1], w: OrderWorld = world): Promise<CardOrder> {
  const placed = await placeTestOrder(w, quantities, "card");
  const lines = w.coops
    .map((c, i) => ({
      name: c.product.name,
      unitAmountVnd: c.product.priceVnd,
      quantity: quantities[i] ?? 0,
    }))
    .filter((l) => l.quantity > 0);
  const session = await createCheckoutSession({
    orderId: placed.id,
    orderCode: placed.code,
    lines,
    successUrl: `http://localhost:3000/don-hang/${placed.code}`,
    cancelUrl: "http://localhost:3000/thanh-toan",
  });
  await attachCheckoutSession(placed.id, session.id, placed.holdExpiresAt);
  return { ...placed, sessionId: session.id };
}

/** A signed delivery of `type` for the order's session, as Stripe has it now. */
function delivery(
  type: CheckoutEventType,
  order: CardOrder,
  options: {
    eventId?: string;
    timestamp?: number;
    secret?: string;
    overrides?: Parameters<typeof signedSessionWebhook>[2]["overrides"];
  } = {},
): SignedDelivery {
  const session = fake.sessions.get(order.sessionId);
  if (!session) throw new Error(`no session ${order.sessionId}`);
  return signedSessionWebhook(type, session, {
    secret: options.secret ?? WEBHOOK_SECRET,
    ...(options.timestamp !== undefined ? { timestamp: options.timestamp } : {}),
    ...(options.eventId ? { eventId: options.eventId } : {}),
    ...(options.overrides ? { overrides: options.overrides } : {}),
  });
}

function webhookRequest(body: string, headers: Record<string, string>, method = "POST") {
  return new Request("http://localhost:3000/webhooks/stripe", {
    method,
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "User-Agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
      ...headers,
    },
    ...(method === "GET" || method === "HEAD" ? {} : { body }),
  });
}

const args = (request: Request) => ({ request, params: {}, context: {} }) as unknown as ActionFunctionArgs;

/** POSTs a delivery to the route's action, as Remix would. */
async function post(d: { payload: string; signature: string | null }) {
  const headers: Record<string, string> = d.signature === null ? {} : { "Stripe-Signature": d.signature };
  const res = await webhookRoute.action(args(webhookRequest(d.payload, headers)));
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
}

async function orderState(orderId: string) {
  const [order] = await db().select().from(orders).where(eq(orders.id, orderId));
  const [payment] = await db().select().from(payments).where(eq(payments.orderId, orderId));
  const events = await db()
    .select({ kind: orderEvents.kind, details: orderEvents.details, shipmentId: orderEvents.shipmentId })
    .from(orderEvents)
    .where(eq(orderEvents.orderId, orderId))
    .orderBy(orderEvents.at, orderEvents.id);
  if (!order || !payment) throw new Error(`order ${orderId} missing`);
  return { order, payment, events, kinds: events.map((e) => e.kind) };
}

/** Messages to the buyer about this order with `template` (a guest with an email: SMS and email). */
async function buyerMessages(code: string, template: string) {
  return db()
    .select({ channel: outbox.channel, toAddress: outbox.toAddress, params: outbox.params })
    .from(outbox)
    .where(and(eq(outbox.template, template), sql`${outbox.params}->>'code' = ${code}`));
}

async function storedEvents(eventId: string) {
  const [row] = await db()
    .select({ n: count() })
    .from(paymentEvents)
    .where(eq(paymentEvents.providerEventId, eventId));
  return row?.n ?? 0;
}

const kindsOf = <E extends { kind: string }>(events: E[], kind: string) =>
  events.filter((e) => e.kind === kind);

// ───────────────────────────── a valid payment ─────────────────────────────

describe("a signed checkout.session.completed", () => {
  it("marks the order paid: confirmed, payment succeeded, a timeline entry and a message to the buyer", async () => {
    const order = await cardOrder([2, 1]);
    expect(order.totalVnd).toBe(2 * 150_000 + 85_000);
    expect((await orderState(order.id)).order.status).toBe("awaiting_payment");
    const session = fake.completeSession(order.sessionId);
    const d = delivery("checkout.session.completed", order);

    const res = await post(d);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ received: true, result: "paid" });
    expect(res.headers.get("Cache-Control")).toBe("no-store");

    const state = await orderState(order.id);
    expect(state.order).toMatchObject({ status: "confirmed", holdExpiresAt: null });
    expect(state.payment).toMatchObject({
      status: "succeeded",
      receivedVnd: order.totalVnd,
      providerRef: order.sessionId,
      providerPaymentId: session.payment_intent,
      refundedVnd: 0,
    });
    expect(state.payment.succeededAt).toBeInstanceOf(Date);
    expect(kindsOf(state.events, "paid")).toEqual([
      { kind: "paid", details: { amount: order.totalVnd, source: "stripe" }, shipmentId: null },
    ]);
    const messages = await buyerMessages(order.code, "orderPaid");
    expect(messages.map((m) => m.channel).sort()).toEqual(["email", "sms"]);
    expect(messages.find((m) => m.channel === "sms")?.toAddress).toBe("0912345678");
    // Each cooperative is told it can now prepare its parcel.
    const sellers = await db()
      .select({ n: count() })
      .from(outbox)
      .where(and(eq(outbox.template, "orderPaidSeller"), sql`${outbox.params}->>'code' = ${order.code}`));
    expect(sellers[0]?.n).toBe(2);
    // The event is kept once, tied to the payment.
    const [stored] = await db()
      .select()
      .from(paymentEvents)
      .where(eq(paymentEvents.providerEventId, d.eventId));
    expect(stored).toMatchObject({
      provider: "stripe",
      type: "checkout.session.completed",
      paymentId: state.payment.id,
    });
  });

  it("does nothing the second time the same event is delivered", async () => {
    const order = await cardOrder([1, 0]);
    fake.completeSession(order.sessionId);
    const d = delivery("checkout.session.completed", order);
    expect((await post(d)).body.result).toBe("paid");
    const before = await orderState(order.id);

    // Stripe redelivers the same event (same id), signed afresh.
    const again = { payload: d.payload, signature: signStripePayload(d.payload, { secret: WEBHOOK_SECRET }) };
    const res = await post(again);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ received: true, result: "duplicate" });

    const after = await orderState(order.id);
    expect(after.payment).toEqual(before.payment);
    expect(after.events).toEqual(before.events);
    expect(kindsOf(after.events, "paid")).toHaveLength(1);
    expect(await storedEvents(d.eventId)).toBe(1);
    expect(await buyerMessages(order.code, "orderPaid")).toHaveLength(2);

    // Another event about the same payment (a different id) finds it already paid.
    const late = delivery("checkout.session.async_payment_succeeded", order);
    expect((await post(late)).body.result).toBe("already_paid");
    expect(kindsOf((await orderState(order.id)).events, "paid")).toHaveLength(1);
  });
});

// ───────────────────────────── refused deliveries ─────────────────────────────

describe("deliveries that are refused with 400 and leave nothing behind", () => {
  async function expectRefused(
    d: { payload: string; signature: string | null },
    eventId: string,
    orderId: string,
  ) {
    const before = await orderState(orderId);
    const res = await post(d);
    expect(res.status).toBe(400);
    expect(res.headers.get("Cache-Control")).toBe("no-store");
    expect(res.body).toEqual({
      received: false,
      error: "bad_signature",
      message: "The request does not carry a valid Stripe signature.",
      messageVi: "Yêu cầu không có chữ ký hợp lệ của Stripe.",
    });
    expect(await storedEvents(eventId)).toBe(0);
    const after = await orderState(orderId);
    expect(after.order).toEqual(before.order);
    expect(after.payment).toEqual(before.payment);
    expect(after.events).toEqual(before.events);
  }

  it("refuses a replay signed longer ago than the tolerance, then takes the fresh delivery", async () => {
    const order = await cardOrder([1, 1]);
    fake.completeSession(order.sessionId);
    const now = Math.floor(Date.now() / 1000);
    const stale = delivery("checkout.session.completed", order, { timestamp: now - 301 });
    await expectRefused(stale, stale.eventId, order.id);
    const hourOld = {
      payload: stale.payload,
      signature: signStripePayload(stale.payload, { secret: WEBHOOK_SECRET, timestamp: now - 3600 }),
    };
    await expectRefused(hourOld, stale.eventId, order.id);
    // Nothing of the refused replays was stored: the genuine delivery is not taken for a duplicate.
    const fresh = {
      payload: stale.payload,
      signature: signStripePayload(stale.payload, { secret: WEBHOOK_SECRET }),
    };
    expect((await post(fresh)).body).toEqual({ received: true, result: "paid" });
  });

  it("refuses a forged signature, another secret, an altered body and a missing header", async () => {
    const order = await cardOrder([1, 0]);
    fake.completeSession(order.sessionId);
    const d = delivery("checkout.session.completed", order);
    const forged = d.signature.replace(/v1=([0-9a-f])/, (_m, c: string) => `v1=${c === "0" ? "1" : "0"}`);
    expect(forged).not.toBe(d.signature);
    await expectRefused({ payload: d.payload, signature: forged }, d.eventId, order.id);
    await expectRefused(
      { payload: d.payload, signature: signStripePayload(d.payload, { secret: "whsec_someone_else" }) },
      d.eventId,
      order.id,
    );
    // The same bytes with one number changed: a cheaper order "paid" by someone replaying the header.
    const altered = d.payload.replace(`"amount_total": ${order.totalVnd}`, `"amount_total": 1000`);
    expect(altered).not.toBe(d.payload);
    await expectRefused({ payload: altered, signature: d.signature }, d.eventId, order.id);
    // Re-serialising the body (as a JSON body parser would) also breaks the signature.
    await expectRefused(
      { payload: JSON.stringify(JSON.parse(d.payload)), signature: d.signature },
      d.eventId,
      order.id,
    );
    await expectRefused({ payload: d.payload, signature: null }, d.eventId, order.id);
    await expectRefused({ payload: d.payload, signature: "t=1,v1=deadbeef" }, d.eventId, order.id);
    await expectRefused(
      { payload: "not json", signature: signStripePayload("not json", { secret: WEBHOOK_SECRET }) },
      "not json",
      order.id,
    );
    expect((await orderState(order.id)).order.status).toBe("awaiting_payment");
  });
});

// ───────────────────────────── amount and currency ─────────────────────────────

describe("a payment that does not match the order", () => {
  it("is not taken for payment when the amount differs: the timeline and the audit log say so", async () => {
    const order = await cardOrder([1, 1]);
    fake.completeSession(order.sessionId);
    const d = delivery("checkout.session.completed", order, {
      overrides: { amountTotal: order.totalVnd - 50_000 },
    });
    expect((await post(d)).body).toEqual({ received: true, result: "mismatch" });

    const state = await orderState(order.id);
    expect(state.order.status).toBe("awaiting_payment");
    expect(state.payment).toMatchObject({ status: "pending", receivedVnd: null, providerPaymentId: null });
    expect(kindsOf(state.events, "paid")).toHaveLength(0);
    expect(kindsOf(state.events, "payment_mismatch")).toEqual([
      {
        kind: "payment_mismatch",
        details: { expected: order.totalVnd, received: order.totalVnd - 50_000, currency: "vnd" },
        shipmentId: null,
      },
    ]);
    const audit = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "payment.amount_mismatch"), eq(auditLog.entityId, order.id)));
    expect(audit).toHaveLength(1);
    expect(audit[0]?.data).toEqual({
      event: d.eventId,
      expected: order.totalVnd,
      received: order.totalVnd - 50_000,
      currency: "vnd",
    });
    expect(await buyerMessages(order.code, "orderPaid")).toHaveLength(0);
  });

  it("is not taken for payment in another currency, even for the same number", async () => {
    const order = await cardOrder([0, 2]);
    fake.completeSession(order.sessionId);
    const d = delivery("checkout.session.completed", order, { overrides: { currency: "usd" } });
    expect((await post(d)).body.result).toBe("mismatch");
    const state = await orderState(order.id);
    expect(state.order.status).toBe("awaiting_payment");
    expect(state.payment.status).toBe("pending");
    expect(kindsOf(state.events, "payment_mismatch")[0]?.details).toEqual({
      expected: order.totalVnd,
      received: order.totalVnd,
      currency: "usd",
    });
    const [audit] = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "payment.amount_mismatch"), eq(auditLog.entityId, order.id)));
    expect(audit?.data).toMatchObject({ currency: "usd", received: order.totalVnd });
  });
});

// ───────────────────────────── out of order ─────────────────────────────

describe("events out of order", () => {
  it("takes a delayed payment's success even before the completed (unpaid) event", async () => {
    const order = await cardOrder([1, 0]);
    fake.completeSession(order.sessionId, { paymentStatus: "unpaid" });
    const completedUnpaid = delivery("checkout.session.completed", order);
    fake.settleSession(order.sessionId);
    const succeeded = delivery("checkout.session.async_payment_succeeded", order);

    expect((await post(succeeded)).body.result).toBe("paid");
    expect((await post(completedUnpaid)).body.result).toBe("pending");
    const state = await orderState(order.id);
    expect(state.order.status).toBe("confirmed");
    expect(state.payment.status).toBe("succeeded");
    expect(kindsOf(state.events, "paid")).toHaveLength(1);
  });

  it("waits on a completed but unpaid session, then takes the delayed success", async () => {
    const order = await cardOrder([0, 1]);
    fake.completeSession(order.sessionId, { paymentStatus: "unpaid" });
    expect((await post(delivery("checkout.session.completed", order))).body.result).toBe("pending");
    expect((await orderState(order.id)).order.status).toBe("awaiting_payment");
    fake.settleSession(order.sessionId);
    expect((await post(delivery("checkout.session.async_payment_succeeded", order))).body.result).toBe(
      "paid",
    );
    expect((await orderState(order.id)).order.status).toBe("confirmed");
  });

  it("ignores an expiry that arrives after the payment", async () => {
    const order = await cardOrder([1, 1]);
    fake.completeSession(order.sessionId);
    const stockBefore = await availableIn(world.coops[0].batch.id);
    expect((await post(delivery("checkout.session.completed", order))).body.result).toBe("paid");
    const expired = delivery("checkout.session.expired", order, {
      overrides: { paymentStatus: "unpaid", paymentIntent: null },
    });
    expect((await post(expired)).body.result).toBe("stale");
    const state = await orderState(order.id);
    expect(state.order.status).toBe("confirmed");
    expect(state.payment.status).toBe("succeeded");
    expect(state.kinds).not.toContain("cancelled");
    expect(await availableIn(world.coops[0].batch.id)).toBe(stockBefore);
  });

  it("refunds in full a payment that arrives after the hold ran out; the order stays cancelled", async () => {
    // Its own cooperatives: releasing holds "in the future" also releases the other tests' unpaid orders.
    const own = await createOrderWorld({ stock: [10, 10] });
    const [batchA, batchB] = [own.coops[0].batch.id, own.coops[1].batch.id];
    const order = await cardOrder([3, 2], own);
    expect(await availableIn(batchA)).toBe(7);
    const holdEnd = order.holdExpiresAt;
    if (!holdEnd) throw new Error("a card order holds its stock");

    const { released } = await releaseExpiredHolds(new Date(holdEnd.getTime() + 60_000));
    expect(released).toBeGreaterThanOrEqual(1);
    const expiredState = await orderState(order.id);
    expect(expiredState.order.status).toBe("cancelled");
    expect(expiredState.payment.status).toBe("expired");
    expect(expiredState.kinds).toEqual(expect.arrayContaining(["hold_expired", "cancelled"]));
    expect(await availableIn(batchA)).toBe(10);
    expect(await availableIn(batchB)).toBe(10);

    // The buyer was still on Stripe's page and paid.
    const session = fake.completeSession(order.sessionId);
    const refundsBefore = fake.refunds.length;
    const d = delivery("checkout.session.completed", order);
    expect((await post(d)).body).toEqual({ received: true, result: "refunded_late_payment" });

    expect(fake.refunds.slice(refundsBefore)).toEqual([
      {
        id: expect.stringMatching(/^re_test_/),
        paymentIntent: session.payment_intent,
        amount: order.totalVnd,
        idempotencyKey: `late-${order.id}`,
      },
    ]);
    const state = await orderState(order.id);
    expect(state.order.status).toBe("cancelled");
    expect(state.payment).toMatchObject({
      status: "refunded",
      receivedVnd: order.totalVnd,
      refundedVnd: order.totalVnd,
      providerPaymentId: session.payment_intent,
    });
    expect(kindsOf(state.events, "refunded")).toEqual([
      {
        kind: "refunded",
        details: { amount: order.totalVnd, refund: fake.refunds.at(-1)?.id ?? "" },
        shipmentId: null,
      },
    ]);
    expect(await buyerMessages(order.code, "orderRefunded")).toHaveLength(2);
    // The stock that went back on sale stays on sale.
    expect(await availableIn(batchA)).toBe(10);

    // Stripe delivers it again: no second refund.
    const again = { payload: d.payload, signature: signStripePayload(d.payload, { secret: WEBHOOK_SECRET }) };
    expect((await post(again)).body.result).toBe("duplicate");
    expect(fake.refunds.length).toBe(refundsBefore + 1);
  });

  it("answers 500 and keeps nothing when the refund cannot be made, so Stripe's retry is applied", async () => {
    const order = await cardOrder([1, 0]);
    await releaseExpiredHolds(new Date((order.holdExpiresAt?.getTime() ?? 0) + 60_000));
    fake.completeSession(order.sessionId);
    const d = delivery("checkout.session.completed", order);
    const refundsBefore = fake.refunds.length;
    fake.setNext({
      status: 400,
      type: "invalid_request_error",
      code: "charge_disputed",
      message: "Disputed",
    });
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const failed = await post(d);
    errors.mockRestore();
    expect(failed.status).toBe(500);
    expect(failed.body).toMatchObject({ received: false, error: "processing_failed" });
    expect(await storedEvents(d.eventId)).toBe(0);
    expect((await orderState(order.id)).payment).toMatchObject({ status: "expired", refundedVnd: 0 });
    expect(fake.refunds.length).toBe(refundsBefore);

    const retried = {
      payload: d.payload,
      signature: signStripePayload(d.payload, { secret: WEBHOOK_SECRET }),
    };
    expect((await post(retried)).body.result).toBe("refunded_late_payment");
    expect((await orderState(order.id)).payment).toMatchObject({
      status: "refunded",
      refundedVnd: order.totalVnd,
    });
  });
});

// ───────────────────────────── failures and expiry ─────────────────────────────

describe("a payment that fails or never comes", () => {
  it("cancels the order on async_payment_failed and puts the stock back on sale", async () => {
    const stockA = await availableIn(world.coops[0].batch.id);
    const stockB = await availableIn(world.coops[1].batch.id);
    const order = await cardOrder([2, 3]);
    expect(await availableIn(world.coops[1].batch.id)).toBe(stockB - 3);
    fake.completeSession(order.sessionId, { paymentStatus: "unpaid" });
    expect((await post(delivery("checkout.session.completed", order))).body.result).toBe("pending");
    const failed = delivery("checkout.session.async_payment_failed", order);
    expect((await post(failed)).body).toEqual({ received: true, result: "cancelled" });

    const state = await orderState(order.id);
    expect(state.order).toMatchObject({ status: "cancelled", holdExpiresAt: null });
    expect(state.payment.status).toBe("failed");
    expect(state.kinds).toEqual(expect.arrayContaining(["payment_failed", "cancelled"]));
    expect(await availableIn(world.coops[0].batch.id)).toBe(stockA);
    expect(await availableIn(world.coops[1].batch.id)).toBe(stockB);
    expect(await buyerMessages(order.code, "orderCancelled")).toHaveLength(2);
    // A failure reported twice under another id changes nothing more.
    expect((await post(delivery("checkout.session.async_payment_failed", order))).body.result).toBe("stale");
    expect(await availableIn(world.coops[1].batch.id)).toBe(stockB);
  });

  it("cancels an unpaid order whose session expired", async () => {
    const stockA = await availableIn(world.coops[0].batch.id);
    const order = await cardOrder([4, 0]);
    fake.expireSession(order.sessionId);
    expect((await post(delivery("checkout.session.expired", order))).body.result).toBe("cancelled");
    const state = await orderState(order.id);
    expect(state.order.status).toBe("cancelled");
    expect(state.payment.status).toBe("expired");
    expect(await availableIn(world.coops[0].batch.id)).toBe(stockA);
  });
});

// ───────────────────────────── events that are not for us ─────────────────────────────

describe("events the marketplace does not act on", () => {
  it("stores and answers 200 for an unknown order, a foreign session and another event type", async () => {
    const unknown = signedCheckoutWebhook(
      {
        type: "checkout.session.completed",
        sessionId: "cs_test_unknown",
        orderId: "00000000-0000-4000-8000-000000000000",
        amountTotal: 100_000,
      },
      { secret: WEBHOOK_SECRET },
    );
    expect((await post(unknown)).body).toEqual({ received: true, result: "unknown_order" });
    expect(await storedEvents(unknown.eventId)).toBe(1);

    const foreign = signedCheckoutWebhook(
      {
        type: "checkout.session.completed",
        sessionId: "cs_test_foreign",
        orderId: null,
        amountTotal: 100_000,
      },
      { secret: WEBHOOK_SECRET },
    );
    expect((await post(foreign)).body.result).toBe("ignored");

    const payload = JSON.stringify({
      id: "evt_test_other_type",
      object: "event",
      type: "payment_intent.succeeded",
      created: Math.floor(Date.now() / 1000),
      livemode: false,
      data: { object: { id: "pi_test_other", object: "payment_intent" } },
    });
    const other = { payload, signature: signStripePayload(payload, { secret: WEBHOOK_SECRET }) };
    expect((await post(other)).body.result).toBe("ignored");
  });

  it("treats an event for another session of the same order as stale", async () => {
    const order = await cardOrder([1, 0]);
    const d = signedCheckoutWebhook(
      {
        type: "checkout.session.completed",
        sessionId: "cs_test_not_the_attached_one",
        orderId: order.id,
        amountTotal: order.totalVnd,
      },
      { secret: WEBHOOK_SECRET },
    );
    expect((await post(d)).body.result).toBe("stale");
    const state = await orderState(order.id);
    expect(state.order.status).toBe("awaiting_payment");
    expect(state.payment.status).toBe("pending");
  });

  it("applies a verified event through the domain function the same way", async () => {
    const order = await cardOrder([1, 0]);
    fake.completeSession(order.sessionId);
    const d = delivery("checkout.session.completed", order);
    const event = verifyStripeWebhook(d.payload, d.signature);
    expect(await processStripeEvent(event)).toBe("paid");
    expect(await processStripeEvent(event)).toBe("duplicate");
    expect((await post(d)).body.result).toBe("duplicate");
  });
});

// ───────────────────────────── refunds of cancelled shipments ─────────────────────────────

describe("cancelling a shipment of a paid card order", () => {
  it("refunds that shipment's share through Stripe, once, and puts its stock back", async () => {
    const stockA = await availableIn(world.coops[0].batch.id);
    const stockB = await availableIn(world.coops[1].batch.id);
    const order = await cardOrder([2, 3]);
    const session = fake.completeSession(order.sessionId);
    expect((await post(delivery("checkout.session.completed", order))).body.result).toBe("paid");
    const [shipA, shipB] = order.shipments;
    if (!shipA || !shipB) throw new Error("two shipments expected");
    const [coopA, coopB] = world.coops;

    // A manager of the other cooperative cannot touch this parcel.
    await expect(
      advanceShipment(coopB.manager, shipA.id, { action: "cancel", reason: "Hết hàng trong kho" }),
    ).rejects.toMatchObject({ kind: "not_found" });

    const refundsBefore = fake.refunds.length;
    expect(
      await advanceShipment(coopA.manager, shipA.id, {
        action: "cancel",
        reason: "Lô hàng bị hỏng khi đóng gói",
      }),
    ).toBe("cancelled");
    const shareA = 2 * coopA.product.priceVnd;
    expect(fake.refunds.slice(refundsBefore)).toEqual([
      {
        id: expect.any(String),
        paymentIntent: session.payment_intent,
        amount: shareA,
        idempotencyKey: `refund-${shipA.id}`,
      },
    ]);
    expect(await availableIn(coopA.batch.id)).toBe(stockA);
    expect(await availableIn(coopB.batch.id)).toBe(stockB - 3);
    let state = await orderState(order.id);
    expect(state.order.status).toBe("confirmed");
    expect(state.payment).toMatchObject({ status: "succeeded", refundedVnd: shareA });
    expect(state.events.filter((e) => e.kind === "refunded")).toEqual([
      {
        kind: "refunded",
        details: { amount: shareA, refund: fake.refunds.at(-1)?.id ?? "" },
        shipmentId: shipA.id,
      },
    ]);
    expect(state.events.filter((e) => e.kind === "shipment_cancelled").map((e) => e.shipmentId)).toEqual([
      shipA.id,
    ]);
    expect(await buyerMessages(order.code, "orderRefunded")).toHaveLength(2);

    // Cancelling it again is refused, and refunds nothing more.
    const again = await advanceShipment(coopA.manager, shipA.id, {
      action: "cancel",
      reason: "Lô hàng bị hỏng",
    }).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(DomainError);
    expect((again as DomainError).kind).toBe("conflict");
    expect(fake.refunds.length).toBe(refundsBefore + 1);

    // The other cooperative cancels too: the rest is refunded and the order is cancelled.
    await advanceShipment(coopB.manager, shipB.id, {
      action: "cancel",
      reason: "Không giao được tới xã này",
    });
    const shareB = 3 * coopB.product.priceVnd;
    expect(fake.refunds.slice(refundsBefore + 1)).toEqual([
      {
        id: expect.any(String),
        paymentIntent: session.payment_intent,
        amount: shareB,
        idempotencyKey: `refund-${shipB.id}`,
      },
    ]);
    expect(await availableIn(coopB.batch.id)).toBe(stockB);
    state = await orderState(order.id);
    expect(state.order.status).toBe("cancelled");
    expect(state.payment).toMatchObject({ status: "refunded", refundedVnd: order.totalVnd });
    expect(shareA + shareB).toBe(order.totalVnd);
  });

  it("refunds the share of a parcel cancelled before the payment arrived", async () => {
    const order = await cardOrder([1, 2]);
    const [, shipB] = order.shipments;
    if (!shipB) throw new Error("two shipments expected");
    const refundsBefore = fake.refunds.length;
    // The order is unpaid: the cooperative may still call its parcel off; nothing to refund yet.
    await advanceShipment(world.coops[1].manager, shipB.id, {
      action: "cancel",
      reason: "Hết hàng, xin lỗi khách",
    });
    expect(fake.refunds.length).toBe(refundsBefore);
    expect((await orderState(order.id)).order.status).toBe("awaiting_payment");

    // The buyer pays the Checkout Session, which was opened for the whole order.
    const session = fake.completeSession(order.sessionId);
    expect((await post(delivery("checkout.session.completed", order))).body.result).toBe("paid");
    const shareB = 2 * world.coops[1].product.priceVnd;
    expect(fake.refunds.slice(refundsBefore)).toEqual([
      {
        id: expect.any(String),
        paymentIntent: session.payment_intent,
        amount: shareB,
        idempotencyKey: `refund-${shipB.id}`,
      },
    ]);
    const state = await orderState(order.id);
    expect(state.order.status).toBe("confirmed");
    expect(state.payment).toMatchObject({
      status: "succeeded",
      receivedVnd: order.totalVnd,
      refundedVnd: shareB,
    });
  });
});

// ───────────────────────────── the endpoint itself ─────────────────────────────

describe("POST /webhooks/stripe", () => {
  it("answers 405 to other methods", async () => {
    const get = await webhookRoute.loader();
    expect(get.status).toBe(405);
    expect(get.headers.get("Allow")).toBe("POST");
    expect(get.headers.get("Cache-Control")).toBe("no-store");
    const put = await webhookRoute.action(args(webhookRequest("{}", {}, "PUT")));
    expect(put.status).toBe(405);
    expect(await put.json()).toMatchObject({
      received: false,
      error: "method_not_allowed",
      message: "This address only accepts POST requests from Stripe.",
    });
  });

  it("answers 413 to a body far larger than any Stripe event, before verifying it", async () => {
    const huge = JSON.stringify({ padding: "x".repeat(1024 * 1024) });
    const res = await webhookRoute.action(args(webhookRequest(huge, { "Stripe-Signature": "t=1,v1=00" })));
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ received: false, error: "body_too_large" });
  });

  it("answers 503 and writes nothing while STRIPE_WEBHOOK_SECRET is unset", async () => {
    const order = await cardOrder([1, 0]);
    fake.completeSession(order.sessionId);
    const d = delivery("checkout.session.completed", order);
    // The environment is read once per module graph: load the route afresh without the secret.
    vi.stubEnv("STRIPE_WEBHOOK_SECRET", "");
    vi.resetModules();
    try {
      const fresh = (await import("~/routes/webhooks.stripe")) as typeof webhookRoute;
      const res = await fresh.action(args(webhookRequest(d.payload, { "Stripe-Signature": d.signature })));
      expect(res.status).toBe(503);
      expect(res.headers.get("Cache-Control")).toBe("no-store");
      expect(await res.json()).toMatchObject({ received: false, error: "webhooks_unavailable" });
    } finally {
      vi.unstubAllEnvs();
      vi.resetModules();
    }
    expect(await storedEvents(d.eventId)).toBe(0);
    expect((await orderState(order.id)).order.status).toBe("awaiting_payment");
    expect((await post(d)).body.result).toBe("paid");
  });

  it("gets the raw body through the Express app untouched: compression, the CSRF check and no body parser", async () => {
    const build = {
      mode: "production",
      basename: "/",
      publicPath: "/",
      assetsBuildDirectory: "build/client",
      isSpaMode: false,
      future: { v3_singleFetch: true },
      entry: { module: { default: () => new Response("documents are not served here", { status: 500 }) } },
      assets: { entry: { imports: [], module: "" }, routes: {}, url: "", version: "test" },
      routes: {
        root: { id: "root", path: "", module: {} },
        "routes/webhooks.stripe": {
          id: "routes/webhooks.stripe",
          parentId: "root",
          path: "webhooks/stripe",
          module: webhookRoute,
        },
      },
    } as unknown as ServerBuild;
    const app = createHttpApp({
      mode: "production",
      publicOrigin: "http://localhost:3000",
      logRequests: false,
      build,
    });
    const server = app.listen(0, "127.0.0.1");
    await new Promise<void>((resolve) => server.once("listening", () => resolve()));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/stripe`;
    try {
      const order = await cardOrder([1, 1]);
      fake.completeSession(order.sessionId);
      const d = delivery("checkout.session.completed", order);
      // As Stripe sends it: no Origin, no Sec-Fetch-Site, and a client that accepts gzip.
      const res = await fetch(base, {
        method: "POST",
        headers: {
          "Content-Type": "application/json; charset=utf-8",
          "Stripe-Signature": d.signature,
          "Accept-Encoding": "gzip",
          "User-Agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
        },
        body: d.payload,
      });
      expect(res.status).toBe(200);
      expect(res.headers.get("Cache-Control")).toBe("no-store");
      expect(await res.json()).toEqual({ received: true, result: "paid" });
      expect((await orderState(order.id)).order.status).toBe("confirmed");

      const bad = await fetch(base, {
        method: "POST",
        headers: { "Content-Type": "application/json", "Stripe-Signature": d.signature },
        body: `${d.payload} `,
      });
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { error: string }).error).toBe("bad_signature");

      const get = await fetch(base);
      expect(get.status).toBe(405);

      // The cross-site check still stands in front of it: a browser post from another site is refused.
      const crossSite = await fetch(base, {
        method: "POST",
        headers: { Origin: "https://evil.example", "Stripe-Signature": d.signature },
        body: d.payload,
      });
      expect(crossSite.status).toBe(403);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
