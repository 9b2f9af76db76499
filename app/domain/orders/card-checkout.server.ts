/**
 * Sending a card order to Stripe Checkout. The lines are the order's own items as stored (never
 * anything a form sent), the session stays open at least as long as the hold and at least the
 * 30 minutes Stripe requires, and its id is kept on the payment so the webhook finds the order.
 * Asked again for the same order, the open session is reused; Stripe's idempotency key (the
 * order id) guards a retry after a failed attempt. Only the webhook marks the order paid.
 */
import { and, eq, sql } from "drizzle-orm";
import { conflict, notFound } from "~/domain/errors";
import {
  type CheckoutLine,
  createCheckoutSession,
  retrieveCheckoutSession,
} from "~/domain/payments/stripe.server";
import { getEnv } from "~/utils/env.server";
import { type Db, db as defaultDb } from "~db/client.server";
import { orderItems, orders, payments, products } from "~db/schema";
import { attachCheckoutSession } from "./lifecycle.server";
import { orderPath } from "./order-link.server";

/** Stripe refuses an expiry less than 30 minutes ahead; one more minute covers the round trip. */
export const MIN_SESSION_MS = 31 * 60_000;

export type CardCheckout =
  /** Send the buyer here to pay. */
  | { kind: "redirect"; url: string }
  /** Stripe has the payment; the webhook will mark the order paid. */
  | { kind: "processing" };

/** The order's lines as Stripe shows them: one per product and price, quantities summed over batches. */
export async function cardCheckoutLines(orderId: string, tx: Db = defaultDb()): Promise<CheckoutLine[]> {
  const rows = await tx
    .select({
      name: products.name,
      unitAmountVnd: orderItems.unitPriceVnd,
      quantity: sql<number>`sum(${orderItems.quantity})::int`,
    })
    .from(orderItems)
    .innerJoin(products, eq(products.id, orderItems.productId))
    .where(eq(orderItems.orderId, orderId))
    .groupBy(products.id, products.name, orderItems.unitPriceVnd)
    .orderBy(products.name);
  return rows.map((r) => ({ name: r.name, unitAmountVnd: r.unitAmountVnd, quantity: Number(r.quantity) }));
}

/** The order page the buyer returns to: `paid=1` after paying, nothing after turning back. */
function returnUrls(order: { id: string; code: string; userId: string | null }) {
  const page = `${getEnv().PUBLIC_ORIGIN}${orderPath(order)}`;
  return { successUrl: `${page}${page.includes("?") ? "&" : "?"}paid=1`, cancelUrl: page };
}

/**
 * Opens (or reopens) Stripe Checkout for an unpaid card order. The caller has already shown that
 * the visitor may see the order (placeOrder for their cart, or getOrderView with their access).
 * Throws conflict when the order no longer waits for a card payment or its session has closed,
 * and PaymentProviderError / CardPaymentsUnavailableError when Stripe cannot be used.
 */
export async function openCardCheckout(
  orderId: string,
  { locale, now = new Date() }: { locale?: "vi" | "en"; now?: Date } = {},
  tx: Db = defaultDb(),
): Promise<CardCheckout> {
  const [row] = await tx
    .select({ order: orders, payment: payments })
    .from(orders)
    .innerJoin(payments, eq(payments.orderId, orders.id))
    .where(and(eq(orders.id, orderId), eq(payments.method, "card")))
    .limit(1);
  if (!row) throw notFound();
  const { order, payment } = row;
  if (payment.status === "succeeded") return { kind: "processing" };
  if (order.status !== "awaiting_payment" || payment.status !== "pending") {
    throw conflict("orders.errors.cardNotAwaiting");
  }

  if (payment.providerRef) {
    const session = await retrieveCheckoutSession(payment.providerRef);
    if (session.status === "open" && session.url) return { kind: "redirect", url: session.url };
    if (session.status === "complete") return { kind: "processing" };
    throw conflict("orders.errors.cardSessionClosed");
  }

  const lines = await cardCheckoutLines(order.id, tx);
  // The stored hold when Stripe accepts it (card holds are long enough at placement), so a retry
  // sends the same parameters under the same idempotency key; later, the earliest Stripe allows.
  const hold = order.holdExpiresAt?.getTime() ?? 0;
  const expiresAt = new Date(hold >= now.getTime() + MIN_SESSION_MS ? hold : now.getTime() + MIN_SESSION_MS);
  const session = await createCheckoutSession({
    orderId: order.id,
    orderCode: order.code,
    lines,
    ...(order.contactEmail ? { customerEmail: order.contactEmail } : {}),
    ...returnUrls(order),
    expiresAt,
    ...(locale ? { locale } : {}),
  });
  // The hold lasts as long as Stripe may still take the money.
  await attachCheckoutSession(order.id, session.id, expiresAt, tx);
  return { kind: "redirect", url: session.url };
}
