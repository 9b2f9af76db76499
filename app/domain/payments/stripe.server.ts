/**
 * Card payments through Stripe Checkout, for the platform's own Stripe account (Stripe does not
 * open accounts for Vietnamese businesses). VND is a zero-decimal currency: every amount sent to
 * Stripe is whole đồng, never multiplied by 100.
 */
import Stripe from "stripe";
import { type Env, getEnv } from "~/utils/env.server";
import { STRIPE_CHECKOUT_ORIGIN } from "~/utils/security.server";

/** Thrown when STRIPE_SECRET_KEY is not set: the checkout hides the card option. */
export class CardPaymentsUnavailableError extends Error {
  readonly code = "card_payments_unavailable";
  constructor(message = "Card payments are unavailable: STRIPE_SECRET_KEY is not set.") {
    super(message);
    this.name = "CardPaymentsUnavailableError";
  }
}

/** Stripe answered with an error (or could not be reached); `type` and `code` are Stripe's. */
export class PaymentProviderError extends Error {
  constructor(
    /** Stripe's error type, e.g. "invalid_request_error", "api_error", "connection_error". */
    readonly type: string,
    readonly code: string | undefined,
    readonly statusCode: number | undefined,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "PaymentProviderError";
  }

  /** Worth trying again later (Stripe unreachable, overloaded or rate-limiting). */
  get retryable(): boolean {
    return (
      this.type === "connection_error" ||
      this.type === "rate_limit_error" ||
      (this.statusCode !== undefined && this.statusCode >= 500)
    );
  }
}

type StripeEnv = Pick<
  Env,
  "STRIPE_SECRET_KEY" | "STRIPE_API_HOST" | "STRIPE_API_PORT" | "STRIPE_API_PROTOCOL"
>;

/** Whether the card option can be offered at all. */
export function cardPaymentsEnabled(env: StripeEnv = getEnv()): boolean {
  return Boolean(env.STRIPE_SECRET_KEY);
}

/**
 * The payment pages a checkout form may lead to (the Content-Security-Policy's form-action):
 * Stripe's, and a local fake Stripe's when the tests point the SDK at one, since the fake
 * serves its own payment page.
 */
export function checkoutPageOrigins(env: StripeEnv = getEnv()): string[] {
  if (!env.STRIPE_API_HOST) return [STRIPE_CHECKOUT_ORIGIN];
  const port = env.STRIPE_API_PORT ? `:${env.STRIPE_API_PORT}` : "";
  return [STRIPE_CHECKOUT_ORIGIN, `${env.STRIPE_API_PROTOCOL ?? "https"}://${env.STRIPE_API_HOST}${port}`];
}

let cached: { key: string; client: Stripe } | undefined;

/** The Stripe client for the configured key; throws CardPaymentsUnavailableError when unset. */
export function getStripe(env: StripeEnv = getEnv()): Stripe {
  const secretKey = env.STRIPE_SECRET_KEY;
  if (!secretKey) throw new CardPaymentsUnavailableError();
  const key = [secretKey, env.STRIPE_API_HOST, env.STRIPE_API_PORT, env.STRIPE_API_PROTOCOL].join("|");
  if (cached?.key === key) return cached.client;
  const client = new Stripe(secretKey, {
    maxNetworkRetries: 2,
    telemetry: false,
    // Only tests set these, to reach a local fake server.
    ...(env.STRIPE_API_HOST ? { host: env.STRIPE_API_HOST } : {}),
    ...(env.STRIPE_API_PORT ? { port: env.STRIPE_API_PORT } : {}),
    ...(env.STRIPE_API_PROTOCOL ? { protocol: env.STRIPE_API_PROTOCOL } : {}),
  });
  cached = { key, client };
  return client;
}

function providerError(error: unknown): unknown {
  if (error instanceof Stripe.errors.StripeError) {
    return new PaymentProviderError(
      error.rawType ?? error.type,
      error.code,
      error.statusCode,
      error.message,
      {
        cause: error,
      },
    );
  }
  return error;
}

async function call<T>(request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    throw providerError(error);
  }
}

export interface CheckoutLine {
  name: string;
  /** Whole đồng per unit. */
  unitAmountVnd: number;
  quantity: number;
}

export interface CheckoutSessionInput {
  orderId: string;
  orderCode: string;
  lines: CheckoutLine[];
  customerEmail?: string;
  successUrl: string;
  cancelUrl: string;
  /** When the session stops accepting payment (Stripe allows 30 minutes to 24 hours ahead). */
  expiresAt?: Date;
  /** Language of Stripe's payment page. */
  locale?: "vi" | "en";
}

function assertLines(lines: readonly CheckoutLine[]): void {
  if (lines.length === 0) throw new RangeError("A checkout session needs at least one line");
  for (const line of lines) {
    if (!Number.isSafeInteger(line.unitAmountVnd) || line.unitAmountVnd < 0) {
      throw new RangeError(`Unit amount must be whole đồng: ${line.unitAmountVnd}`);
    }
    if (!Number.isSafeInteger(line.quantity) || line.quantity < 1) {
      throw new RangeError(`Quantity must be a positive whole number: ${line.quantity}`);
    }
  }
}

/**
 * The idempotency key of an order's session: the order id, plus the expiry and language when
 * given, since Stripe refuses a key reused with other parameters. A retried or double-submitted
 * checkout with the same parameters gets the same session instead of a second one.
 */
export function checkoutIdempotencyKey(
  input: Pick<CheckoutSessionInput, "orderId" | "expiresAt" | "locale">,
): string {
  const parts = [`checkout-${input.orderId}`];
  if (input.expiresAt) parts.push(String(Math.floor(input.expiresAt.getTime() / 1000)));
  if (input.locale) parts.push(input.locale);
  return parts.join("-");
}

/** Opens a Stripe Checkout page for an order (see checkoutIdempotencyKey for retries). */
export async function createCheckoutSession(
  input: CheckoutSessionInput,
  stripe: Stripe = getStripe(),
): Promise<{ id: string; url: string }> {
  assertLines(input.lines);
  const metadata = { orderId: input.orderId, orderCode: input.orderCode };
  const session = await call(() =>
    stripe.checkout.sessions.create(
      {
        mode: "payment",
        client_reference_id: input.orderId,
        metadata,
        payment_intent_data: { metadata },
        line_items: input.lines.map((line) => ({
          quantity: line.quantity,
          price_data: {
            currency: "vnd",
            // Zero-decimal currency: 125.000 ₫ is unit_amount 125000.
            unit_amount: line.unitAmountVnd,
            product_data: { name: line.name },
          },
        })),
        success_url: input.successUrl,
        cancel_url: input.cancelUrl,
        ...(input.customerEmail ? { customer_email: input.customerEmail } : {}),
        ...(input.expiresAt ? { expires_at: Math.floor(input.expiresAt.getTime() / 1000) } : {}),
        ...(input.locale ? { locale: input.locale } : {}),
      },
      { idempotencyKey: checkoutIdempotencyKey(input) },
    ),
  );
  if (!session.url) {
    throw new PaymentProviderError(
      "api_error",
      undefined,
      undefined,
      "Stripe returned a session without a URL",
    );
  }
  return { id: session.id, url: session.url };
}

/** The session as Stripe sees it now (for reconciling an order whose webhook was missed). */
export async function retrieveCheckoutSession(
  sessionId: string,
  stripe: Stripe = getStripe(),
): Promise<Stripe.Checkout.Session> {
  return call(() => stripe.checkout.sessions.retrieve(sessionId));
}

/** Refunds `amountVnd` whole đồng of a payment; the caller's key makes a retry safe. */
export async function refundPayment(
  paymentIntentId: string,
  amountVnd: number,
  idempotencyKey: string,
  stripe: Stripe = getStripe(),
): Promise<{ id: string; status: string | null; amountVnd: number }> {
  if (!Number.isSafeInteger(amountVnd) || amountVnd <= 0) {
    throw new RangeError(`Refund amount must be positive whole đồng: ${amountVnd}`);
  }
  const refund = await call(() =>
    stripe.refunds.create({ payment_intent: paymentIntentId, amount: amountVnd }, { idempotencyKey }),
  );
  return { id: refund.id, status: refund.status, amountVnd: refund.amount };
}
