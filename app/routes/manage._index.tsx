import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Panel, StatusBadge, withCoop } from "~/components/ManageUi";
import { managerDashboard } from "~/domain/cooperatives/dashboard.server";
import { listingStatuses } from "~/domain/listings/state";
import { listInbox, renderMessage } from "~/domain/messaging/outbox.server";
import { formatDate, formatDateTime, todayInVietnam } from "~/utils/format";
import { rethrowAsHttp } from "~/utils/http.server";
import { useLocale, useT, useTranslate } from "~/utils/i18n";
import { requireWorkingCooperative } from "~/utils/manage.server";
import { messagesFromMatches } from "~/utils/meta";
import { getLocale } from "~/utils/session.server";

export const meta: MetaFunction = ({ matches }) => {
  const t = messagesFromMatches(matches);
  return [{ title: `${t.manage.home.title} · ${t.common.appName}` }];
};

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, current } = await requireWorkingCooperative(request);
  if (!current) return { coop: null, dashboard: null, messages: [] };
  const [dashboard, inbox, locale] = await Promise.all([
    managerDashboard(user, current.id, todayInVietnam()).catch(rethrowAsHttp),
    listInbox(user.id, { limit: 5 }),
    getLocale(request),
  ]);
  return {
    coop: { slug: current.slug, name: current.name },
    dashboard,
    messages: inbox.map((m) => ({
      id: m.id,
      text: renderMessage(locale, m.template, m.params),
      createdAt: m.createdAt,
      unread: m.readAt === null,
    })),
  };
}

export default function ManageHome() {
  const t = useT();
  const translate = useTranslate();
  const locale = useLocale();
  const { coop, dashboard, messages } = useLoaderData<typeof loader>();
  if (!coop || !dashboard) {
    return (
      <section className="stack">
        <h1>{t.manage.home.title}</h1>
        <p className="card">{t.manage.noCooperative}</p>
      </section>
    );
  }
  const link = (path: string) => withCoop(path, coop.slug);
  const nothingToDo =
    !dashboard.toPack &&
    !dashboard.transfersToConfirm &&
    !dashboard.needsChanges.length &&
    !dashboard.certificates.length &&
    !dashboard.drafts.length &&
    !dashboard.waitingRelease.length;
  return (
    <section className="stack">
      <h1>{t.manage.home.title}</h1>
      {nothingToDo ? <p className="card">{t.manage.home.allDone}</p> : null}

      {dashboard.toPack || dashboard.transfersToConfirm ? (
        <Panel id="orders" title={t.fulfilment.nav}>
          <ul className="todo-list">
            {dashboard.toPack ? (
              <li>
                <p>
                  <strong>{translate("fulfilment.home.toPack", { n: dashboard.toPack })}</strong>
                </p>
                <Link className="button" to={link("/manage/orders?filter=to_pack")}>
                  {t.fulfilment.home.toPackOpen}
                </Link>
              </li>
            ) : null}
            {dashboard.transfersToConfirm ? (
              <li>
                <p>
                  <strong>
                    {translate("fulfilment.home.transfers", { n: dashboard.transfersToConfirm })}
                  </strong>
                </p>
                <Link className="button secondary" to={link("/manage/orders?filter=awaiting_payment")}>
                  {t.fulfilment.home.transfersOpen}
                </Link>
              </li>
            ) : null}
          </ul>
        </Panel>
      ) : null}

      {dashboard.needsChanges.length ? (
        <Panel id="needs-changes" title={t.manage.home.needsChanges}>
          <ul className="todo-list">
            {dashboard.needsChanges.map((p) => (
              <li key={p.id}>
                <p>
                  <strong>{p.name}</strong>{" "}
                  <StatusBadge status={p.status} label={t.manage.status[p.status]} />
                </p>
                <p>
                  {p.reason ? translate("manage.home.reason", { reason: p.reason }) : t.manage.home.noReason}
                </p>
                <Link className="button secondary" to={link(`/manage/products/${p.id}`)}>
                  {t.manage.home.fix}
                </Link>
              </li>
            ))}
          </ul>
        </Panel>
      ) : null}

      {dashboard.certificates.length ? (
        <Panel id="certificates" title={t.manage.home.certificates}>
          <ul className="todo-list">
            {dashboard.certificates.map((c) => (
              <li key={c.id} className={c.state === "expired" ? "todo-danger" : "todo-warn"}>
                <p>
                  <strong>{c.name}</strong>
                </p>
                <p>
                  {c.state === "expired"
                    ? translate("manage.home.expiredOn", { date: formatDate(c.expiresOn, locale) })
                    : translate("manage.home.expiresIn", {
                        date: formatDate(c.expiresOn, locale),
                        days: c.daysLeft,
                      })}
                </p>
                <Link className="button secondary" to={link(`/manage/products/${c.id}/certificate`)}>
                  {t.manage.home.renew}
                </Link>
              </li>
            ))}
          </ul>
        </Panel>
      ) : null}

      {dashboard.drafts.length ? (
        <Panel id="drafts" title={t.manage.home.drafts}>
          <ul className="todo-list">
            {dashboard.drafts.map((d) => (
              <li key={d.id}>
                <p>
                  <strong>{d.name}</strong>
                </p>
                <p className={d.hasCertificate ? undefined : "hint"}>
                  {d.hasCertificate ? t.manage.home.draftReady : t.manage.home.draftNoCertificate}
                </p>
                <Link className="button secondary" to={link(`/manage/products/${d.id}`)}>
                  {t.manage.home.open}
                </Link>
              </li>
            ))}
          </ul>
        </Panel>
      ) : null}

      {dashboard.waitingRelease.length ? (
        <Panel id="waiting-release" title={t.batches.home.waiting}>
          <ul className="todo-list">
            {dashboard.waitingRelease.map((b) => (
              <li key={b.id}>
                <p>
                  <strong>
                    {translate("batches.home.waitingItem", { lot: b.lot, product: b.productName })}
                  </strong>
                </p>
                <Link className="button secondary" to={link(`/manage/batches/${b.id}`)}>
                  {t.batches.home.open}
                </Link>
              </li>
            ))}
          </ul>
        </Panel>
      ) : null}

      <Panel id="counts" title={t.manage.home.counts}>
        <ul className="count-list">
          {listingStatuses.map((s) => (
            <li key={s}>
              <StatusBadge status={s} label={t.manage.status[s]} /> <strong>{dashboard.counts[s]}</strong>
            </li>
          ))}
        </ul>
        <p>
          <Link to={link("/manage/products")}>{t.manage.nav.products}</Link>
        </p>
      </Panel>

      <Panel id="messages" title={t.manage.home.latestMessages}>
        {messages.length ? (
          <ul className="message-list">
            {messages.map((m) => (
              <li key={m.id} className={m.unread ? "unread" : undefined}>
                <p>
                  {m.unread ? <span className="badge badge-count">{t.messages.unread}</span> : null} {m.text}
                </p>
                <p className="hint">{formatDateTime(m.createdAt, locale)}</p>
              </li>
            ))}
          </ul>
        ) : (
          <p>{t.manage.home.noMessages}</p>
        )}
        <p>
          <Link to={link("/manage/inbox")}>{t.manage.home.allMessages}</Link>
        </p>
      </Panel>
    </section>
  );
}
