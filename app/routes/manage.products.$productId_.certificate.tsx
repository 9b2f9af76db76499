import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ErrorSummary, Field, FieldShell } from "~/components/Field";
import { Panel, withCoop } from "~/components/ManageUi";
import { addCertificateClaim } from "~/domain/listings/certificates.server";
import { certificateState, daysUntil, ocopGroups } from "~/domain/listings/ocop";
import { getManagedProduct } from "~/domain/listings/products.server";
import { fileUrl } from "~/domain/storage/keys";
import { MAX_EVIDENCE_BYTES } from "~/domain/storage/sniff";
import { formatDate, todayInVietnam } from "~/utils/format";
import { rethrowAsHttp, runForm } from "~/utils/http.server";
import { useFieldErrors, useLocale, useT, useTranslate } from "~/utils/i18n";
import { readUpload, requireManager } from "~/utils/manage.server";
import { messagesFromMatches } from "~/utils/meta";
import { flashHeaders } from "~/utils/session.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const t = messagesFromMatches(matches);
  return [{ title: `${t.manage.certificate.title}: ${data?.product.name ?? ""} · ${t.common.appName}` }];
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireManager(request);
  const { product, cooperative, certificates } = await getManagedProduct(user, params.productId ?? "").catch(
    rethrowAsHttp,
  );
  if (product.status === "archived") {
    throw redirect(withCoop(`/manage/products/${product.id}`, cooperative.slug));
  }
  const today = todayInVietnam();
  const [current, ...history] = certificates;
  return {
    coopSlug: cooperative.slug,
    today,
    product: { id: product.id, name: product.name, status: product.status },
    current: current
      ? {
          stars: current.stars,
          score: current.score,
          decisionNo: current.decisionNo,
          decisionDate: current.decisionDate,
          authority: current.authority,
          expiresOn: current.expiresOn,
          approvedAt: current.approvedAt,
          state: certificateState(current.expiresOn, today),
          daysLeft: daysUntil(current.expiresOn, today),
          evidenceUrl: current.evidenceKey ? fileUrl(current.evidenceKey) : null,
        }
      : null,
    history: history.map((c) => ({
      id: c.id,
      stars: c.stars,
      decisionNo: c.decisionNo,
      decisionDate: c.decisionDate,
    })),
    // A correction usually changes one field: start from the current claim.
    formValues: {
      stars: current ? String(current.stars) : "",
      score: current ? String(current.score) : "",
      decisionNo: current?.decisionNo ?? "",
      decisionDate: current?.decisionDate ?? "",
      authority: current?.authority ?? "",
      ocopGroup: product.ocopGroup,
    } as Record<string, string>,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireManager(request);
  const productId = params.productId ?? "";
  const upload = await readUpload(request, { maxFileBytes: MAX_EVIDENCE_BYTES, maxFiles: 1 });
  if (!upload.ok) return upload.failure;
  const { values, files } = upload.form;
  const result = await runForm(values, () =>
    addCertificateClaim(user, productId, values, files.evidence?.[0] ?? null),
  );
  if (!result.ok) return result.failure;
  const coop = new URL(request.url).searchParams.get("coop");
  throw redirect(withCoop(`/manage/products/${productId}`, coop), {
    headers: await flashHeaders(
      request,
      "success",
      result.value.statusChanged ? "manage.flash.certificateSavedToReview" : "manage.flash.certificateSaved",
    ),
  });
}

const fields = [
  "stars",
  "score",
  "decisionNo",
  "decisionDate",
  "authority",
  "ocopGroup",
  "evidence",
] as const;

export default function ProductCertificate() {
  const t = useT();
  const translate = useTranslate();
  const locale = useLocale();
  const { coopSlug, today, product, current, history, formValues } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const c = t.manage.certificate;
  const values = failure?.values ?? formValues;
  const errorOf = useFieldErrors(failure?.fieldErrors);
  const labels: Record<(typeof fields)[number], string> = {
    stars: c.stars,
    score: c.score,
    decisionNo: c.decisionNo,
    decisionDate: c.decisionDate,
    authority: c.authority,
    ocopGroup: c.group,
    evidence: c.evidence,
  };
  const summary = fields.flatMap((field) => {
    const message = errorOf(field);
    return message ? [{ fieldId: field, label: labels[field], message }] : [];
  });
  return (
    <section className="narrow stack">
      <p>
        <Link to={withCoop(`/manage/products/${product.id}`, coopSlug)}>← {product.name}</Link>
      </p>
      <h1>{c.title}</h1>
      <p className="hint">{translate("manage.certificate.of", { name: product.name })}</p>

      {current ? (
        <Panel id="current" title={c.current}>
          <dl className="details">
            <dt>{c.stars}</dt>
            <dd>{translate("manage.certificate.starsOption", { n: current.stars })}</dd>
            <dt>{c.score}</dt>
            <dd>{current.score}</dd>
            <dt>{c.decisionNo}</dt>
            <dd>{current.decisionNo}</dd>
            <dt>{c.decisionDate}</dt>
            <dd>{formatDate(current.decisionDate, locale)}</dd>
            <dt>{c.authority}</dt>
            <dd>{current.authority}</dd>
            <dt>{c.expiresOn}</dt>
            <dd>{formatDate(current.expiresOn, locale)}</dd>
          </dl>
          <p className={current.approvedAt ? undefined : "hint"}>
            {current.approvedAt
              ? translate("manage.certificate.approved", { date: formatDate(current.approvedAt, locale) })
              : c.notApproved}
          </p>
          {current.state === "expiring" ? (
            <p className="notice-warn">
              {translate("manage.certificate.expiring", { days: current.daysLeft })}
            </p>
          ) : current.state === "expired" ? (
            <p className="form-error">{c.expired}</p>
          ) : null}
          {current.evidenceUrl ? (
            <p>
              <a href={current.evidenceUrl} target="_blank" rel="noreferrer">
                {c.viewEvidence}
              </a>
            </p>
          ) : null}
        </Panel>
      ) : null}

      <Panel id="claim" title={current ? c.formTitleAgain : c.formTitle}>
        {product.status === "approved" ? <p className="notice-warn">{c.reviewWarning}</p> : null}
        <Form method="post" encType="multipart/form-data" className="stack" noValidate>
          <ErrorSummary
            message={failure?.formError ? translate(failure.formError, failure.formErrorParams) : null}
            errors={summary}
          />
          <FieldShell id="stars" label={c.stars} error={errorOf("stars")}>
            {(control) => (
              <select name="stars" defaultValue={values.stars ?? ""} required {...control}>
                <option value="" disabled>
                  {c.stars}
                </option>
                {[3, 4, 5].map((n) => (
                  <option key={n} value={n}>
                    {translate("manage.certificate.starsOption", { n })}
                  </option>
                ))}
              </select>
            )}
          </FieldShell>
          <Field
            name="score"
            label={c.score}
            hint={c.scoreHint}
            error={errorOf("score")}
            defaultValue={values.score ?? ""}
            inputMode="numeric"
            autoComplete="off"
            maxLength={3}
            required
          />
          <Field
            name="decisionNo"
            label={c.decisionNo}
            hint={c.decisionNoHint}
            error={errorOf("decisionNo")}
            defaultValue={values.decisionNo ?? ""}
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            maxLength={40}
            required
          />
          <Field
            name="decisionDate"
            type="date"
            label={c.decisionDate}
            hint={c.decisionDateHint}
            error={errorOf("decisionDate")}
            defaultValue={values.decisionDate ?? ""}
            max={today}
            required
          />
          <Field
            name="authority"
            label={c.authority}
            hint={c.authorityHint}
            error={errorOf("authority")}
            defaultValue={values.authority ?? ""}
            maxLength={200}
            required
          />
          <FieldShell id="ocopGroup" label={c.group} hint={c.groupHint} error={errorOf("ocopGroup")}>
            {(control) => (
              <select name="ocopGroup" defaultValue={values.ocopGroup ?? ""} required {...control}>
                {ocopGroups.map((g) => (
                  <option key={g} value={g}>
                    {t.manage.groups[g]}
                  </option>
                ))}
              </select>
            )}
          </FieldShell>
          <Field
            name="evidence"
            type="file"
            label={c.evidence}
            hint={current?.evidenceUrl ? `${c.evidenceHint} ${c.evidenceKeep}` : c.evidenceHint}
            error={errorOf("evidence")}
            accept="image/jpeg,image/png,image/webp,application/pdf"
            required={!current?.evidenceUrl}
          />
          <button type="submit" className="button block" disabled={busy}>
            {c.submit}
          </button>
        </Form>
      </Panel>

      {history.length ? (
        <Panel id="history" title={c.history}>
          <ul>
            {history.map((h) => (
              <li key={h.id}>
                {translate("manage.certificate.historyItem", {
                  stars: h.stars,
                  decisionNo: h.decisionNo,
                  date: formatDate(h.decisionDate, locale),
                })}
              </li>
            ))}
          </ul>
        </Panel>
      ) : null}
    </section>
  );
}
