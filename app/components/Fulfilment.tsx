import { Form } from "@remix-run/react";
import { formatDate, formatVnd } from "~/utils/format";
import { useLocale, useT, useTranslate } from "~/utils/i18n";
import { ErrorSummary, Field } from "./Field";

/**
 * Pieces shared by the cooperative's order pages and the admin's transfer page (presentational
 * only): the transfer confirmation form, the statement upload and its report.
 */

/** A failed form as the actions return it (see FormFailure in utils/http.server). */
export interface FormFailureView {
  formError: string | null;
  formErrorParams: Record<string, string | number>;
  fieldErrors: Record<string, string>;
  values: Record<string, string>;
}

/** Error parameters as a reader expects them: amounts of đồng with their thousands marks. */
export function useErrorParams() {
  const locale = useLocale();
  const t = useT();
  const number = new Intl.NumberFormat(locale === "vi" ? "vi-VN" : "en-GB");
  return (params: Record<string, string | number> = {}) =>
    Object.fromEntries(
      Object.entries(params).map(([k, v]) => {
        if (typeof v === "number") return [k, number.format(v)];
        if (k === "status" && v in t.fulfilment.shipmentStatus) {
          return [k, t.fulfilment.shipmentStatus[v as keyof typeof t.fulfilment.shipmentStatus]];
        }
        return [k, v];
      }),
    );
}

/** The seller's "money received" form: one amount, prefilled with the order total. */
export function ConfirmTransferForm({
  orderId,
  code,
  totalVnd,
  account,
  failure,
  idPrefix = "transfer",
}: {
  orderId: string;
  code: string;
  totalVnd: number;
  /** The receiving account as shown to the buyer, e.g. "Vietcombank 1234567890 (HTX THANH TAM)". */
  account: string;
  /** The failure of this form, if the last submission was this one. */
  failure: FormFailureView | null;
  /** Keeps ids unique when one page lists several orders. */
  idPrefix?: string;
}) {
  const t = useT();
  const translate = useTranslate();
  const locale = useLocale();
  const params = useErrorParams();
  const fieldId = `${idPrefix}-amount`;
  const amountError = failure?.fieldErrors.receivedVnd
    ? translate(failure.fieldErrors.receivedVnd, params(failure.formErrorParams))
    : null;
  const formError =
    failure?.formError && !amountError ? translate(failure.formError, params(failure.formErrorParams)) : null;
  const prefill = new Intl.NumberFormat("vi-VN").format(totalVnd);
  return (
    <Form method="post" className="stack" noValidate>
      <ErrorSummary
        message={formError}
        errors={amountError ? [{ fieldId, label: t.fulfilment.transfer.amount, message: amountError }] : []}
      />
      <p>{translate("fulfilment.transfer.intro", { account, code })}</p>
      <input type="hidden" name="intent" value="confirm" />
      <input type="hidden" name="orderId" value={orderId} />
      <Field
        id={fieldId}
        name="receivedVnd"
        label={t.fulfilment.transfer.amount}
        hint={translate("fulfilment.transfer.amountHint", { total: formatVnd(totalVnd, locale) })}
        error={amountError}
        inputMode="numeric"
        autoComplete="off"
        required
        defaultValue={failure?.values.receivedVnd ?? prefill}
      />
      <button type="submit" className="button block">
        {t.fulfilment.transfer.submit}
      </button>
    </Form>
  );
}

/** The statement upload form (multipart, so it works without JavaScript). */
export function StatementUploadForm({ platform = false }: { platform?: boolean }) {
  const t = useT();
  const s = t.fulfilment.statement;
  return (
    <Form method="post" encType="multipart/form-data" className="stack">
      <p>{platform ? s.introPlatform : s.intro}</p>
      <p className="hint">{s.columns}</p>
      <details>
        <summary>{s.example}</summary>
        <pre className="statement-example">
          {
            "Ngày;Số tham chiếu;Nội dung;Số tiền\n21/11/2026;FT2632514;NGUYEN VAN A CK DH261121K7QMXA;150.000\n21/11/2026;FT2632515;Phi SMS;-11.000"
          }
        </pre>
      </details>
      <input type="hidden" name="intent" value="statement" />
      <Field
        id="statement-file"
        name="file"
        type="file"
        accept=".csv,text/csv"
        label={s.file}
        hint={s.fileHint}
        required
      />
      <button type="submit" className="button block">
        {s.submit}
      </button>
    </Form>
  );
}

export interface StatementIssueView {
  line: number;
  messageKey: string;
  params?: Record<string, string | number>;
}

/** Why a statement file was refused, line by line. */
export function StatementIssues({
  message,
  issues,
}: {
  message: string | null;
  issues: StatementIssueView[];
}) {
  const t = useT();
  const translate = useTranslate();
  return (
    <div className="form-error" role="alert">
      <p className="form-error-message">
        {message ? translate(message) : t.fulfilment.statement.issuesTitle}
      </p>
      {issues.length ? (
        <ul>
          {issues.map((i) => (
            <li key={`${i.line}-${i.messageKey}`}>
              {translate("fulfilment.statement.issueLine", {
                line: i.line,
                message: translate(i.messageKey, i.params),
              })}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

export interface StatementReportView {
  lines: number;
  counts: Record<string, number>;
  rows: {
    line: number;
    date: string | null;
    description: string;
    amountVnd: number | null;
    code: string | null;
    outcome: keyof ReturnType<typeof useT>["fulfilment"]["statement"]["outcomes"];
    orderTotalVnd: number | null;
    appliedVnd: number | null;
  }[];
}

/** What the import did with each line of the statement. */
export function StatementReport({ report }: { report: StatementReportView }) {
  const t = useT();
  const translate = useTranslate();
  const locale = useLocale();
  const s = t.fulfilment.statement;
  const outcomes = Object.keys(s.outcomes) as (keyof typeof s.outcomes)[];
  return (
    <section className="card stack" aria-labelledby="statement-report" role="status">
      <h2 id="statement-report">{s.report}</h2>
      <p>{translate("fulfilment.statement.summary", { lines: report.lines })}</p>
      <ul className="count-list">
        {outcomes
          .filter((o) => (report.counts[o] ?? 0) > 0)
          .map((o) => (
            <li key={o}>
              <span className={`badge badge-outcome-${o.replaceAll("_", "-")}`}>{s.outcomes[o]}</span>{" "}
              <strong>{report.counts[o]}</strong>
            </li>
          ))}
      </ul>
      <div className="table-scroll">
        <table className="table-cards">
          <thead>
            <tr>
              <th scope="col">{s.colLine}</th>
              <th scope="col">{s.colDate}</th>
              <th scope="col">{s.colDescription}</th>
              <th scope="col">{s.colAmount}</th>
              <th scope="col">{s.colCode}</th>
              <th scope="col">{s.colResult}</th>
            </tr>
          </thead>
          <tbody>
            {report.rows.map((r) => (
              <tr key={`${r.line}-${r.code ?? ""}`}>
                <th scope="row" data-label={s.colLine}>
                  {r.line}
                </th>
                <td data-label={s.colDate}>{r.date ?? ""}</td>
                <td data-label={s.colDescription} className="statement-description">
                  {r.description}
                </td>
                <td data-label={s.colAmount}>{r.amountVnd === null ? "" : formatVnd(r.amountVnd, locale)}</td>
                <td data-label={s.colCode}>{r.code ?? ""}</td>
                <td data-label={s.colResult}>
                  <span className={`badge badge-outcome-${r.outcome.replaceAll("_", "-")}`}>
                    {s.outcomes[r.outcome]}
                  </span>
                  {r.outcome === "amount_short" && r.orderTotalVnd !== null ? (
                    <span className="hint block">
                      {translate("fulfilment.statement.shortDetail", {
                        applied: formatVnd(r.appliedVnd ?? 0, locale),
                        total: formatVnd(r.orderTotalVnd, locale),
                      })}
                    </span>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** "21/11/2026" for a list; the time of day matters only on the order's own page. */
export function OrderDate({ value }: { value: Date | string }) {
  const locale = useLocale();
  return <time dateTime={new Date(value).toISOString()}>{formatDate(value, locale)}</time>;
}
