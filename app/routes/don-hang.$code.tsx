import {
  type ActionFunctionArgs,
  data,
  type HeadersFunction,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import {
  Form,
  isRouteErrorResponse,
  Link,
  useActionData,
  useLoaderData,
  useLocation,
  useNavigation,
  useRouteError,
} from "@remix-run/react";
import { useEffect, useState } from "react";
import { ErrorPage } from "~/components/ErrorPage";
import { Price } from "~/components/Price";
import type { SessionUser } from "~/domain/accounts/users.server";
import { isDomainError } from "~/domain/errors";
import { qrSvg } from "~/domain/labels/qr.server";
import { openCardCheckout } from "~/domain/orders/card-checkout.server";
import { cancelByBuyer } from "~/domain/orders/lifecycle.server";
import { orderPath, orderUrl } from "~/domain/orders/order-link.server";
import { getOrderView, type OrderView } from "~/domain/orders/read.server";
import { findBank } from "~/domain/payments/banks";
import { cardPaymentsEnabled } from "~/domain/payments/stripe.server";
import { buildVietQrPayload } from "~/domain/payments/vietqr";
import ordersCss from "~/styles/orders.css?url";
import { getCurrentUser } from "~/utils/auth.server";
import { cacheNoStore } from "~/utils/cache";
import { formatDateTime, formatVnd } from "~/utils/format";
import { rethrowAsHttp, statusOf } from "~/utils/http.server";
import { useLocale, useT, useTranslate } from "~/utils/i18n";
import { messagesFromMatches } from "~/utils/meta";
import { flashHeaders, getLocale } from "~/utils/session.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: ordersCss }];

/** An order page is personal, and a guest's URL carries its key: never cached, never indexed. */
export const headers: HeadersFunction = () => ({ "Cache-Control": cacheNoStore });

/** While a card payment is being confirmed, the page reloads itself (no JavaScript needed). */
const REFRESH_SECONDS = 5;

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const t = messagesFromMatches(matches);
  const title = data ? t.orders.order.title.replace("{code}", data.order.code) : t.errors.notFoundTitle;
  return [
    { title: `${title} · ${t.common.appName}` },
    { name: "robots", content: "noindex" },
    ...(data?.payment.processing ? [{ httpEquiv: "refresh", content: String(REFRESH_SECONDS) }] : []),
  ];
};

/**
 * The order if this visitor may see it: its signed-in buyer, or anyone holding the guest link's
 * key. Anything else is "not found", so an order's existence is never disclosed.
 */
async function orderForVisitor(code: string, user: SessionUser | null, key: string | null) {
  if (user) {
    try {
      return { view: await getOrderView(code, { kind: "buyer", userId: user.id }), guest: false };
    } catch (error) {
      if (!(isDomainError(error) && error.kind === "not_found" && key)) throw error;
    }
  }
  return { view: await getOrderView(code, { kind: "guest", key }), guest: true };
}

async function visibleOrder(request: Request, code: string) {
  const key = new URL(request.url).searchParams.get("k");
  const user = await getCurrentUser(request);
  const found = await orderForVisitor(code, user, key).catch(rethrowAsHttp);
  return { ...found, user };
}

/** The bank details and QR of an unpaid transfer order, as the buyer's banking app needs them. */
async function transferDetails(view: OrderView) {
  const payee = view.payment.payee;
  if (!payee) return null;
  const payload = buildVietQrPayload({
    bankBin: payee.bankBin,
    accountNo: payee.accountNo,
    amountVnd: view.totalVnd,
    note: view.code,
  });
  const svg = await qrSvg(payload, { size: 264 });
  const bank = findBank(payee.bankBin);
  return {
    qrDataUri: `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}`,
    bankName: bank ? `${bank.shortName} (${bank.name})` : payee.bankBin,
    accountNo: payee.accountNo,
    accountName: payee.accountName,
    amount: String(view.totalVnd),
    note: view.code,
  };
}

/** What the domain writes as a parcel's cancel reason when no person gave one. */
const SYSTEM_CANCEL_REASONS = new Set(["cancelled", "hold_expired", "payment_failed"]);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { view, guest } = await visibleOrder(request, params.code ?? "");
  const url = new URL(request.url);
  const awaiting = view.status === "awaiting_payment";
  const processing = view.paymentMethod === "card" && awaiting && url.searchParams.get("paid") === "1";
  return data(
    {
      order: {
        code: view.code,
        status: view.status,
        paymentMethod: view.paymentMethod,
        totalVnd: view.totalVnd,
        createdAt: view.createdAt.toISOString(),
        holdExpiresAt: awaiting && view.holdExpiresAt ? view.holdExpiresAt.toISOString() : null,
        buyerMayCancel: view.buyerMayCancel,
      },
      payment: {
        status: view.payment.status,
        receivedVnd: view.payment.receivedVnd,
        refundedVnd: view.payment.refundedVnd,
        succeededAt: view.payment.succeededAt?.toISOString() ?? null,
        processing,
        payByCard: view.paymentMethod === "card" && awaiting && !processing && cardPaymentsEnabled(),
        transfer: view.paymentMethod === "vietqr" && awaiting ? await transferDetails(view) : null,
      },
      delivery: {
        contactName: view.contactName,
        contactPhone: view.contactPhone,
        contactEmail: view.contactEmail,
        street: view.street,
        place: [view.place.commune, view.place.province].filter(Boolean).join(", "),
        note: view.note,
      },
      shipments: view.shipments.map((s) => ({
        id: s.id,
        cooperativeName: s.cooperativeName,
        cooperativeSlug: s.cooperativeSlug,
        status: s.status,
        carrier: s.carrier,
        trackingNo: s.trackingNo,
        // The system's own codes (buyer cancelled, hold ran out, card failed) are told by the timeline.
        cancelReason: s.cancelReason && !SYSTEM_CANCEL_REASONS.has(s.cancelReason) ? s.cancelReason : null,
        subtotalVnd: s.subtotalVnd,
        items: s.items.map((i) => ({
          key: `${i.productId}-${i.lot}`,
          name: i.productName,
          slug: i.productSlug,
          unit: i.unit,
          quantity: i.quantity,
          unitPriceVnd: i.unitPriceVnd,
          lot: i.lot,
          tracePath: i.tracePath,
        })),
      })),
      timeline: view.timeline.map((e, i) => ({
        key: `${e.kind}-${i}`,
        kind: e.kind,
        at: e.at.toISOString(),
        cooperative: e.cooperativeName,
        details: e.details,
      })),
      guestLink: guest ? orderUrl(view) : null,
    },
    { headers: { "Cache-Control": cacheNoStore } },
  );
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { view, user } = await visibleOrder(request, params.code ?? "");
  const intent = (await request.formData()).get("intent");
  const path = orderPath(view);
  try {
    if (intent === "cancel") {
      await cancelByBuyer(view.id, user?.id ?? null);
      throw redirect(path, {
        headers: await flashHeaders(request, "success", "orders.order.flashCancelled"),
      });
    }
    if (intent === "pay") {
      const next = await openCardCheckout(view.id, { locale: await getLocale(request) });
      if (next.kind === "redirect") throw redirect(next.url, 303);
      throw redirect(`${path}${path.includes("?") ? "&" : "?"}paid=1`);
    }
    return data({ messageKey: "validation.invalid" }, { status: 400 });
  } catch (error) {
    if (error instanceof Response) throw error;
    if (isDomainError(error)) return data({ messageKey: error.messageKey }, { status: statusOf[error.kind] });
    // Stripe unreachable or refusing: the order stays as it is and the button stays offered.
    console.warn(`Card payment could not be opened for order ${view.code}:`, error);
    return data({ messageKey: "orders.order.cardUnavailableNow" }, { status: 503 });
  }
}

/** A read-only value the buyer copies into their banking app; the copy button needs JavaScript. */
function CopyField({ id, label, value, hint }: { id: string; label: string; value: string; hint?: string }) {
  const t = useT();
  const translate = useTranslate();
  const [hydrated, setHydrated] = useState(false);
  const [copied, setCopied] = useState(false);
  useEffect(() => setHydrated(true), []);
  return (
    <div className="field copy-field">
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      <div className="inline-field">
        <input
          id={id}
          readOnly
          value={value}
          aria-describedby={hint ? `${id}-hint` : undefined}
          onFocus={(e) => e.currentTarget.select()}
        />
        {hydrated ? (
          <button
            type="button"
            className="button secondary"
            aria-label={translate("orders.order.copyLabel", { field: label })}
            onClick={() => {
              void navigator.clipboard?.writeText(value).then(() => setCopied(true));
            }}
          >
            {copied ? t.orders.order.copied : t.orders.order.copy}
          </button>
        ) : null}
      </div>
    </div>
  );
}

function eventText(
  translate: ReturnType<typeof useTranslate>,
  locale: ReturnType<typeof useLocale>,
  event: { kind: string; cooperative: string | null; details: Record<string, string | number | null> },
) {
  const d = event.details;
  const money = (v: unknown) => (typeof v === "number" ? formatVnd(v, locale) : "");
  return translate(`orders.order.events.${event.kind}`, {
    cooperative: event.cooperative ?? "",
    carrier: String(d.carrier ?? ""),
    trackingNo: String(d.trackingNo ?? ""),
    reason: String(d.reason ?? ""),
    amount: money(d.amount),
    total: money(d.totalVnd),
  });
}

export default function OrderPage() {
  const t = useT();
  const translate = useTranslate();
  const locale = useLocale();
  const { order, payment, delivery, shipments, timeline, guestLink } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const location = useLocation();
  const o = t.orders.order;
  const time = (iso: string) => formatDateTime(iso, locale);

  return (
    <article className="order-page narrow stack">
      <h1>{translate("orders.order.title", { code: order.code })}</h1>
      <p className="hint">{translate("orders.order.placedAt", { time: time(order.createdAt) })}</p>

      <div className={`order-status order-status-${order.status}`} role="status">
        <p className="order-status-label">{o.status[order.status]}</p>
        <p>{o.statusBody[order.status]}</p>
      </div>

      {failure ? (
        <p className="form-error" role="alert">
          {translate(failure.messageKey)}
        </p>
      ) : null}

      {guestLink ? (
        <section className="card stack keep-link" aria-labelledby="keep-link-heading">
          <h2 id="keep-link-heading">{o.keepLinkHeading}</h2>
          <p className="hint">{o.keepLinkHint}</p>
          <CopyField id="guest-link" label={o.keepLinkLabel} value={guestLink} />
        </section>
      ) : null}

      <section className="card stack" aria-labelledby="payment-heading">
        <h2 id="payment-heading">{o.paymentHeading}</h2>
        <p>
          {translate("orders.order.paymentMethodLine", { method: o.method[order.paymentMethod] })}
          <br />
          <span className="order-total">
            {o.total}: <Price amount={order.totalVnd} />
          </span>
        </p>
        {payment.succeededAt ? (
          <p className="notice-ok">
            {translate("orders.order.paid", {
              amount: formatVnd(payment.receivedVnd ?? order.totalVnd, locale),
              time: time(payment.succeededAt),
            })}
          </p>
        ) : null}
        {payment.refundedVnd > 0 ? (
          <p>{translate("orders.order.refunded", { amount: formatVnd(payment.refundedVnd, locale) })}</p>
        ) : null}
        {order.status === "cancelled" && !payment.succeededAt ? <p>{o.paymentClosed}</p> : null}

        {order.holdExpiresAt && !payment.processing ? (
          <p className="notice-warn">
            {translate("orders.order.holdUntil", { time: time(order.holdExpiresAt) })}
          </p>
        ) : null}
        {payment.processing ? (
          <div className="notice-info stack" role="status">
            <p>
              <strong>{o.cardProcessing}</strong>
            </p>
            <p>{o.cardProcessingBody}</p>
            <p>
              <a href={`${location.pathname}${location.search}`} className="button secondary">
                {o.reload}
              </a>
            </p>
          </div>
        ) : null}

        {payment.payByCard ? (
          <Form method="post" className="stack">
            <p>{o.payByCardIntro}</p>
            <button type="submit" name="intent" value="pay" className="button block" disabled={busy}>
              {o.payByCard}
            </button>
          </Form>
        ) : null}

        {order.paymentMethod === "vietqr" && order.status === "awaiting_payment" ? (
          payment.transfer ? (
            <div className="stack transfer">
              <h3>{o.transferHeading}</h3>
              <p>{o.transferIntro}</p>
              <img
                className="vietqr"
                src={payment.transfer.qrDataUri}
                width={264}
                height={264}
                alt={translate("orders.order.qrAlt", {
                  amount: formatVnd(order.totalVnd, locale),
                  code: order.code,
                })}
              />
              <p>{o.transferManual}</p>
              <p>
                <strong>{o.bank}:</strong> {payment.transfer.bankName}
              </p>
              <CopyField id="transfer-account" label={o.accountNo} value={payment.transfer.accountNo} />
              <CopyField id="transfer-name" label={o.accountName} value={payment.transfer.accountName} />
              <CopyField id="transfer-amount" label={o.amount} value={payment.transfer.amount} />
              <CopyField
                id="transfer-note"
                label={o.transferNote}
                value={payment.transfer.note}
                hint={o.transferNoteHint}
              />
              <p className="hint">{o.transferAfter}</p>
            </div>
          ) : (
            <p className="notice-warn">{o.transferNoPayee}</p>
          )
        ) : null}

        {order.paymentMethod === "cod" && !payment.succeededAt && order.status !== "cancelled" ? (
          <p>{translate("orders.order.codBody", { amount: formatVnd(order.totalVnd, locale) })}</p>
        ) : null}
      </section>

      <section className="stack" aria-labelledby="shipments-heading">
        <h2 id="shipments-heading">{o.shipmentsHeading}</h2>
        {shipments.length > 1 ? <p className="hint">{o.shipmentsIntro}</p> : null}
        {shipments.map((s) => (
          <section key={s.id} className="card stack shipment" aria-labelledby={`shipment-${s.id}`}>
            <h3 id={`shipment-${s.id}`}>
              {translate("orders.order.shipmentFrom", { name: s.cooperativeName })}
            </h3>
            <p>
              <span className={`badge badge-shipment-${s.status}`}>{o.shipmentStatus[s.status]}</span>
            </p>
            {s.carrier && s.trackingNo ? (
              <p>{translate("orders.order.carrier", { carrier: s.carrier, trackingNo: s.trackingNo })}</p>
            ) : null}
            {s.status === "cancelled" && s.cancelReason ? (
              <p>{translate("orders.order.cancelReason", { reason: s.cancelReason })}</p>
            ) : null}
            <ul className="order-items">
              {s.items.map((item) => (
                <li key={item.key}>
                  <p className="order-item-line">
                    <Link to={`/san-pham/${item.slug}`}>
                      {translate("orders.order.itemLine", {
                        name: item.name,
                        quantity: item.quantity,
                        unit: item.unit,
                      })}
                    </Link>
                    <Price amount={item.unitPriceVnd * item.quantity} />
                  </p>
                  <p>
                    <a href={item.tracePath} className="trace-link">
                      {translate("orders.order.trace", { lot: item.lot })}
                    </a>
                  </p>
                </li>
              ))}
            </ul>
            <p className="summary-subtotal">
              <span>{o.subtotal}</span> <Price amount={s.subtotalVnd} />
            </p>
          </section>
        ))}
      </section>

      <section className="card stack" aria-labelledby="timeline-heading">
        <h2 id="timeline-heading">{o.timelineHeading}</h2>
        <ol className="order-timeline">
          {timeline.map((e) => (
            <li key={e.key}>
              <time dateTime={e.at}>{time(e.at)}</time>
              <span>{eventText(translate, locale, e)}</span>
            </li>
          ))}
        </ol>
      </section>

      <section className="card stack" aria-labelledby="delivery-heading">
        <h2 id="delivery-heading">{o.deliveryHeading}</h2>
        <address className="delivery">
          {delivery.contactName}
          <br />
          <a href={`tel:${delivery.contactPhone}`} className="tel-link">
            {delivery.contactPhone}
          </a>
          {delivery.contactEmail ? (
            <>
              <br />
              {delivery.contactEmail}
            </>
          ) : null}
          <br />
          {delivery.street}
          <br />
          {delivery.place}
        </address>
        {delivery.note ? (
          <p>
            <strong>{o.noteLabel}:</strong> <span className="prewrap">{delivery.note}</span>
          </p>
        ) : null}
      </section>

      {order.buyerMayCancel ? (
        <details className="confirm-inline card">
          <summary>{o.cancel}</summary>
          <Form method="post" className="stack">
            <p>{translate("orders.order.cancelConfirm", { code: order.code })}</p>
            <button
              type="submit"
              name="intent"
              value="cancel"
              className="button danger block"
              disabled={busy}
            >
              {o.cancelSubmit}
            </button>
          </Form>
        </details>
      ) : null}

      <p className="actions">
        {guestLink ? null : <Link to="/account/orders">{o.myOrders}</Link>}
        <Link to="/san-pham">{o.continueShopping}</Link>
      </p>
    </article>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const t = useT();
  const location = useLocation();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  if (!isRouteErrorResponse(error)) console.error(error);
  return (
    <>
      <ErrorPage status={status} />
      {status === 404 ? (
        <p className="notice-info error-detail">
          {t.orders.order.notFoundHint}{" "}
          <Link to={`/login?${new URLSearchParams({ redirectTo: location.pathname })}`}>
            {t.orders.order.login}
          </Link>
        </p>
      ) : null}
    </>
  );
}
