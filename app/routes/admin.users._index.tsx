import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { FieldShell } from "~/components/Field";
import { searchUsers } from "~/domain/accounts/admin.server";
import { requireRole } from "~/utils/auth.server";
import { httpError, rethrowAsHttp } from "~/utils/http.server";
import { useT, useTranslate } from "~/utils/i18n";
import { messagesFromMatches } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => {
  const t = messagesFromMatches(matches);
  return [{ title: `${t.admin.users.heading} · ${t.admin.title} · ${t.common.appName}` }];
};

const UserQuery = z.object({
  q: z.string().max(100).default(""),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "admin");
  const url = new URL(request.url);
  const parsed = UserQuery.safeParse(Object.fromEntries([...url.searchParams].filter(([, v]) => v !== "")));
  if (!parsed.success) httpError(400, "admin.errors.badFilter");
  const result = await searchUsers(user, parsed.data).catch(rethrowAsHttp);
  return {
    q: parsed.data.q,
    page: result.page,
    pageCount: result.pageCount,
    total: result.total,
    users: result.items.map((u) => ({
      id: u.id,
      name: u.name,
      contact: [u.email, u.phone].filter(Boolean).join(" · "),
      disabled: u.disabled,
      roles: u.roles,
    })),
  };
}

export default function AdminUsers() {
  const t = useT();
  const translate = useTranslate();
  const { q, page, pageCount, total, users } = useLoaderData<typeof loader>();
  const u = t.admin.users;
  const pageLink = (p: number) => `?${new URLSearchParams({ ...(q ? { q } : {}), page: String(p) })}`;
  return (
    <section className="stack">
      <h1>{u.heading}</h1>
      <Form method="get" role="search" aria-label={u.search} className="filters">
        <FieldShell id="q" label={u.q}>
          {(control) => <input name="q" type="search" defaultValue={q} {...control} />}
        </FieldShell>
        <button type="submit" className="button">
          {u.submit}
        </button>
      </Form>
      {users.length ? (
        <table className="table-cards">
          <thead>
            <tr>
              <th scope="col">{u.name}</th>
              <th scope="col">{u.contact}</th>
              <th scope="col">{u.roles}</th>
              <th scope="col">{u.status}</th>
            </tr>
          </thead>
          <tbody>
            {users.map((row) => (
              <tr key={row.id}>
                <th scope="row" data-label={u.name}>
                  <Link
                    to={`/admin/users/${row.id}`}
                    aria-label={translate("admin.users.open", { name: row.name })}
                  >
                    {row.name}
                  </Link>
                </th>
                <td data-label={u.contact}>{row.contact}</td>
                <td data-label={u.roles}>
                  {row.roles.length ? row.roles.map((r) => t.common.roles[r]).join(", ") : u.noRoles}
                </td>
                <td data-label={u.status}>
                  {row.disabled ? <span className="badge badge-rejected">{u.disabled}</span> : u.active}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>{u.none}</p>
      )}
      <nav aria-label={u.search} className="pager">
        {page > 1 ? <Link to={pageLink(page - 1)}>{u.previous}</Link> : null}
        <span>{translate("admin.users.pages", { page, pages: pageCount, total })}</span>
        {page < pageCount ? <Link to={pageLink(page + 1)}>{u.next}</Link> : null}
      </nav>
    </section>
  );
}
