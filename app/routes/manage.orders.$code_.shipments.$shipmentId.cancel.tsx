import {
  type ActionFunctionArgs,
  type HeadersFunction,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ErrorSummary, FieldShell } from "~/components/Field";
import { type FormFailureView, useErrorParams } from "~/components/Fulfilment";
import { withCoop } from "~/components/ManageUi";
import type { SessionUser } from "~/domain/accounts/users.server";
import { advanceShipment } from "~/domain/orders/lifecycle.server";
import { getOrderView } from "~/domain/orders/read.server";
import fulfilmentCss from "~/styles/fulfilment.css?url";
import { cacheNoStore } from "~/utils/cache";
import { formatVnd } from "~/utils/format";
import { formValues } from "~/utils/forms";
import { httpError, rethrowAsHttp, runForm } from "~/utils/http.server";
import { useLocale, useT, useTranslate } from "~/utils/i18n";
import { requireManager } from "~/utils/manage.server";
import { messagesFromMatches } from "~/utils/meta";
import { flashHeaders } from "~/utils/session.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: fulfilmentCss }];
export const headers: HeadersFunction = () => ({ "Cache-Control": cacheNoStore });

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const t = messagesFromMatches(matches);
  const title = data ? t.fulfilment.cancel.title.replace("{code}", data.code) : t.errors.notFoundTitle;
  return [{ title: `${title} · ${t.common.appName}` }];
};

const REASON_MAX = 500;

/** The order and the actor's shipment in it; 404 when either is not theirs. */
async function ownShipment(user: SessionUser, code: string, shipmentId: string) {
  const order = await getOrderView(code, { kind: "seller", actor: user }).catch(rethrowAsHttp);
  const shipment = order.shipments.find((s) => s.id === shipmentId);
  if (!shipment) httpError(404);
  return { order, shipment };
}

/**
 * The confirmation step (works without JavaScript): names what is cancelled and what follows
 * (stock back on sale, a card payment refunded, money to send back) before anything changes.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireManager(request);
  const { order, shipment } = await ownShipment(user, params.code ?? "", params.shipmentId ?? "");
  const coop = new URL(request.url).searchParams.get("coop");
  const back = withCoop(`/manage/orders/${order.code}`, coop);
  if (!shipment.actions.includes("cancel")) throw redirect(back);
  const paid = order.payment.status === "succeeded";
  const othersOpen = order.shipments.some((s) => s.id !== shipment.id && s.status !== "cancelled");
  return {
    code: order.code,
    back,
    cooperativeName: shipment.cooperativeName,
    items: shipment.items.map((i) => ({
      key: `${i.productId}-${i.lot}`,
      productName: i.productName,
      quantity: i.quantity,
      unit: i.unit,
      lot: i.lot,
    })),
    subtotalVnd: shipment.subtotalVnd,
    refund:
      paid && order.paymentMethod === "card"
        ? ("card" as const)
        : paid && order.paymentMethod === "vietqr"
          ? ("transfer" as const)
          : null,
    // A seller sees only their own shipments: when other cooperatives ship part of the order
    // (the visible parts add up to less than its total), whether it ends whole is not theirs to see.
    wholeOrder: !othersOpen && order.shipments.reduce((n, s) => n + s.subtotalVnd, 0) >= order.totalVnd,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireManager(request);
  const { order, shipment } = await ownShipment(user, params.code ?? "", params.shipmentId ?? "");
  const values = formValues(await request.formData());
  const result = await runForm(values, () =>
    advanceShipment(user, shipment.id, { action: "cancel", reason: values.reason ?? "" }),
  );
  if (!result.ok) {
    if (result.failure.init?.status === 404) httpError(404);
    return result.failure;
  }
  const coop = new URL(request.url).searchParams.get("coop");
  throw redirect(withCoop(`/manage/orders/${order.code}`, coop), {
    headers: await flashHeaders(request, "success", "fulfilment.flash.cancel"),
  });
}

export default function CancelShipment() {
  const t = useT();
  const translate = useTranslate();
  const locale = useLocale();
  const params = useErrorParams();
  const { code, back, cooperativeName, items, subtotalVnd, refund, wholeOrder } =
    useLoaderData<typeof loader>();
  const failure = (useActionData<typeof action>() ?? null) as FormFailureView | null;
  const busy = useNavigation().state === "submitting";
  const c = t.fulfilment.cancel;
  const reasonError = failure?.fieldErrors.reason ? translate(failure.fieldErrors.reason) : null;
  const formError =
    failure?.formError && !reasonError ? translate(failure.formError, params(failure.formErrorParams)) : null;
  return (
    <section className="narrow stack">
      <h1>{translate("fulfilment.cancel.title", { code })}</h1>
      <div className="card stack">
        <ErrorSummary
          message={formError}
          errors={reasonError ? [{ fieldId: "reason", label: c.reason, message: reasonError }] : []}
        />
        <p>{translate("fulfilment.cancel.lead", { cooperative: cooperativeName })}</p>
        <ul className="shipment-items">
          {items.map((i) => (
            <li key={i.key}>
              <strong>{i.productName}</strong> ×{i.quantity} {i.unit} ·{" "}
              {translate("fulfilment.detail.lot", { lot: i.lot })}
            </li>
          ))}
        </ul>
        <div className="notice-warn stack">
          <p>{c.stockReturns}</p>
          {refund === "card" ? (
            <p>{translate("fulfilment.cancel.cardRefund", { amount: formatVnd(subtotalVnd, locale) })}</p>
          ) : null}
          {refund === "transfer" ? (
            <p>{translate("fulfilment.cancel.transferPaid", { amount: formatVnd(subtotalVnd, locale) })}</p>
          ) : null}
          {wholeOrder ? <p>{c.wholeOrder}</p> : null}
          <p>{c.buyerTold}</p>
        </div>
        <Form method="post" className="stack" noValidate>
          <FieldShell id="reason" label={c.reason} hint={c.reasonHint} error={reasonError}>
            {(control) => (
              <textarea
                name="reason"
                rows={3}
                maxLength={REASON_MAX}
                required
                defaultValue={failure?.values.reason ?? ""}
                {...control}
              />
            )}
          </FieldShell>
          <button type="submit" className="button danger block" disabled={busy}>
            {c.confirm}
          </button>
        </Form>
        <Link className="button secondary block" to={back}>
          {c.keep}
        </Link>
      </div>
    </section>
  );
}
