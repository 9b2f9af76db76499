import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary, Field } from "~/components/Field";
import { listAuditLog } from "~/domain/accounts/admin.server";
import { requireRole } from "~/utils/auth.server";
import { formatDateTime } from "~/utils/format";
import { parseWith } from "~/utils/forms";
import { rethrowAsHttp } from "~/utils/http.server";
import { useLocale, useT, useTranslate } from "~/utils/i18n";
import { messagesFromMatches } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => {
  const t = messagesFromMatches(matches);
  return [{ title: `${t.admin.audit.heading} · ${t.admin.title} · ${t.common.appName}` }];
};

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "admin.audit.errors.date")
  .refine(
    (v) =>
      !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v),
    "admin.audit.errors.date",
  )
  .optional();
const AuditQuery = z
  .object({
    who: z.string().max(100, "validation.invalid").optional(),
    action: z.string().max(100, "validation.invalid").optional(),
    from: isoDate,
    to: isoDate,
    page: z.coerce.number().int().min(1).max(100_000).default(1),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: "admin.audit.errors.range", path: ["to"] });

const DATA_PREVIEW = 300;

export async function loader({ request }: LoaderFunctionArgs) {
  const admin = await requireRole(request, "admin");
  const url = new URL(request.url);
  const raw = Object.fromEntries([...url.searchParams].filter(([, v]) => v.trim() !== ""));
  const typed = { who: raw.who ?? "", action: raw.action ?? "", from: raw.from ?? "", to: raw.to ?? "" };
  const parsed = parseWith(AuditQuery, raw);
  if (!parsed.ok) {
    return data(
      { filters: typed, fieldErrors: parsed.error.fieldErrors, page: 1, pageCount: 1, total: 0, entries: [] },
      { status: 400 },
    );
  }
  const log = await listAuditLog(admin, parsed.data).catch(rethrowAsHttp);
  return {
    filters: typed,
    fieldErrors: {} as Record<string, string>,
    page: log.page,
    pageCount: log.pageCount,
    total: log.total,
    entries: log.items.map((e) => {
      const details = JSON.stringify(e.data);
      return {
        id: e.id,
        at: e.at,
        action: e.action,
        entity: e.entityId ? `${e.entityType} ${e.entityId}` : e.entityType,
        actor: e.actorName ? `${e.actorName}${e.actorEmail ? ` <${e.actorEmail}>` : ""}` : null,
        actorId: e.actorId,
        details:
          details === "{}"
            ? ""
            : details.length > DATA_PREVIEW
              ? `${details.slice(0, DATA_PREVIEW)}…`
              : details,
      };
    }),
  };
}

export default function AdminAudit() {
  const t = useT();
  const translate = useTranslate();
  const locale = useLocale();
  const { filters, fieldErrors, page, pageCount, total, entries } = useLoaderData<typeof loader>();
  const a = t.admin.audit;
  const errorOf = (field: string) => (fieldErrors[field] ? translate(fieldErrors[field]) : null);
  const labels: Record<string, string> = { who: a.who, action: a.action, from: a.from, to: a.to };
  const summary = Object.keys(labels).flatMap((field) => {
    const message = errorOf(field);
    return message ? [{ fieldId: field, label: labels[field] ?? field, message }] : [];
  });
  const active = Object.fromEntries(Object.entries(filters).filter(([, v]) => v));
  const pageLink = (p: number) => `?${new URLSearchParams({ ...active, page: String(p) })}`;
  return (
    <section className="stack">
      <h1>{a.heading}</h1>
      <p>{a.intro}</p>
      <section aria-labelledby="audit-filters" className="card">
        <h2 id="audit-filters">{a.filters}</h2>
        <ErrorSummary
          message={summary.length ? translate("validation.formSummary") : null}
          errors={summary}
        />
        <Form method="get" className="filters">
          <Field
            name="who"
            label={a.who}
            hint={a.whoHint}
            defaultValue={filters.who}
            error={errorOf("who")}
          />
          <Field
            name="action"
            label={a.action}
            hint={a.actionHint}
            defaultValue={filters.action}
            error={errorOf("action")}
          />
          <Field name="from" type="date" label={a.from} defaultValue={filters.from} error={errorOf("from")} />
          <Field name="to" type="date" label={a.to} defaultValue={filters.to} error={errorOf("to")} />
          <div className="actions">
            <button type="submit" className="button">
              {a.submit}
            </button>
            {Object.keys(active).length ? (
              <Link to="/admin/audit" className="button secondary">
                {a.clear}
              </Link>
            ) : null}
          </div>
        </Form>
      </section>
      {entries.length ? (
        <table className="table-cards audit-table">
          <thead>
            <tr>
              <th scope="col">{a.at}</th>
              <th scope="col">{a.actor}</th>
              <th scope="col">{a.action}</th>
              <th scope="col">{a.entity}</th>
              <th scope="col">{a.details}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.id}>
                <td data-label={a.at}>{formatDateTime(e.at, locale)}</td>
                <td data-label={a.actor}>
                  {e.actorId && e.actor ? (
                    <Link to={`/admin/users/${e.actorId}`}>{e.actor}</Link>
                  ) : (
                    (e.actor ?? a.system)
                  )}
                </td>
                <td data-label={a.action}>
                  <code>{e.action}</code>
                </td>
                <td data-label={a.entity}>
                  <code>{e.entity}</code>
                </td>
                <td data-label={a.details}>
                  <code className="wrap">{e.details}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>{a.none}</p>
      )}
      <nav aria-label={a.filters} className="pager">
        {page > 1 ? <Link to={pageLink(page - 1)}>{a.previous}</Link> : null}
        <span>{translate("admin.audit.pages", { page, pages: pageCount, total })}</span>
        {page < pageCount ? <Link to={pageLink(page + 1)}>{a.next}</Link> : null}
      </nav>
    </section>
  );
}
