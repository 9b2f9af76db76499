import type { LoaderFunctionArgs } from "@remix-run/node";
import { NavLink, Outlet } from "@remix-run/react";
import { RouteErrorBoundary } from "~/components/ErrorPage";
import { requireRole } from "~/utils/auth.server";
import { useT } from "~/utils/i18n";

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
        <NavLink to="/admin/transfers">{t.fulfilment.admin.nav}</NavLink>
        <NavLink to="/admin/audit">{t.admin.nav.audit}</NavLink>
      </nav>
      <Outlet />
    </div>
  );
}

export function ErrorBoundary() {
  return <RouteErrorBoundary detailPrefix="admin." />;
}
