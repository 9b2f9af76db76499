import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, NavLink, Outlet, useLoaderData, useLocation } from "@remix-run/react";
import { RouteErrorBoundary } from "~/components/ErrorPage";
import { withCoop } from "~/components/ManageUi";
import { countUnread } from "~/domain/messaging/outbox.server";
import { countSellerShipments } from "~/domain/orders/read.server";
import { useT, useTranslate } from "~/utils/i18n";
import { requireWorkingCooperative } from "~/utils/manage.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, current, choices } = await requireWorkingCooperative(request);
  const [unread, toPack] = await Promise.all([
    countUnread(user.id),
    current ? countSellerShipments(user, "to_pack", current.id) : 0,
  ]);
  return {
    current: current ? { slug: current.slug, name: current.name } : null,
    choices: choices.map((c) => ({ slug: c.slug, name: c.name })),
    unread,
    toPack,
  };
}

/** Pages that list the working cooperative's records; elsewhere a new choice starts at the home page. */
const COOP_PAGES = new Set([
  "/manage",
  "/manage/products",
  "/manage/products/new",
  "/manage/batches",
  "/manage/batches/new",
  "/manage/profile",
  "/manage/orders",
  "/manage/orders/statement",
]);

export default function ManageLayout() {
  const t = useT();
  const translate = useTranslate();
  const { current, choices, unread, toPack } = useLoaderData<typeof loader>();
  const { pathname } = useLocation();
  const slug = current?.slug;
  const pickerTarget = COOP_PAGES.has(pathname.replace(/\/$/, "")) ? pathname : "/manage";
  return (
    <div className="back-office">
      <nav aria-label={t.manage.nav.label} className="tabs">
        <NavLink to={withCoop("/manage", slug)} end>
          {t.manage.nav.home}
        </NavLink>
        <NavLink to={withCoop("/manage/orders", slug)}>
          {t.fulfilment.nav}
          {toPack > 0 ? (
            <>
              {" "}
              <span className="badge badge-count">{translate("fulfilment.navToPack", { n: toPack })}</span>
            </>
          ) : null}
        </NavLink>
        <NavLink to={withCoop("/manage/products", slug)}>{t.manage.nav.products}</NavLink>
        <NavLink to={withCoop("/manage/batches", slug)}>{t.batches.nav}</NavLink>
        <NavLink to={withCoop("/manage/profile", slug)}>{t.manage.nav.profile}</NavLink>
        <NavLink to={withCoop("/manage/inbox", slug)}>
          {t.manage.nav.inbox}
          {unread > 0 ? (
            <>
              {" "}
              <span className="badge badge-count">{translate("manage.nav.unread", { n: unread })}</span>
            </>
          ) : null}
        </NavLink>
      </nav>
      {choices.length > 1 ? (
        <Form method="get" action={pickerTarget} className="coop-picker">
          <label htmlFor="coop-picker">{t.manage.picker.label}</label>
          <div className="inline-field">
            <select id="coop-picker" name="coop" defaultValue={slug}>
              {choices.map((c) => (
                <option key={c.slug} value={c.slug}>
                  {c.name}
                </option>
              ))}
            </select>
            <button type="submit" className="button secondary">
              {t.manage.picker.submit}
            </button>
          </div>
        </Form>
      ) : current ? (
        <p className="coop-name">{current.name}</p>
      ) : null}
      <Outlet />
    </div>
  );
}

export function ErrorBoundary() {
  return <RouteErrorBoundary detailPrefix="manage." />;
}
