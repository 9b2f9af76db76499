import {
  type ActionFunctionArgs,
  type HeadersFunction,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ErrorSummary, Field } from "~/components/Field";
import { ConfirmTransferForm, type FormFailureView, useErrorParams } from "~/components/Fulfilment";
import { Panel, StatusBadge, withCoop } from "~/components/ManageUi";
import type { SessionUser } from "~/domain/accounts/users.server";
import { invalid } from "~/domain/errors";
import { advanceShipment } from "~/domain/orders/lifecycle.server";
import { getOrderView, type OrderView } from "~/domain/orders/read.server";
import type { ShipmentAction } from "~/domain/orders/state";
import { confirmTransferAsTyped, mayConfirmTransferTo } from "~/domain/orders/transfers.server";
import { findBank } from "~/domain/payments/banks";
import fulfilmentCss from "~/styles/fulfilment.css?url";
import { cacheNoStore } from "~/utils/cache";
import { formatDateTime, formatVnd } from "~/utils/format";
import { formValues } from "~/utils/forms";
import { formFailure, httpError, rethrowAsHttp, runForm } from "~/utils/http.server";
import { useLocale, useT, useTranslate } from "~/utils/i18n";
import { requireManager } from "~/utils/manage.server";
import { messagesFromMatches } from "~/utils/meta";
import { flashHeaders } from "~/utils/session.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: fulfilmentCss }];

/** The buyer's name, phone and address: personal, never cached. */
export const headers: HeadersFunction = () => ({ "Cache-Control": cacheNoStore });

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const t = messagesFromMatches(matches);
  const title = data ? t.fulfilment.detail.title.replace("{code}", data.order.code) : t.errors.notFoundTitle;
  return [{ title: `${title} · ${t.common.appName}` }];
};

/** The order as the cooperative sees it (its own shipments only); 404 when it has none in it. */
async function sellerOrder(user: SessionUser, code: string) {
  return getOrderView(code, { kind: "seller", actor: user }).catch(rethrowAsHttp);
}

/** The receiving account as the buyer was shown it. */
function accountLabel(payee: NonNullable<OrderView["payment"]["payee"]>) {
  const bank = findBank(payee.bankBin)?.shortName ?? payee.bankBin;
  return `${bank} ${payee.accountNo} (${payee.accountName})`;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireManager(request);
  const order = await sellerOrder(user, params.code ?? "");
  const coop = new URL(request.url).searchParams.get("coop");
  const payee = order.payment.payee;
  const transferPending =
    order.paymentMethod === "vietqr" &&
    order.payment.status === "pending" &&
    order.status === "awaiting_payment";
  return {
    coop,
    order: {
      id: order.id,
      code: order.code,
      status: order.status,
      createdAt: order.createdAt,
      holdExpiresAt: order.holdExpiresAt,
      contactName: order.contactName,
      contactPhone: order.contactPhone,
      contactEmail: order.contactEmail,
      address: [order.street, order.place.commune, order.place.province].filter(Boolean).join(", "),
      note: order.note,
      totalVnd: order.totalVnd,
      paymentMethod: order.paymentMethod,
    },
    payment: {
      status: order.payment.status,
      receivedVnd: order.payment.receivedVnd,
      refundedVnd: order.payment.refundedVnd,
      account: payee ? accountLabel(payee) : null,
      toPlatform: payee !== null && payee.cooperativeId === null,
      canConfirm: transferPending && payee !== null && mayConfirmTransferTo(user, payee.cooperativeId),
    },
    shipments: order.shipments.map((s) => ({
      id: s.id,
      cooperativeName: s.cooperativeName,
      status: s.status,
      carrier: s.carrier,
      trackingNo: s.trackingNo,
      cancelReason: s.cancelReason,
      subtotalVnd: s.subtotalVnd,
      actions: s.actions,
      items: s.items.map((i) => ({
        key: `${i.productId}-${i.lot}`,
        productName: i.productName,
        unit: i.unit,
        quantity: i.quantity,
        unitPriceVnd: i.unitPriceVnd,
        lot: i.lot,
        tracePath: i.tracePath,
      })),
    })),
    timeline: order.timeline.map((e) => ({
      kind: e.kind,
      at: e.at,
      cooperativeName: e.cooperativeName,
      details: e.details,
    })),
  };
}

const STEPS = ["pack", "ship", "deliver"] as const satisfies readonly ShipmentAction[];
const isStep = (v: string | undefined): v is (typeof STEPS)[number] =>
  (STEPS as readonly string[]).includes(v ?? "");

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireManager(request);
  const order = await sellerOrder(user, params.code ?? "");
  const values = formValues(await request.formData());
  const intent = values.intent;
  let flash: string;
  if (intent === "confirm") {
    const result = await runForm(values, () =>
      confirmTransferAsTyped(user, order.id, values.receivedVnd ?? ""),
    );
    if (!result.ok) return notFoundOr(result.failure);
    flash = result.value === "confirmed" ? "fulfilment.flash.confirmed" : "fulfilment.flash.alreadyPaid";
  } else if (isStep(intent)) {
    const shipment = order.shipments.find((s) => s.id === values.shipmentId);
    if (!shipment) httpError(404);
    const result = await runForm(values, () =>
      advanceShipment(user, shipment.id, {
        action: intent,
        carrier: values.carrier ?? null,
        trackingNo: values.trackingNo ?? null,
      }),
    );
    if (!result.ok) return notFoundOr(result.failure);
    flash = `fulfilment.flash.${intent}`;
  } else {
    return formFailure(invalid("validation.invalid"), values);
  }
  const url = new URL(request.url);
  throw redirect(`${url.pathname}${url.search}`, {
    headers: await flashHeaders(request, "success", flash),
  });
}

/** A record that vanished from the actor's reach is a 404 page, not a form error. */
function notFoundOr(failure: ReturnType<typeof formFailure>) {
  if (failure.init?.status === 404) httpError(404);
  return failure;
}

export default function SellerOrderPage() {
  const t = useT();
  const translate = useTranslate();
  const locale = useLocale();
  const { coop, order, payment, shipments, timeline } = useLoaderData<typeof loader>();
  const failure = (useActionData<typeof action>() ?? null) as FormFailureView | null;
  const f = t.fulfilment;
  const back = withCoop("/manage/orders", coop);
  const paymentState =
    order.paymentMethod === "cod" && payment.status === "pending"
      ? f.paymentStatus.codPending
      : f.paymentStatus[payment.status];
  const buyerPanel = (
    <Panel id="buyer" title={f.detail.buyer}>
      <dl className="facts">
        <dt>{f.detail.name}</dt>
        <dd>{order.contactName}</dd>
        <dt>{f.detail.phone}</dt>
        <dd>
          <a className="tel-link" href={`tel:${order.contactPhone}`}>
            {order.contactPhone}
          </a>
        </dd>
        {order.contactEmail ? (
          <>
            <dt>{f.detail.email}</dt>
            <dd>
              <a href={`mailto:${order.contactEmail}`}>{order.contactEmail}</a>
            </dd>
          </>
        ) : null}
        <dt>{f.detail.address}</dt>
        <dd>{order.address}</dd>
        {order.note ? (
          <>
            <dt>{f.detail.note}</dt>
            <dd className="prewrap">{order.note}</dd>
          </>
        ) : null}
      </dl>
    </Panel>
  );
  const paymentPanel = (
    <Panel id="payment" title={f.detail.payment}>
      <dl className="facts">
        <dt>{f.detail.method}</dt>
        <dd>{f.paymentMethod[order.paymentMethod]}</dd>
        <dt>{f.detail.paymentState}</dt>
        <dd>{paymentState}</dd>
        <dt>{f.detail.total}</dt>
        <dd>{formatVnd(order.totalVnd, locale)}</dd>
        {payment.receivedVnd !== null ? (
          <>
            <dt>{f.detail.received}</dt>
            <dd>{formatVnd(payment.receivedVnd, locale)}</dd>
          </>
        ) : null}
        {payment.refundedVnd > 0 ? (
          <>
            <dt>{f.detail.refunded}</dt>
            <dd>{formatVnd(payment.refundedVnd, locale)}</dd>
          </>
        ) : null}
        {payment.account ? (
          <>
            <dt>{f.detail.payee}</dt>
            <dd>{payment.account}</dd>
          </>
        ) : null}
      </dl>
      {payment.toPlatform && !payment.canConfirm ? (
        <p className="notice-info">{f.detail.payeePlatform}</p>
      ) : null}
      {payment.canConfirm && payment.account ? (
        <section className="stack" aria-labelledby="confirm-transfer">
          <h3 id="confirm-transfer">{f.transfer.title}</h3>
          <ConfirmTransferForm
            orderId={order.id}
            code={order.code}
            totalVnd={order.totalVnd}
            account={payment.account}
            failure={failure?.values.intent === "confirm" ? failure : null}
          />
        </section>
      ) : null}
    </Panel>
  );
  return (
    <section className="stack order-page">
      <p>
        <Link to={back}>← {f.detail.back}</Link>
      </p>
      <div className="page-head">
        <h1>{translate("fulfilment.detail.title", { code: order.code })}</h1>
        <StatusBadge status={`order-${order.status}`} label={f.orderStatus[order.status]} />
      </div>
      <p className="hint">
        {translate("fulfilment.detail.placedAt", { time: formatDateTime(order.createdAt, locale) })}
      </p>

      {shipments.map((s) => (
        <ShipmentPanel
          key={s.id}
          shipment={s}
          orderCode={order.code}
          orderStatus={order.status}
          coop={coop}
          failure={failure?.values.shipmentId === s.id ? failure : null}
        />
      ))}

      {/* Money first while a transfer waits for this seller's confirmation; the address first otherwise. */}
      {payment.canConfirm ? paymentPanel : buyerPanel}
      {payment.canConfirm ? buyerPanel : paymentPanel}

      <Panel id="timeline" title={f.detail.timeline}>
        <ol className="history">
          {timeline.map((e, i) => (
            // The timeline is append-only and shown in order: the index is stable.
            // biome-ignore lint/suspicious/noArrayIndexKey: entries have no id in the view
            <li key={i}>
              <p>
                <strong>
                  {translate(`fulfilment.timeline.${e.kind}`, timelineParams(e.details, locale))}
                </strong>
                {e.cooperativeName ? ` · ${e.cooperativeName}` : ""}
              </p>
              <p className="hint">{formatDateTime(e.at, locale)}</p>
            </li>
          ))}
        </ol>
      </Panel>
    </section>
  );
}

/** Amounts in a timeline entry's details are đồng. */
function timelineParams(details: Record<string, string | number | null>, locale: "vi" | "en") {
  const out: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(details)) {
    if (v === null) continue;
    out[k] =
      typeof v === "number" && ["amount", "expected", "received"].includes(k) ? formatVnd(v, locale) : v;
  }
  return out;
}

type ShipmentViewModel = ReturnType<typeof useLoaderData<typeof loader>>["shipments"][number];

function ShipmentPanel({
  shipment: s,
  orderCode,
  orderStatus,
  coop,
  failure,
}: {
  shipment: ShipmentViewModel;
  orderCode: string;
  orderStatus: string;
  coop: string | null;
  failure: FormFailureView | null;
}) {
  const t = useT();
  const translate = useTranslate();
  const locale = useLocale();
  const params = useErrorParams();
  const busy = useNavigation().state === "submitting";
  const f = t.fulfilment;
  const errorOf = (field: string) => {
    const key = failure?.fieldErrors[field];
    return key ? translate(key, params(failure?.formErrorParams)) : null;
  };
  const carrierId = `carrier-${s.id}`;
  const trackingId = `tracking-${s.id}`;
  const summaryErrors = [
    errorOf("carrier")
      ? { fieldId: carrierId, label: f.actions.carrier, message: errorOf("carrier") ?? "" }
      : null,
    errorOf("trackingNo")
      ? { fieldId: trackingId, label: f.actions.trackingNo, message: errorOf("trackingNo") ?? "" }
      : null,
  ].filter((e) => e !== null);
  const formError =
    failure?.formError && !summaryErrors.length
      ? translate(failure.formError, params(failure.formErrorParams))
      : null;
  return (
    <section className="card stack" aria-labelledby={`shipment-${s.id}`}>
      <div className="page-head">
        <h2 id={`shipment-${s.id}`}>
          {translate("fulfilment.detail.shipment", { cooperative: s.cooperativeName })}
        </h2>
        <StatusBadge status={`shipment-${s.status}`} label={f.shipmentStatus[s.status]} />
      </div>
      <ul className="shipment-items">
        {s.items.map((i) => (
          <li key={i.key}>
            <p>
              <strong>{i.productName}</strong> ×{i.quantity} {i.unit}
            </p>
            <p className="hint">
              {formatVnd(i.unitPriceVnd, locale)} · {formatVnd(i.unitPriceVnd * i.quantity, locale)}
            </p>
            <p>
              <a className="trace-link" href={i.tracePath}>
                {translate("fulfilment.detail.trace", { lot: i.lot })}
              </a>
            </p>
          </li>
        ))}
      </ul>
      <p>
        {f.detail.subtotal}: <strong>{formatVnd(s.subtotalVnd, locale)}</strong>
      </p>
      {s.carrier || s.trackingNo ? (
        <dl className="facts">
          <dt>{f.detail.carrier}</dt>
          <dd>{s.carrier}</dd>
          <dt>{f.detail.trackingNo}</dt>
          <dd>{s.trackingNo}</dd>
        </dl>
      ) : null}
      {s.cancelReason ? (
        <p>
          {f.detail.cancelReason}: {s.cancelReason}
        </p>
      ) : null}

      <h3>{f.detail.nextStep}</h3>
      <ErrorSummary message={formError} errors={summaryErrors} />
      {orderStatus === "awaiting_payment" && s.status === "pending" ? (
        <p className="notice-warn">{f.detail.notPaid}</p>
      ) : null}
      {s.actions.length === 0 ? <p className="hint">{f.detail.noActions}</p> : null}
      {s.actions.includes("pack") ? (
        <Form method="post" className="stack">
          <input type="hidden" name="intent" value="pack" />
          <input type="hidden" name="shipmentId" value={s.id} />
          <p className="hint">{f.actions.packHint}</p>
          <button type="submit" className="button block" disabled={busy}>
            {f.actions.pack}
          </button>
        </Form>
      ) : null}
      {s.actions.includes("ship") ? (
        <Form method="post" className="stack" noValidate>
          <input type="hidden" name="intent" value="ship" />
          <input type="hidden" name="shipmentId" value={s.id} />
          <p className="hint">{f.actions.shipHint}</p>
          <Field
            id={carrierId}
            name="carrier"
            label={f.actions.carrier}
            hint={f.actions.carrierHint}
            error={errorOf("carrier")}
            autoComplete="off"
            maxLength={80}
            required
            defaultValue={failure?.values.carrier ?? ""}
          />
          <Field
            id={trackingId}
            name="trackingNo"
            label={f.actions.trackingNo}
            hint={f.actions.trackingHint}
            error={errorOf("trackingNo")}
            autoComplete="off"
            autoCapitalize="characters"
            maxLength={40}
            required
            defaultValue={failure?.values.trackingNo ?? ""}
          />
          <button type="submit" className="button block" disabled={busy}>
            {f.actions.ship}
          </button>
        </Form>
      ) : null}
      {s.actions.includes("deliver") ? (
        <Form method="post" className="stack">
          <input type="hidden" name="intent" value="deliver" />
          <input type="hidden" name="shipmentId" value={s.id} />
          <p className="hint">{f.actions.deliverHint}</p>
          <button type="submit" className="button block" disabled={busy}>
            {f.actions.deliver}
          </button>
        </Form>
      ) : null}
      {s.actions.includes("cancel") ? (
        <p>
          <Link
            className="button secondary danger-outline block"
            to={withCoop(`/manage/orders/${orderCode}/shipments/${s.id}/cancel`, coop)}
          >
            {f.actions.cancel}
          </Link>
          <span className="hint block">{f.actions.cancelHint}</span>
        </p>
      ) : null}
    </section>
  );
}
