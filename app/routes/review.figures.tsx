import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { BarChart } from "~/components/charts/BarChart";
import { daysUntil, EXPIRY_WARNING_DAYS, ocopGroups } from "~/domain/listings/ocop";
import { getAreaFigures } from "~/domain/reports/area-figures.server";
import { splitDuration } from "~/domain/reports/stats";
import { requireRole } from "~/utils/auth.server";
import { formatDate, formatVnd } from "~/utils/format";
import { useLocale, useT, useTranslate } from "~/utils/i18n";
import { messagesFromMatches } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => {
  const t = messagesFromMatches(matches);
  return [{ title: `${t.review.figures.heading} · ${t.common.appName}` }];
};

const chartStatuses = ["submitted", "changes_requested", "approved", "rejected", "draft"] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "reviewer");
  const figures = await getAreaFigures(user);
  return {
    today: figures.today,
    summary: figures.summary,
    byStatus: chartStatuses.map((s) => ({ key: s, value: figures.byStatus[s] })),
    byStars: ([3, 4, 5] as const).map((s) => ({ key: String(s), stars: s, value: figures.byStars[s] })),
    byGroup: ocopGroups.map((g) => ({ key: g, value: figures.byGroup[g] })),
    byPlace: figures.byPlace.map((p) => ({
      key: p.regionId,
      label: p.district ? `${p.name} (${p.district})` : p.name,
      value: p.n,
    })),
    decisions: figures.decisions,
    median: figures.medianDecisionHours === null ? null : splitDuration(figures.medianDecisionHours),
    expiring: figures.expiring.map((e) => ({
      productId: e.productId,
      productName: e.productName,
      cooperativeName: e.cooperativeName,
      decisionNo: e.decisionNo,
      stars: e.stars,
      expiresOn: e.expiresOn,
      daysLeft: daysUntil(e.expiresOn, figures.today),
    })),
  };
}

export default function AreaFiguresPage() {
  const t = useT();
  const translate = useTranslate();
  const locale = useLocale();
  const data = useLoaderData<typeof loader>();
  const f = t.review.figures;
  const number = (n: number) => new Intl.NumberFormat(locale === "vi" ? "vi-VN" : "en-GB").format(n);
  const percent = (part: number, whole: number) =>
    translate("review.figures.share", { percent: whole ? Math.round((part / whole) * 100) : 0 });
  const s = data.summary;
  const duration = data.median
    ? data.median.days === 0 && data.median.hours === 0
      ? f.duration.lessThanHour
      : data.median.days === 0
        ? translate("review.figures.duration.hours", { hours: data.median.hours })
        : data.median.hours === 0
          ? translate("review.figures.duration.days", { days: data.median.days })
          : translate("review.figures.duration.daysHours", data.median)
    : null;
  const summary: Array<[string, string]> = [
    [f.cooperatives, number(s.cooperatives)],
    [
      f.sellingCooperatives,
      `${number(s.sellingCooperatives)} (${percent(s.sellingCooperatives, s.cooperatives)})`,
    ],
    [f.approvedListings, number(s.approvedListings)],
    [f.orders, number(s.orders)],
    [f.onlineOrders, `${number(s.onlineOrders)} (${percent(s.onlineOrders, s.orders)})`],
    [f.unitsSold, number(s.unitsSold)],
    [f.revenue, formatVnd(s.revenueVnd, locale)],
    [f.scans, number(s.scans)],
  ];
  return (
    <section className="stack figures">
      <h1>{f.heading}</h1>
      <p>{translate("review.figures.intro", { date: formatDate(data.today, locale) })}</p>
      <p>
        <a className="button secondary" href="/review/figures.csv" download>
          {f.download}
        </a>
      </p>

      <section aria-labelledby="summary-heading">
        <h2 id="summary-heading">{f.summary}</h2>
        <dl className="stat-grid">
          {summary.map(([label, value]) => (
            <div key={label} className="card">
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      </section>

      <div className="chart-grid">
        <BarChart
          id="by-status"
          title={f.byStatus}
          labelHeading={f.category}
          valueHeading={f.count}
          format={number}
          items={data.byStatus.map((i) => ({ key: i.key, label: t.review.statuses[i.key], value: i.value }))}
        />
        <BarChart
          id="by-stars"
          title={f.byStars}
          labelHeading={f.category}
          valueHeading={f.count}
          format={number}
          items={data.byStars.map((i) => ({
            key: i.key,
            label: translate("review.stars", { stars: i.stars }),
            value: i.value,
          }))}
        />
        <BarChart
          id="by-group"
          title={f.byGroup}
          labelHeading={f.category}
          valueHeading={f.count}
          format={number}
          items={data.byGroup.map((i) => ({ key: i.key, label: t.review.groups[i.key], value: i.value }))}
        />
        {data.byPlace.length ? (
          <BarChart
            id="by-place"
            title={f.byPlace}
            labelHeading={t.review.queue.place}
            valueHeading={f.count}
            format={number}
            items={data.byPlace}
          />
        ) : (
          <section>
            <h2>{f.byPlace}</h2>
            <p>{f.noPlace}</p>
          </section>
        )}
      </div>

      <section aria-labelledby="turnaround-heading">
        <h2 id="turnaround-heading">{f.turnaround}</h2>
        <p>
          {duration ? translate("review.figures.median", { duration, count: data.decisions }) : f.noDecisions}
        </p>
        <p className="hint">{f.turnaroundNote}</p>
      </section>

      <section aria-labelledby="expiring-heading">
        <h2 id="expiring-heading">{translate("review.figures.expiring", { days: EXPIRY_WARNING_DAYS })}</h2>
        {data.expiring.length ? (
          <div className="table-scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t.review.queue.product}</th>
                  <th scope="col">{t.review.queue.cooperative}</th>
                  <th scope="col">{f.decisionNo}</th>
                  <th scope="col">{f.expiresOn}</th>
                  <th scope="col" className="num">
                    {f.daysLeft}
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.expiring.map((e) => (
                  <tr key={e.productId}>
                    <th scope="row">
                      {e.productName}{" "}
                      <span className="badge badge-stars">
                        {translate("review.stars", { stars: e.stars })}
                      </span>
                    </th>
                    <td>{e.cooperativeName}</td>
                    <td>{e.decisionNo}</td>
                    <td>{formatDate(e.expiresOn, locale)}</td>
                    <td className="num">{translate("review.queue.days", { days: e.daysLeft })}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p>{translate("review.figures.noExpiring", { days: EXPIRY_WARNING_DAYS })}</p>
        )}
      </section>
    </section>
  );
}
