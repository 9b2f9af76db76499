/**
 * Stripe webhooks, verification and reading only: the signature is checked on the raw body
 * before anything is parsed, and a checkout event is reduced to what the order side needs.
 * Storing event ids, matching amounts and marking orders paid happen on top of this.
 */
import Stripe from "stripe";
import { invalid } from "~/domain/errors";
import { type Env, getEnv } from "~/utils/env.server";
import { CardPaymentsUnavailableError } from "./stripe.server";

/** Stripe's default: a signed request older than this many seconds is a replay. */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

export interface VerifyOptions {
  env?: Pick<Env, "STRIPE_WEBHOOK_SECRET">;
  tolerance?: number;
}

/**
 * The event Stripe signed, or a DomainError "invalid" (→ 400) when the signature header is
 * missing, forged, made with another secret, too old, or the body was altered.
 * Pass the body exactly as received (`await request.text()`), before any parsing.
 */
export function verifyStripeWebhook(
  rawBody: string,
  signatureHeader: string | null,
  options: VerifyOptions = {},
): Stripe.Event {
  const secret = (options.env ?? getEnv()).STRIPE_WEBHOOK_SECRET;
  if (!secret) {
    throw new CardPaymentsUnavailableError(
      "Stripe webhooks are unavailable: STRIPE_WEBHOOK_SECRET is not set.",
    );
  }
  if (!signatureHeader) throw invalid("payments.errors.badSignature");
  try {
    return Stripe.webhooks.constructEvent(
      rawBody,
      signatureHeader,
      secret,
      options.tolerance ?? WEBHOOK_TOLERANCE_SECONDS,
    );
  } catch {
    // A bad signature, a stale timestamp and an unparsable body all get the same answer.
    throw invalid("payments.errors.badSignature");
  }
}

export type CheckoutOutcomeKind = "paid" | "pending" | "failed" | "expired";

interface OutcomeBase {
  eventId: string;
  eventType: string;
  livemode: boolean;
}

export type CheckoutOutcome =
  | (OutcomeBase & {
      /**
       * paid: the money is in. pending: the session completed with a delayed method (bank
       * debit…) and the result comes later. failed: that delayed payment failed. expired: the
       * buyer never paid before the session expired.
       */
      kind: CheckoutOutcomeKind;
      sessionId: string;
      orderId: string;
      /** Whole đồng (VND is zero-decimal); null only if Stripe omits it. */
      amountTotal: number | null;
      currency: string | null;
      paymentIntentId: string | null;
    })
  | (OutcomeBase & {
      /** Not a checkout event, or a session this marketplace did not create. */
      kind: "ignored";
      sessionId: string | null;
      orderId: null;
      amountTotal: null;
      currency: null;
      paymentIntentId: null;
    });

function kindOf(event: Stripe.Event): CheckoutOutcomeKind | null {
  switch (event.type) {
    case "checkout.session.completed":
      return event.data.object.payment_status === "paid" ? "paid" : "pending";
    case "checkout.session.async_payment_succeeded":
      return "paid";
    case "checkout.session.async_payment_failed":
      return "failed";
    case "checkout.session.expired":
      return "expired";
    default:
      return null;
  }
}

/** What a verified event means for an order. */
export function extractCheckoutOutcome(event: Stripe.Event): CheckoutOutcome {
  const base: OutcomeBase = { eventId: event.id, eventType: event.type, livemode: event.livemode };
  const kind = kindOf(event);
  const session = kind ? (event.data.object as Stripe.Checkout.Session) : null;
  const orderId = session ? (session.metadata?.orderId ?? session.client_reference_id ?? null) : null;
  if (!kind || !session || !orderId) {
    return {
      ...base,
      kind: "ignored",
      sessionId: session?.id ?? null,
      orderId: null,
      amountTotal: null,
      currency: null,
      paymentIntentId: null,
    };
  }
  const intent = session.payment_intent;
  return {
    ...base,
    kind,
    sessionId: session.id,
    orderId,
    amountTotal: session.amount_total ?? null,
    currency: session.currency ?? null,
    paymentIntentId: typeof intent === "string" ? intent : (intent?.id ?? null),
  };
}
