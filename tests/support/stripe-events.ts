/**
 * Signed Stripe webhook deliveries for tests: a checkout.session.* event shaped like Stripe's,
 * serialised once, and the Stripe-Signature header made by the SDK's own
 * generateTestHeaderString over exactly those bytes.
 */
import { randomBytes } from "node:crypto";
import Stripe from "stripe";

export type CheckoutEventType =
  | "checkout.session.completed"
  | "checkout.session.async_payment_succeeded"
  | "checkout.session.async_payment_failed"
  | "checkout.session.expired";

export interface CheckoutEventInput {
  type: CheckoutEventType;
  sessionId: string;
  /** Put in metadata.orderId and client_reference_id; null for a session that is not ours. */
  orderId: string | null;
  /** Whole đồng. */
  amountTotal: number;
  /** Lower case, as Stripe sends it; "vnd" when omitted. */
  currency?: string;
  /** "paid" when omitted, except "unpaid" for expired and failed sessions. */
  paymentStatus?: "paid" | "unpaid" | "no_payment_required";
  /** A new pi_test_… when omitted for a paid session, null otherwise. */
  paymentIntent?: string | null;
  /** A new evt_test_… when omitted. */
  eventId?: string;
  /** Unix seconds; now when omitted. */
  created?: number;
  /** The session's metadata as created; { orderId } when omitted. */
  metadata?: Record<string, string>;
}

const newId = (prefix: string) => `${prefix}_${randomBytes(10).toString("hex")}`;

/** The event as Stripe would send it (JSON-ready). */
export function checkoutSessionEvent(input: CheckoutEventInput) {
  const unpaidByDefault =
    input.type === "checkout.session.expired" || input.type === "checkout.session.async_payment_failed";
  const paymentStatus = input.paymentStatus ?? (unpaidByDefault ? "unpaid" : "paid");
  const paymentIntent =
    input.paymentIntent !== undefined
      ? input.paymentIntent
      : paymentStatus === "paid"
        ? newId("pi_test")
        : null;
  // Every checkout.session.* event but expiry is sent for a session the buyer completed.
  const status = input.type === "checkout.session.expired" ? "expired" : "complete";
  return {
    id: input.eventId ?? newId("evt_test"),
    object: "event",
    api_version: "2026-10-28.endive",
    created: input.created ?? Math.floor(Date.now() / 1000),
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type: input.type,
    data: {
      object: {
        id: input.sessionId,
        object: "checkout.session",
        amount_subtotal: input.amountTotal,
        amount_total: input.amountTotal,
        client_reference_id: input.orderId,
        currency: input.currency ?? "vnd",
        livemode: false,
        metadata: input.metadata ?? (input.orderId ? { orderId: input.orderId } : {}),
        mode: "payment",
        payment_intent: paymentIntent,
        payment_status: paymentStatus,
        status,
      },
    },
  };
}

export interface SignOptions {
  secret: string;
  /** Unix seconds the signature claims; now when omitted. */
  timestamp?: number;
}

/** The Stripe-Signature header for exactly these bytes. */
export function signStripePayload(payload: string, options: SignOptions): string {
  return Stripe.webhooks.generateTestHeaderString({
    payload,
    secret: options.secret,
    ...(options.timestamp !== undefined ? { timestamp: options.timestamp } : {}),
  });
}

export interface SignedDelivery {
  eventId: string;
  /** The raw body to POST. */
  payload: string;
  /** The Stripe-Signature header. */
  signature: string;
}

/** A checkout.session.* event, serialised and signed. */
export function signedCheckoutWebhook(input: CheckoutEventInput, options: SignOptions): SignedDelivery {
  const event = checkoutSessionEvent(input);
  // Stripe sends pretty-printed JSON: the signature covers those exact bytes, spaces included.
  const payload = JSON.stringify(event, null, 2);
  return { eventId: event.id, payload, signature: signStripePayload(payload, options) };
}

/** The same, taken from a session stored by the fake Stripe server (after completeSession etc.). */
export function signedSessionWebhook(
  type: CheckoutEventType,
  session: Record<string, unknown>,
  options: SignOptions & { eventId?: string; overrides?: Partial<CheckoutEventInput> },
): SignedDelivery {
  const metadata = (session.metadata ?? {}) as Record<string, unknown>;
  return signedCheckoutWebhook(
    {
      type,
      sessionId: String(session.id),
      orderId: typeof metadata.orderId === "string" ? metadata.orderId : null,
      amountTotal: Number(session.amount_total),
      currency: String(session.currency ?? "vnd"),
      paymentStatus: session.payment_status as CheckoutEventInput["paymentStatus"],
      paymentIntent: typeof session.payment_intent === "string" ? session.payment_intent : null,
      ...(options.eventId ? { eventId: options.eventId } : {}),
      ...options.overrides,
    },
    options,
  );
}
