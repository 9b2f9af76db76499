import { describe, expect, it } from "vitest";
import { checkoutPageOrigins } from "~/domain/payments/stripe.server";
import { isCrossSiteMutation, securityHeaders } from "~/utils/security.server";

const allowed = ["https://cho-ocop.vn"];

describe("CSRF origin check", () => {
  it("lets reads through whatever their origin", () => {
    expect(isCrossSiteMutation("GET", { origin: "https://evil.example", host: "cho-ocop.vn" }, allowed)).toBe(
      false,
    );
  });

  it("refuses a POST from another site", () => {
    expect(
      isCrossSiteMutation("POST", { origin: "https://evil.example", host: "cho-ocop.vn" }, allowed),
    ).toBe(true);
    expect(isCrossSiteMutation("POST", { secFetchSite: "cross-site", host: "cho-ocop.vn" }, allowed)).toBe(
      true,
    );
    expect(isCrossSiteMutation("POST", { origin: "null", host: "cho-ocop.vn" }, allowed)).toBe(true);
  });

  it("accepts same-origin posts and machine clients without an Origin", () => {
    expect(isCrossSiteMutation("POST", { origin: "https://cho-ocop.vn", host: "cho-ocop.vn" }, allowed)).toBe(
      false,
    );
    expect(
      isCrossSiteMutation("POST", { origin: "http://localhost:3000", host: "localhost:3000" }, allowed),
    ).toBe(false);
    expect(isCrossSiteMutation("POST", { secFetchSite: "same-origin", host: "x" }, allowed)).toBe(false);
    expect(isCrossSiteMutation("POST", { host: "cho-ocop.vn" }, allowed)).toBe(false);
  });
});

describe("security headers", () => {
  it("sets a nonce-based CSP that forbids framing, and the other headers", () => {
    const headers = securityHeaders({ nonce: "abc", dev: false });
    expect(headers["Content-Security-Policy"]).toContain("script-src 'self' 'nonce-abc'");
    expect(headers["Content-Security-Policy"]).toContain("frame-ancestors 'none'");
    expect(headers["Content-Security-Policy"]).not.toContain("unsafe-inline' ;");
    expect(headers["X-Content-Type-Options"]).toBe("nosniff");
    expect(headers["Referrer-Policy"]).toBe("strict-origin-when-cross-origin");
  });

  it("lets forms lead only to this site and Stripe's payment page, or a test's fake Stripe", () => {
    const csp = (origins?: string[]) =>
      securityHeaders({ nonce: "n", dev: false, ...(origins ? { checkoutOrigins: origins } : {}) })[
        "Content-Security-Policy"
      ];
    expect(csp()).toContain("form-action 'self' https://checkout.stripe.com;");
    expect(checkoutPageOrigins({})).toEqual(["https://checkout.stripe.com"]);
    const withFake = checkoutPageOrigins({
      STRIPE_API_HOST: "127.0.0.1",
      STRIPE_API_PORT: 3332,
      STRIPE_API_PROTOCOL: "http",
    });
    expect(withFake).toEqual(["https://checkout.stripe.com", "http://127.0.0.1:3332"]);
    expect(csp(withFake)).toContain("form-action 'self' https://checkout.stripe.com http://127.0.0.1:3332;");
  });
});
