import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { StatusBadge, withCoop } from "~/components/ManageUi";
import { listCooperativeBatches } from "~/domain/trace/batches.server";
import { formatDate } from "~/utils/format";
import { httpError, rethrowAsHttp } from "~/utils/http.server";
import { useLocale, useT, useTranslate } from "~/utils/i18n";
import { requireWorkingCooperative } from "~/utils/manage.server";
import { messagesFromMatches } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => {
  const t = messagesFromMatches(matches);
  return [{ title: `${t.batches.list.title} · ${t.common.appName}` }];
};

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, current } = await requireWorkingCooperative(request);
  if (!current) httpError(404);
  const rows = await listCooperativeBatches(user, current.id).catch(rethrowAsHttp);
  return {
    coopSlug: current.slug,
    batches: rows.map((b) => ({
      id: b.id,
      lot: b.lot,
      status: b.status,
      productName: b.productName,
      quantity: b.quantity,
      quantityAvailable: b.quantityAvailable,
      unit: b.unit,
      producedOn: b.producedOn,
      entries: b.entries,
    })),
  };
}

export default function ManageBatches() {
  const t = useT();
  const translate = useTranslate();
  const locale = useLocale();
  const { coopSlug, batches } = useLoaderData<typeof loader>();
  return (
    <section className="stack">
      <div className="page-head">
        <h1>{t.batches.list.title}</h1>
        <Link className="button" to={withCoop("/manage/batches/new", coopSlug)}>
          {t.batches.list.add}
        </Link>
      </div>
      <p>{t.batches.list.intro}</p>
      {batches.length === 0 ? (
        <p className="card">{t.batches.list.empty}</p>
      ) : (
        <table className="table-cards">
          <thead>
            <tr>
              <th scope="col">{t.batches.list.colLot}</th>
              <th scope="col">{t.batches.list.colProduct}</th>
              <th scope="col">{t.batches.list.colStatus}</th>
              <th scope="col">{t.batches.list.colQuantity}</th>
              <th scope="col">{t.batches.list.colProduced}</th>
            </tr>
          </thead>
          <tbody>
            {batches.map((b) => (
              <tr key={b.id}>
                <th scope="row" data-label={t.batches.list.colLot}>
                  <Link to={withCoop(`/manage/batches/${b.id}`, coopSlug)}>{b.lot}</Link>
                </th>
                <td data-label={t.batches.list.colProduct}>
                  <span>
                    {b.productName}
                    <span className="hint block">{translate("batches.list.entries", { n: b.entries })}</span>
                  </span>
                </td>
                <td data-label={t.batches.list.colStatus}>
                  <StatusBadge status={b.status} label={t.batches.status[b.status]} />
                </td>
                <td data-label={t.batches.list.colQuantity}>
                  {translate("batches.list.available", {
                    n: b.quantityAvailable,
                    total: b.quantity,
                    unit: b.unit,
                  })}
                </td>
                <td data-label={t.batches.list.colProduced}>{formatDate(b.producedOn, locale)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
