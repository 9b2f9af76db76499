import { randomBytes } from "node:crypto";

export function newNonce(): string {
  return randomBytes(16).toString("base64");
}

/** Where the checkout form sends a card buyer (by a redirect, which form-action also governs). */
export const STRIPE_CHECKOUT_ORIGIN = "https://checkout.stripe.com";

/**
 * Security headers for every response. `dev` relaxes script-src for Vite's inline HMR preamble;
 * `checkoutOrigins` are the payment pages a form may lead to (Stripe's, or a test's fake).
 */
export function securityHeaders({
  nonce,
  dev,
  checkoutOrigins = [STRIPE_CHECKOUT_ORIGIN],
}: {
  nonce: string;
  dev: boolean;
  checkoutOrigins?: readonly string[];
}): Record<string, string> {
  const scriptSrc = dev ? "'self' 'unsafe-inline'" : `'self' 'nonce-${nonce}'`;
  const csp = [
    "default-src 'self'",
    `script-src ${scriptSrc}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self'${dev ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    ["form-action 'self'", ...checkoutOrigins].join(" "),
    "frame-ancestors 'none'",
  ].join("; ");
  return {
    "Content-Security-Policy": csp,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(self), payment=()",
  };
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * CSRF defence for mutations: a browser always sends Origin (or Sec-Fetch-Site) on a POST;
 * refuse those that come from another site. Requests with neither (webhooks, curl) pass and
 * rely on their own authentication (signatures, the SameSite=Lax session cookie).
 */
export function isCrossSiteMutation(
  method: string,
  headers: { origin?: string | undefined; host?: string | undefined; secFetchSite?: string | undefined },
  allowedOrigins: string[],
): boolean {
  if (SAFE_METHODS.has(method.toUpperCase())) return false;
  if (headers.secFetchSite && headers.secFetchSite !== "same-origin" && headers.secFetchSite !== "none") {
    return true;
  }
  const origin = headers.origin;
  if (!origin || origin === "null") return origin === "null";
  if (allowedOrigins.includes(origin)) return false;
  try {
    return new URL(origin).host !== headers.host;
  } catch {
    return true;
  }
}
