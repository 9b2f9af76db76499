import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { adminOverview } from "~/domain/accounts/admin.server";
import { listingStatuses } from "~/domain/listings/state";
import { requireRole } from "~/utils/auth.server";
import { rethrowAsHttp } from "~/utils/http.server";
import { useLocale, useT } from "~/utils/i18n";
import { messagesFromMatches } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => {
  const t = messagesFromMatches(matches);
  return [{ title: `${t.admin.overview.heading} · ${t.admin.title} · ${t.common.appName}` }];
};

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "admin");
  const overview = await adminOverview(user).catch(rethrowAsHttp);
  return {
    counts: {
      users: overview.users,
      disabledUsers: overview.disabledUsers,
      cooperatives: overview.cooperatives,
      regionsCurrent: overview.regions.current,
      regionsLegacy: overview.regions.legacy,
      reviewers: overview.people.reviewer ?? 0,
      managers: overview.people.manager ?? 0,
      admins: overview.people.admin ?? 0,
    },
    products: listingStatuses.map((s) => ({ status: s, n: overview.productsByStatus[s] ?? 0 })),
  };
}

export default function AdminHome() {
  const t = useT();
  const locale = useLocale();
  const { counts, products } = useLoaderData<typeof loader>();
  const number = (n: number) => new Intl.NumberFormat(locale === "vi" ? "vi-VN" : "en-GB").format(n);
  const o = t.admin.overview;
  return (
    <section className="stack">
      <h1>{o.heading}</h1>
      <dl className="stat-grid">
        {(Object.keys(counts) as Array<keyof typeof counts>).map((key) => (
          <div key={key} className="card">
            <dt>{o[key]}</dt>
            <dd>{number(counts[key])}</dd>
          </div>
        ))}
      </dl>
      <h2>{o.products}</h2>
      <dl className="stat-grid">
        {products.map((p) => (
          <div key={p.status} className="card">
            <dt>{t.review.statuses[p.status]}</dt>
            <dd>{number(p.n)}</dd>
          </div>
        ))}
      </dl>
      <h2>{o.links}</h2>
      <ul className="link-list">
        <li>
          <Link to="/admin/users">{t.admin.nav.users}</Link>
        </li>
        <li>
          <Link to="/admin/regions">{t.admin.nav.regions}</Link>
        </li>
        <li>
          <Link to="/admin/audit">{t.admin.nav.audit}</Link>
        </li>
      </ul>
    </section>
  );
}
