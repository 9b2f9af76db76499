/**
 * The link to an order. A guest has no account, so their link carries a signature: an HMAC of
 * the order id under the server's secret. It cannot be guessed from the order code, and it works
 * without logging in, for as long as the secret stays the same.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { getEnv } from "~/utils/env.server";
import { resolveSessionSecret } from "~/utils/session.server";

function signature(orderId: string): string {
  return createHmac("sha256", resolveSessionSecret(getEnv()))
    .update(`order-link:${orderId}`)
    .digest("base64url")
    .slice(0, 32);
}

export function orderAccessKey(orderId: string): string {
  return signature(orderId);
}

export function isValidOrderAccessKey(orderId: string, key: string | null | undefined): boolean {
  if (key?.length !== 32) return false;
  const a = Buffer.from(signature(orderId));
  const b = Buffer.from(key);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The order page path: signed for guests, plain for a buyer who logs in to see it. */
export function orderPath(order: { id: string; code: string; userId: string | null }): string {
  return order.userId ? `/don-hang/${order.code}` : `/don-hang/${order.code}?k=${orderAccessKey(order.id)}`;
}

export function orderUrl(order: { id: string; code: string; userId: string | null }): string {
  return `${getEnv().PUBLIC_ORIGIN}${orderPath(order)}`;
}
