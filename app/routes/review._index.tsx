import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { queueStatuses } from "~/domain/listings/review";
import { listReviewQueue } from "~/domain/listings/review.server";
import { formatPlace } from "~/domain/reports/place";
import { daysBetween } from "~/domain/reports/stats";
import { requireRole } from "~/utils/auth.server";
import { formatDate } from "~/utils/format";
import { httpError } from "~/utils/http.server";
import { useLocale, useT, useTranslate } from "~/utils/i18n";
import { messagesFromMatches } from "~/utils/meta";
import { getLocale } from "~/utils/session.server";

export const meta: MetaFunction = ({ matches }) => {
  const t = messagesFromMatches(matches);
  return [{ title: `${t.review.queue.heading} · ${t.common.appName}` }];
};

const QueueQuery = z.object({
  status: z.enum(queueStatuses).default("submitted"),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "reviewer");
  const url = new URL(request.url);
  const parsed = QueueQuery.safeParse({
    status: url.searchParams.get("status") || undefined,
    page: url.searchParams.get("page") || undefined,
  });
  if (!parsed.success) httpError(400, "review.errors.badFilter");
  const [queue, locale] = await Promise.all([listReviewQueue(user, parsed.data), getLocale(request)]);
  const now = new Date();
  return {
    status: queue.status,
    page: queue.page,
    pageCount: queue.pageCount,
    counts: queue.counts,
    items: queue.items.map((item) => ({
      productId: item.productId,
      productName: item.productName,
      cooperativeName: item.cooperativeName,
      place: formatPlace(item.place, locale),
      submittedAt: item.submittedAt,
      daysWaiting: item.submittedAt ? daysBetween(item.submittedAt, now) : null,
      claimedStars: item.claimedStars,
    })),
  };
}

export default function ReviewQueue() {
  const t = useT();
  const translate = useTranslate();
  const locale = useLocale();
  const { status, page, pageCount, counts, items } = useLoaderData<typeof loader>();
  const pageLink = (p: number) => `?${new URLSearchParams({ status, page: String(p) })}`;
  return (
    <section className="stack">
      <h1>{t.review.queue.heading}</h1>
      <p>{t.review.queue.intro}</p>
      <nav aria-label={t.review.queue.tabs} className="tabs">
        {queueStatuses.map((s) => (
          <Link key={s} to={`?status=${s}`} aria-current={s === status ? "page" : undefined}>
            {t.review.statuses[s]} <span className="badge">{counts[s]}</span>
          </Link>
        ))}
      </nav>
      {items.length === 0 ? (
        <p className="card">
          {status === "submitted" ? t.review.queue.emptySubmitted : t.review.queue.emptyOther}
        </p>
      ) : (
        <ol className="queue-list">
          {items.map((item) => (
            <li key={item.productId} className="card queue-item">
              <h2>
                <Link
                  to={`/review/${item.productId}`}
                  aria-label={translate("review.queue.open", { product: item.productName })}
                >
                  {item.productName}
                </Link>
                {item.claimedStars ? (
                  <span className="badge badge-stars">
                    {translate("review.stars", { stars: item.claimedStars })}
                  </span>
                ) : null}
              </h2>
              <dl className="facts">
                <div>
                  <dt>{t.review.queue.cooperative}</dt>
                  <dd>{item.cooperativeName}</dd>
                </div>
                <div>
                  <dt>{t.review.queue.place}</dt>
                  <dd>{item.place}</dd>
                </div>
                {item.submittedAt ? (
                  <div>
                    <dt>{t.review.queue.submitted}</dt>
                    <dd>{formatDate(item.submittedAt, locale)}</dd>
                  </div>
                ) : null}
                {item.daysWaiting !== null ? (
                  <div>
                    <dt>{t.review.queue.waiting}</dt>
                    <dd>
                      {item.daysWaiting === 0
                        ? t.review.queue.today
                        : translate("review.queue.days", { days: item.daysWaiting })}
                    </dd>
                  </div>
                ) : null}
              </dl>
            </li>
          ))}
        </ol>
      )}
      {pageCount > 1 ? (
        <nav aria-label={t.review.queue.pagination} className="pager">
          {page > 1 ? <Link to={pageLink(page - 1)}>{t.review.queue.previous}</Link> : null}
          <span>{translate("review.queue.pages", { page, pages: pageCount })}</span>
          {page < pageCount ? <Link to={pageLink(page + 1)}>{t.review.queue.next}</Link> : null}
        </nav>
      ) : null}
    </section>
  );
}
