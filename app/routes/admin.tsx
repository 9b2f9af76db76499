import type { LoaderFunctionArgs } from "@remix-run/node";
import { isRouteErrorResponse, NavLink, Outlet, useRouteError } from "@remix-run/react";
import { ErrorPage } from "~/components/ErrorPage";
import { requireRole } from "~/utils/auth.server";
import { useT, useTranslate } from "~/utils/i18n";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  return null;
}

export default function AdminLayout() {
  const t = useT();
  return (
    <div className="back-office">
      <nav aria-label={t.admin.nav.label} className="tabs">
        <NavLink to="/admin" end>
          {t.admin.nav.overview}
        </NavLink>
        <NavLink to="/admin/regions">{t.admin.nav.regions}</NavLink>
        <NavLink to="/admin/users">{t.admin.nav.users}</NavLink>
        <NavLink to="/admin/audit">{t.admin.nav.audit}</NavLink>
      </nav>
      <Outlet />
    </div>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const translate = useTranslate();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const key = isRouteErrorResponse(error) ? (error.data as { messageKey?: string | null })?.messageKey : null;
  if (!isRouteErrorResponse(error)) console.error(error);
  return (
    <>
      <ErrorPage status={status} />
      {key?.startsWith("admin.") ? (
        <p className="notice-warn error-detail" role="alert">
          {translate(key)}
        </p>
      ) : null}
    </>
  );
}
