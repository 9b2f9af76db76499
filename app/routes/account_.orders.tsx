import {
  data,
  type HeadersFunction,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Price } from "~/components/Price";
import { listBuyerOrders } from "~/domain/orders/read.server";
import ordersCss from "~/styles/orders.css?url";
import { requireUser } from "~/utils/auth.server";
import { cacheNoStore } from "~/utils/cache";
import { formatDateTime } from "~/utils/format";
import { useLocale, useT, useTranslate } from "~/utils/i18n";
import { messagesFromMatches } from "~/utils/meta";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: ordersCss }];

export const headers: HeadersFunction = () => ({ "Cache-Control": cacheNoStore });

export const meta: MetaFunction = ({ matches }) => {
  const t = messagesFromMatches(matches);
  return [{ title: `${t.orders.myOrders.title} · ${t.common.appName}` }];
};

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const orders = await listBuyerOrders(user.id);
  return data(
    {
      orders: orders.map((o) => ({
        code: o.code,
        status: o.status,
        paymentMethod: o.paymentMethod,
        totalVnd: o.totalVnd,
        createdAt: o.createdAt.toISOString(),
        itemCount: o.itemCount,
        cooperatives: o.cooperatives,
      })),
    },
    { headers: { "Cache-Control": cacheNoStore } },
  );
}

export default function MyOrders() {
  const t = useT();
  const translate = useTranslate();
  const locale = useLocale();
  const { orders } = useLoaderData<typeof loader>();
  const m = t.orders.myOrders;
  return (
    <section className="narrow stack">
      <p>
        <Link to="/account">← {t.common.nav.account}</Link>
      </p>
      <h1>{m.title}</h1>
      {orders.length === 0 ? (
        <div className="card empty-state stack">
          <p>{m.empty}</p>
          <p>
            <Link to="/san-pham" className="button">
              {m.browse}
            </Link>
          </p>
        </div>
      ) : (
        <>
          <p className="hint">{m.intro}</p>
          <ul className="my-orders">
            {orders.map((o) => (
              <li key={o.code} className="card stack">
                <p className="my-order-head">
                  <Link
                    to={`/don-hang/${o.code}`}
                    aria-label={translate("orders.myOrders.view", { code: o.code })}
                  >
                    {o.code}
                  </Link>
                  <span className={`badge order-badge-${o.status}`}>{t.orders.order.status[o.status]}</span>
                </p>
                <p className="hint">
                  {translate("orders.myOrders.placedOn", { time: formatDateTime(o.createdAt, locale) })}
                  {" · "}
                  {translate("orders.myOrders.items", { n: o.itemCount })}
                  {" · "}
                  {t.orders.order.method[o.paymentMethod]}
                </p>
                {o.cooperatives.length ? (
                  <p>{translate("orders.myOrders.from", { names: o.cooperatives.join(", ") })}</p>
                ) : null}
                <p className="order-total">
                  {t.orders.order.total}: <Price amount={o.totalVnd} />
                </p>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
