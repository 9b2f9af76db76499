/**
 * POST /webhooks/stripe: Stripe's notifications about Checkout Sessions. The signature is
 * checked on the body exactly as received, before anything parses it; then the event is applied
 * once (its id is stored under a unique key). Stripe retries anything but a 2xx, so only a
 * failure worth retrying (Stripe or the database unreachable mid-way) answers 500; a bad
 * signature is a 400 that nothing is written for.
 *
 * No CSRF exemption is needed: Stripe sends neither Origin nor Sec-Fetch-Site, which the
 * server's cross-site check lets through, and the signature is this endpoint's authentication.
 */
import type { ActionFunctionArgs } from "@remix-run/node";
import type Stripe from "stripe";
import { isDomainError } from "~/domain/errors";
import { processStripeEvent } from "~/domain/orders/lifecycle.server";
import { CardPaymentsUnavailableError } from "~/domain/payments/stripe.server";
import { verifyStripeWebhook } from "~/domain/payments/webhooks.server";
import { translate } from "~/i18n";

const noStore = { "Cache-Control": "no-store" };

/** A JSON refusal that a person reading Stripe's delivery log can act on, in both languages. */
function refusal(
  status: 400 | 405 | 413 | 500 | 503,
  error: string,
  messageKey: string,
  headers: HeadersInit = {},
) {
  return Response.json(
    {
      received: false,
      error,
      message: translate("en", messageKey),
      messageVi: translate("vi", messageKey),
    },
    { status, headers: { ...noStore, ...headers } },
  );
}

const methodNotAllowed = () =>
  refusal(405, "method_not_allowed", "payments.errors.webhookMethod", { Allow: "POST" });

export function loader() {
  return methodNotAllowed();
}

/** Stripe's events are a few kilobytes; anything near this is not from Stripe. */
const MAX_BODY_BYTES = 1024 * 1024;

export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return methodNotAllowed();
  const tooLarge = () => refusal(413, "body_too_large", "payments.errors.webhookTooLarge");
  if (Number(request.headers.get("content-length") ?? 0) > MAX_BODY_BYTES) return tooLarge();
  // The raw bytes Stripe signed: read before any parsing, and never re-serialised.
  const rawBody = await request.text();
  if (Buffer.byteLength(rawBody) > MAX_BODY_BYTES) return tooLarge();
  let event: Stripe.Event;
  try {
    event = verifyStripeWebhook(rawBody, request.headers.get("stripe-signature"));
  } catch (error) {
    if (error instanceof CardPaymentsUnavailableError) {
      return refusal(503, "webhooks_unavailable", "payments.errors.webhooksUnavailable");
    }
    if (isDomainError(error)) return refusal(400, "bad_signature", error.messageKey);
    throw error;
  }
  try {
    const result = await processStripeEvent(event);
    return Response.json({ received: true, result }, { headers: noStore });
  } catch (error) {
    // Nothing of this delivery was kept (one transaction), so Stripe's retry starts afresh.
    console.error(`Stripe event ${event.id} (${event.type}) could not be processed:`, error);
    return refusal(500, "processing_failed", "payments.errors.webhookFailed");
  }
}
