import type { LoaderFunctionArgs } from "@remix-run/node";
import { NavLink, Outlet, useLoaderData } from "@remix-run/react";
import { RouteErrorBoundary } from "~/components/ErrorPage";
import { reviewAreaNames } from "~/domain/listings/review.server";
import { requireRole } from "~/utils/auth.server";
import { useT, useTranslate } from "~/utils/i18n";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "reviewer");
  const areas = await reviewAreaNames(user);
  return { areas: areas.map((a) => ({ name: a.name, level: a.level, legacy: a.scheme === "legacy" })) };
}

export default function ReviewLayout() {
  const t = useT();
  const translate = useTranslate();
  const { areas } = useLoaderData<typeof loader>();
  const areaText = areas
    .map((a) => `${a.name} (${t.review.levels[a.level]}${a.legacy ? `, ${t.review.legacyMark}` : ""})`)
    .join("; ");
  return (
    <div className="back-office">
      <nav aria-label={t.review.nav.label} className="tabs">
        <NavLink to="/review" end>
          {t.review.nav.queue}
        </NavLink>
        <NavLink to="/review/figures">{t.review.nav.figures}</NavLink>
      </nav>
      {areas.length ? (
        <p className="hint">{translate("review.areas", { areas: areaText })}</p>
      ) : (
        <p className="notice-warn">{t.review.noArea}</p>
      )}
      <Outlet />
    </div>
  );
}

export function ErrorBoundary() {
  return <RouteErrorBoundary detailPrefix="review." />;
}
