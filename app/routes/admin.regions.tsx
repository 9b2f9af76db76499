import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  MaxPartSizeExceededError,
  type MetaFunction,
  redirect,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { FieldShell } from "~/components/Field";
import { REGION_CSV_EXAMPLE, type RegionImportIssue } from "~/domain/regions/import";
import { importRegionsCsv, listRegions } from "~/domain/regions/import.server";
import { requireRole } from "~/utils/auth.server";
import { httpError, rethrowAsHttp } from "~/utils/http.server";
import { useLocale, useT, useTranslate } from "~/utils/i18n";
import { messagesFromMatches } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => {
  const t = messagesFromMatches(matches);
  return [{ title: `${t.admin.regions.heading} · ${t.admin.title} · ${t.common.appName}` }];
};

const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;
const SHOWN_ISSUES = 200;

const RegionQuery = z.object({
  scheme: z.enum(["current", "legacy"]).optional(),
  level: z.enum(["province", "district", "commune"]).optional(),
  q: z.string().max(100).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  inserted: z.coerce.number().int().min(0).optional(),
  updated: z.coerce.number().int().min(0).optional(),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "admin");
  const url = new URL(request.url);
  const raw = Object.fromEntries([...url.searchParams].filter(([, v]) => v !== ""));
  const parsed = RegionQuery.safeParse(raw);
  if (!parsed.success) httpError(400, "admin.errors.badFilter");
  const { inserted, updated, ...filters } = parsed.data;
  const list = await listRegions(user, filters).catch(rethrowAsHttp);
  return {
    filters: { scheme: filters.scheme ?? "", level: filters.level ?? "", q: filters.q ?? "" },
    page: list.page,
    pageCount: list.pageCount,
    total: list.total,
    totals: list.totals,
    items: list.items,
    imported: inserted !== undefined && updated !== undefined ? { inserted, updated } : null,
  };
}

type ImportFailure = {
  ok: false;
  messageKey: string | null;
  issues: RegionImportIssue[];
  issueCount: number;
};
const failure = (status: number, body: Omit<ImportFailure, "ok">) =>
  data<ImportFailure>({ ok: false, ...body }, { status });

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, "admin");
  // Refuse an oversized upload before reading it; the part limit below catches a body without a length.
  if (Number(request.headers.get("Content-Length") ?? 0) > MAX_UPLOAD_BYTES + 64 * 1024) {
    return failure(413, { messageKey: "admin.regions.errors.tooLarge", issues: [], issueCount: 0 });
  }
  let formData: FormData;
  try {
    formData = await unstable_parseMultipartFormData(
      request,
      unstable_createMemoryUploadHandler({ maxPartSize: MAX_UPLOAD_BYTES }),
    );
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) {
      return failure(413, { messageKey: "admin.regions.errors.tooLarge", issues: [], issueCount: 0 });
    }
    return failure(400, { messageKey: "admin.regions.errors.fileRequired", issues: [], issueCount: 0 });
  }
  const file = formData.get("file");
  if (!(file instanceof File) || file.size === 0) {
    return failure(400, { messageKey: "admin.regions.errors.fileRequired", issues: [], issueCount: 0 });
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(await file.arrayBuffer());
  } catch {
    return failure(400, { messageKey: "admin.regions.errors.notUtf8", issues: [], issueCount: 0 });
  }
  const outcome = await importRegionsCsv(user, text).catch(rethrowAsHttp);
  if (!outcome.ok) {
    return failure(400, {
      messageKey: null,
      issues: outcome.issues.slice(0, SHOWN_ISSUES),
      issueCount: outcome.issues.length,
    });
  }
  throw redirect(
    `/admin/regions?${new URLSearchParams({ inserted: String(outcome.inserted), updated: String(outcome.updated) })}`,
  );
}

export default function AdminRegions() {
  const t = useT();
  const translate = useTranslate();
  const locale = useLocale();
  const { filters, page, pageCount, total, totals, items, imported } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const r = t.admin.regions;
  const number = (n: number) => new Intl.NumberFormat(locale === "vi" ? "vi-VN" : "en-GB").format(n);
  const pageLink = (p: number) =>
    `?${new URLSearchParams({ ...Object.fromEntries(Object.entries(filters).filter(([, v]) => v)), page: String(p) })}`;
  const fileError = result?.messageKey ? translate(result.messageKey) : null;
  return (
    <section className="stack">
      <h1>{r.heading}</h1>
      <p>{r.intro}</p>
      {imported ? (
        <p role="status" className="flash flash-success">
          {translate("admin.regions.imported", imported)}
        </p>
      ) : null}

      <section aria-labelledby="totals-heading">
        <h2 id="totals-heading">{r.totals}</h2>
        <ul className="count-list">
          {totals.map((row) => (
            <li key={`${row.scheme}-${row.level}`}>
              {r.schemes[row.scheme]} · {r.levels[row.level]}: <strong>{number(row.n)}</strong>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="find-heading" className="card">
        <h2 id="find-heading">{r.filters}</h2>
        <Form method="get" className="filters">
          <FieldShell id="q" label={r.q} hint={r.qHint}>
            {(control) => <input name="q" type="search" defaultValue={filters.q} {...control} />}
          </FieldShell>
          <FieldShell id="scheme" label={r.scheme}>
            {(control) => (
              <select name="scheme" defaultValue={filters.scheme} {...control}>
                <option value="">{r.any}</option>
                <option value="current">{r.schemes.current}</option>
                <option value="legacy">{r.schemes.legacy}</option>
              </select>
            )}
          </FieldShell>
          <FieldShell id="level" label={r.level}>
            {(control) => (
              <select name="level" defaultValue={filters.level} {...control}>
                <option value="">{r.any}</option>
                <option value="province">{r.levels.province}</option>
                <option value="district">{r.levels.district}</option>
                <option value="commune">{r.levels.commune}</option>
              </select>
            )}
          </FieldShell>
          <button type="submit" className="button">
            {r.search}
          </button>
        </Form>
      </section>

      {items.length ? (
        <div className="table-scroll">
          <table className="table-cards">
            <thead>
              <tr>
                <th scope="col">{r.code}</th>
                <th scope="col">{r.name}</th>
                <th scope="col">{r.level}</th>
                <th scope="col">{r.scheme}</th>
                <th scope="col">{r.parent}</th>
                <th scope="col">{r.successor}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((row) => (
                <tr key={row.id}>
                  <td data-label={r.code}>{row.code}</td>
                  <th scope="row" data-label={r.name}>
                    {row.name}
                  </th>
                  <td data-label={r.level}>{r.levels[row.level]}</td>
                  <td data-label={r.scheme}>{r.schemes[row.scheme]}</td>
                  <td data-label={r.parent}>{row.parentName ?? ""}</td>
                  <td data-label={r.successor}>
                    {row.successorName ? `${row.successorName} (${row.successorCode})` : ""}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>{r.none}</p>
      )}
      <nav aria-label={r.filters} className="pager">
        {page > 1 ? <Link to={pageLink(page - 1)}>{r.previous}</Link> : null}
        <span>{translate("admin.regions.pages", { page, pages: pageCount, total: number(total) })}</span>
        {page < pageCount ? <Link to={pageLink(page + 1)}>{r.next}</Link> : null}
      </nav>

      <section aria-labelledby="import-heading" className="card stack">
        <h2 id="import-heading">{r.importHeading}</h2>
        <p>{r.importIntro}</p>
        <h3>{r.columnsHeading}</h3>
        <ul>
          {Object.values(r.columns).map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
        <h3>{r.exampleHeading}</h3>
        <pre className="example">{REGION_CSV_EXAMPLE}</pre>
        <p className="hint">{r.separatorNote}</p>
        {result && result.issueCount > 0 ? (
          <div className="form-error" role="alert">
            <p>{translate("admin.regions.issuesHeading", { count: result.issueCount })}</p>
            <ul className="issues">
              {result.issues.map((issue) => (
                <li key={`${issue.line}-${issue.messageKey}-${JSON.stringify(issue.params ?? {})}`}>
                  {translate("admin.regions.line", {
                    line: issue.line,
                    message: translate(issue.messageKey, issue.params),
                  })}
                </li>
              ))}
            </ul>
            {result.issueCount > result.issues.length ? (
              <p>
                {translate("admin.regions.moreIssues", { count: result.issueCount - result.issues.length })}
              </p>
            ) : null}
          </div>
        ) : null}
        <Form method="post" encType="multipart/form-data" className="stack">
          <FieldShell id="file" label={r.file} error={fileError}>
            {(control) => <input type="file" name="file" accept=".csv,text/csv" required {...control} />}
          </FieldShell>
          <button type="submit" className="button" disabled={busy}>
            {busy ? r.submitting : r.submit}
          </button>
        </Form>
      </section>
    </section>
  );
}
