import type { HeadersFunction, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { OrderDate } from "~/components/Fulfilment";
import { StatusBadge, withCoop } from "~/components/ManageUi";
import { listSellerShipments } from "~/domain/orders/read.server";
import { SELLER_FILTERS, type SellerFilter } from "~/domain/orders/state";
import fulfilmentCss from "~/styles/fulfilment.css?url";
import { cacheNoStore } from "~/utils/cache";
import { formatDateTime, formatVnd } from "~/utils/format";
import { httpError, rethrowAsHttp } from "~/utils/http.server";
import { useLocale, useT, useTranslate } from "~/utils/i18n";
import { requireWorkingCooperative } from "~/utils/manage.server";
import { messagesFromMatches } from "~/utils/meta";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: fulfilmentCss }];

/** Buyers' names and orders: personal, never cached. */
export const headers: HeadersFunction = () => ({ "Cache-Control": cacheNoStore });

export const meta: MetaFunction = ({ matches }) => {
  const t = messagesFromMatches(matches);
  return [{ title: `${t.fulfilment.inbox.title} · ${t.common.appName}` }];
};

const PAGE_SIZE = 30;
const isFilter = (v: string): v is SellerFilter => (SELLER_FILTERS as readonly string[]).includes(v);

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, current } = await requireWorkingCooperative(request);
  if (!current) httpError(404);
  const url = new URL(request.url);
  const rawFilter = url.searchParams.get("filter") || "to_pack";
  const rawPage = url.searchParams.get("page") || "1";
  if (!isFilter(rawFilter) || !/^[1-9]\d{0,4}$/.test(rawPage)) httpError(400, "fulfilment.errors.badFilter");
  const page = Number(rawPage);
  const { rows, counts } = await listSellerShipments(user, {
    filter: rawFilter,
    cooperativeId: current.id,
    limit: PAGE_SIZE,
    offset: (page - 1) * PAGE_SIZE,
  }).catch(rethrowAsHttp);
  return {
    coopSlug: current.slug,
    filter: rawFilter,
    counts,
    page,
    pageCount: Math.max(1, Math.ceil(counts[rawFilter] / PAGE_SIZE)),
    rows: rows.map((r) => ({
      shipmentId: r.shipmentId,
      code: r.orderCode,
      createdAt: r.createdAt,
      buyer: r.contactName,
      items: r.items,
      subtotalVnd: r.subtotalVnd,
      paymentMethod: r.paymentMethod,
      paymentStatus: r.paymentStatus,
      status: r.status,
      holdExpiresAt: r.orderStatus === "awaiting_payment" ? r.holdExpiresAt : null,
    })),
  };
}

export default function OrderInbox() {
  const t = useT();
  const translate = useTranslate();
  const locale = useLocale();
  const { coopSlug, filter, counts, page, pageCount, rows } = useLoaderData<typeof loader>();
  const f = t.fulfilment;
  const link = (params: Record<string, string>) =>
    withCoop(`/manage/orders?${new URLSearchParams(params)}`, coopSlug);
  return (
    <section className="stack">
      <div className="page-head">
        <h1>{f.inbox.title}</h1>
        <Link className="button secondary" to={withCoop("/manage/orders/statement", coopSlug)}>
          {f.inbox.statementLink}
        </Link>
      </div>
      <p>{f.inbox.intro}</p>
      <nav aria-label={f.inbox.tabs} className="tabs order-tabs">
        {SELLER_FILTERS.map((s) => (
          <Link key={s} to={link({ filter: s })} aria-current={s === filter ? "page" : undefined}>
            {f.inbox.filters[s]} <span className="badge badge-count-muted">{counts[s]}</span>
          </Link>
        ))}
      </nav>
      {rows.length === 0 ? (
        <p className="card empty-state">{f.inbox.empty[filter]}</p>
      ) : (
        <ul className="order-list">
          {rows.map((r) => (
            <li key={r.shipmentId} className="card order-row">
              <h2>
                <Link to={withCoop(`/manage/orders/${r.code}`, coopSlug)}>{r.code}</Link>{" "}
                <StatusBadge status={`shipment-${r.status}`} label={f.shipmentStatus[r.status]} />
              </h2>
              <dl className="order-facts">
                <div>
                  <dt>{f.inbox.colDate}</dt>
                  <dd>
                    <OrderDate value={r.createdAt} />
                  </dd>
                </div>
                <div>
                  <dt>{f.inbox.colBuyer}</dt>
                  <dd>{r.buyer}</dd>
                </div>
                <div>
                  <dt>{f.inbox.colItems}</dt>
                  <dd>
                    <ul className="order-items-inline">
                      {r.items.map((i) => (
                        <li key={i.name}>
                          {translate("fulfilment.inbox.item", { name: i.name, n: i.quantity })}
                        </li>
                      ))}
                    </ul>
                  </dd>
                </div>
                <div>
                  <dt>{f.inbox.colSubtotal}</dt>
                  <dd>{formatVnd(r.subtotalVnd, locale)}</dd>
                </div>
                <div>
                  <dt>{f.inbox.colPayment}</dt>
                  <dd>
                    {f.paymentMethod[r.paymentMethod]} ·{" "}
                    {r.paymentMethod === "cod" && r.paymentStatus === "pending"
                      ? f.paymentStatus.codPending
                      : f.paymentStatus[r.paymentStatus]}
                    {r.holdExpiresAt ? (
                      <span className="hint block">
                        {translate("fulfilment.inbox.holdUntil", {
                          time: formatDateTime(r.holdExpiresAt, locale),
                        })}
                      </span>
                    ) : null}
                  </dd>
                </div>
              </dl>
            </li>
          ))}
        </ul>
      )}
      {pageCount > 1 ? (
        <nav className="pager" aria-label={translate("fulfilment.inbox.page", { page, pages: pageCount })}>
          {page > 1 ? (
            <Link className="button secondary" to={link({ filter, page: String(page - 1) })}>
              {f.inbox.previous}
            </Link>
          ) : null}
          <span>{translate("fulfilment.inbox.page", { page, pages: pageCount })}</span>
          {page < pageCount ? (
            <Link className="button secondary" to={link({ filter, page: String(page + 1) })}>
              {f.inbox.next}
            </Link>
          ) : null}
        </nav>
      ) : null}
    </section>
  );
}
