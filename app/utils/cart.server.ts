/**
 * The guest cart cookie and "whose cart is this request's". A guest's cart is found by a random
 * token kept in a signed, httpOnly cookie that lives as long as an untouched guest cart does
 * (GUEST_CART_DAYS); a signed-in buyer's cart belongs to the account. At log-in the guest cart is
 * merged into the account's and the cookie is cleared.
 */
import { createCookie } from "@remix-run/node";
import { type CartRef, cartItemCount, GUEST_CART_DAYS, mergeGuestCart } from "~/domain/orders/cart.server";
import { getCurrentUser } from "./auth.server";
import { getEnv } from "./env.server";
import { resolveSessionSecret } from "./session.server";

/** What newCartToken() makes: 24 random bytes in base64url. */
const TOKEN = /^[A-Za-z0-9_-]{16,64}$/;

function makeCartCookie() {
  const env = getEnv();
  return createCookie("cart", {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secure: env.PUBLIC_ORIGIN.startsWith("https://"),
    secrets: [resolveSessionSecret(env)],
    maxAge: GUEST_CART_DAYS * 24 * 60 * 60,
  });
}

let cookie: ReturnType<typeof makeCartCookie> | undefined;
function cartCookie() {
  cookie ??= makeCartCookie();
  return cookie;
}

/** The guest cart token from the request's cookie, or null (none, or its signature is wrong). */
export async function guestCartToken(request: Request): Promise<string | null> {
  const value: unknown = await cartCookie().parse(request.headers.get("Cookie"));
  return typeof value === "string" && TOKEN.test(value) ? value : null;
}

/**
 * Whose cart this request means: the signed-in user's, else the guest cookie's. Pass the user when
 * the caller already has it (undefined looks it up; null means a guest).
 */
export async function cartRefFor(request: Request, user?: { id: string } | null): Promise<CartRef> {
  const who = user === undefined ? await getCurrentUser(request) : user;
  if (who) return { userId: who.id };
  return { token: await guestCartToken(request) };
}

/** Set-Cookie for a guest's cart token; written on every change so the cookie ages with the cart. */
export function cartCookieHeader(token: string): Promise<string> {
  return cartCookie().serialize(token);
}

/** Set-Cookie that removes the guest cart cookie (after log-in, or once the cart became an order). */
export function clearedCartCookieHeader(): Promise<string> {
  return cartCookie().serialize("", { maxAge: 0 });
}

/**
 * At log-in or sign-up: the guest cart joins the account's. Returns the Set-Cookie that clears
 * the guest cookie, or null when the visitor had none.
 */
export async function mergeGuestCartAtLogin(request: Request, userId: string): Promise<string | null> {
  const token = await guestCartToken(request);
  if (!token) return null;
  await mergeGuestCart(token, userId);
  return clearedCartCookieHeader();
}

/** Units in the visitor's cart, for the header badge. A guest without a cookie costs no query. */
export async function cartBadgeCount(request: Request, user: { id: string } | null): Promise<number> {
  const ref = await cartRefFor(request, user);
  if (!ref.userId && !ref.token) return 0;
  return cartItemCount(ref);
}
