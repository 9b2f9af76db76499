import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { StarsBadge, StatusBadge, withCoop } from "~/components/ManageUi";
import { visibleStars } from "~/domain/listings/ocop";
import { listCooperativeProducts } from "~/domain/listings/products.server";
import { photoUrl } from "~/domain/storage/keys";
import { formatVnd, todayInVietnam } from "~/utils/format";
import { httpError, rethrowAsHttp } from "~/utils/http.server";
import { useLocale, useT, useTranslate } from "~/utils/i18n";
import { requireWorkingCooperative } from "~/utils/manage.server";
import { messagesFromMatches } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => {
  const t = messagesFromMatches(matches);
  return [{ title: `${t.manage.products.title} · ${t.common.appName}` }];
};

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, current } = await requireWorkingCooperative(request);
  if (!current) httpError(404);
  const rows = await listCooperativeProducts(user, current.id).catch(rethrowAsHttp);
  const today = todayInVietnam();
  return {
    coopSlug: current.slug,
    products: rows.map((p) => ({
      id: p.id,
      name: p.name,
      status: p.status,
      priceVnd: p.priceVnd,
      unit: p.unit,
      stars: visibleStars(p.certificate, today),
      thumbUrl: p.coverKey ? photoUrl(p.coverKey, "small") : null,
    })),
  };
}

export default function ManageProducts() {
  const t = useT();
  const translate = useTranslate();
  const locale = useLocale();
  const { coopSlug, products } = useLoaderData<typeof loader>();
  return (
    <section className="stack">
      <div className="page-head">
        <h1>{t.manage.products.title}</h1>
        <Link className="button" to={withCoop("/manage/products/new", coopSlug)}>
          {t.manage.products.add}
        </Link>
      </div>
      {products.length === 0 ? (
        <p className="card">{t.manage.products.empty}</p>
      ) : (
        <table className="table-cards">
          <thead>
            <tr>
              <th scope="col">{t.manage.products.colPhoto}</th>
              <th scope="col">{t.manage.products.colName}</th>
              <th scope="col">{t.manage.products.colPrice}</th>
              <th scope="col">{t.manage.products.colStatus}</th>
              <th scope="col">{t.manage.products.colStars}</th>
            </tr>
          </thead>
          <tbody>
            {products.map((p) => (
              <tr key={p.id}>
                <td data-label={t.manage.products.colPhoto} className="cell-photo">
                  {p.thumbUrl ? (
                    <img src={p.thumbUrl} alt="" width={64} height={64} loading="lazy" className="thumb" />
                  ) : (
                    <span className="hint">{t.manage.products.noPhoto}</span>
                  )}
                </td>
                <th scope="row" data-label={t.manage.products.colName}>
                  <Link to={withCoop(`/manage/products/${p.id}`, coopSlug)}>{p.name}</Link>
                </th>
                <td data-label={t.manage.products.colPrice}>
                  {translate("manage.products.perUnit", {
                    price: formatVnd(p.priceVnd, locale),
                    unit: p.unit,
                  })}
                </td>
                <td data-label={t.manage.products.colStatus}>
                  <StatusBadge status={p.status} label={t.manage.status[p.status]} />
                </td>
                <td data-label={t.manage.products.colStars}>
                  <StarsBadge
                    stars={p.stars}
                    label={translate("manage.stars", { n: p.stars ?? 0 })}
                    hiddenLabel={t.manage.starsHidden}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
