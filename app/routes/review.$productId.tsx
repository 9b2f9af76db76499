import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary, FieldShell } from "~/components/Field";
import { DomainError, isDomainError } from "~/domain/errors";
import { certificateState, daysUntil } from "~/domain/listings/ocop";
import { REASON_MAX_LENGTH, reviewDecisions } from "~/domain/listings/review";
import { decideListing, getReviewCase } from "~/domain/listings/review.server";
import { listingStatuses } from "~/domain/listings/state";
import { formatPlace } from "~/domain/reports/place";
import { requireRole } from "~/utils/auth.server";
import { formatDate, formatDateTime, formatVnd, todayInVietnam } from "~/utils/format";
import { formValues, parseForm } from "~/utils/forms";
import { formFailure, httpError, rethrowAsHttp } from "~/utils/http.server";
import { useFieldErrors, useLocale, useT, useTranslate } from "~/utils/i18n";
import { messagesFromMatches } from "~/utils/meta";
import { flashHeaders, getLocale } from "~/utils/session.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const t = messagesFromMatches(matches);
  return [{ title: `${data?.product.name ?? t.review.title} · ${t.review.title} · ${t.common.appName}` }];
};

const ProductId = z.uuid();

const DecisionForm = z.object({
  decision: z.enum(reviewDecisions, "review.errors.decisionRequired"),
  reason: z.string().max(REASON_MAX_LENGTH, "review.errors.reasonTooLong").optional(),
  expectedStatus: z.enum(listingStatuses).optional(),
  expectedSubmittedAt: z.string().max(40).optional(),
});

/** A file-store key as a URL path under /files, each segment escaped. */
const fileUrl = (key: string) => `/files/${key.split("/").map(encodeURIComponent).join("/")}`;
const evidenceKind = (key: string) =>
  /\.(jpe?g|png|webp|gif|avif)$/i.test(key) ? "image" : /\.pdf$/i.test(key) ? "pdf" : "other";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, "reviewer");
  const id = ProductId.safeParse(params.productId);
  if (!id.success) httpError(404);
  const [reviewCase, locale] = await Promise.all([
    getReviewCase(user, id.data).catch(rethrowAsHttp),
    getLocale(request),
  ]);
  const today = todayInVietnam();
  const cert = reviewCase.certificate;
  return {
    product: reviewCase.product,
    decidable: reviewCase.decidable,
    certificate: cert
      ? {
          stars: cert.stars,
          score: cert.score,
          decisionNo: cert.decisionNo,
          decisionDate: cert.decisionDate,
          authority: cert.authority,
          ocopGroup: cert.ocopGroup,
          expiresOn: cert.expiresOn,
          state: certificateState(cert.expiresOn, today),
          daysLeft: daysUntil(cert.expiresOn, today),
          approvedAt: cert.approvedAt,
          evidence: cert.evidenceKey
            ? { url: fileUrl(cert.evidenceKey), kind: evidenceKind(cert.evidenceKey) }
            : null,
        }
      : null,
    cooperative: {
      name: reviewCase.cooperative.name,
      place: formatPlace(reviewCase.cooperative.place, locale),
      taxCode: reviewCase.cooperative.taxCode,
      phone: reviewCase.cooperative.phone,
    },
    photos: reviewCase.photos.map((p) => ({
      url: fileUrl(p.storageKey),
      width: p.width,
      height: p.height,
      alt: p.alt,
    })),
    decisions: reviewCase.decisions,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, "reviewer");
  const id = ProductId.safeParse(params.productId);
  if (!id.success) httpError(404);
  const formData = await request.formData();
  const values = formValues(formData);
  const parsed = parseForm(DecisionForm, formData);
  if (!parsed.ok) return formFailure(parsed.error, values);
  try {
    await decideListing(user, {
      productId: id.data,
      decision: parsed.data.decision,
      reason: parsed.data.reason ?? null,
      expectedStatus: parsed.data.expectedStatus,
      expectedSubmittedAt: parsed.data.expectedSubmittedAt || null,
    });
  } catch (error) {
    if (!isDomainError(error)) throw error;
    if (error.kind === "forbidden" || error.kind === "not_found") rethrowAsHttp(error);
    // "Already decided by … at …": the time is written in the reader's language here, at the edge.
    const at = error.params.at;
    const shown =
      typeof at === "string"
        ? new DomainError(
            error.kind,
            error.messageKey,
            { ...error.params, at: formatDateTime(at, await getLocale(request)) },
            error.fieldErrors,
          )
        : error;
    return formFailure(shown, values);
  }
  throw redirect("/review", {
    headers: await flashHeaders(request, "success", `review.flash.${parsed.data.decision}`),
  });
}

export default function ReviewCase() {
  const t = useT();
  const translate = useTranslate();
  const locale = useLocale();
  const {
    product,
    decidable,
    certificate: cert,
    cooperative,
    photos,
    decisions: history,
  } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const values = failure?.values ?? {};
  const errorOf = useFieldErrors(failure?.fieldErrors);
  const decisionError = errorOf("decision");
  const reasonError = errorOf("reason");
  const formMessage = failure?.formError ? translate(failure.formError, failure.formErrorParams) : null;
  const chosen = values.decision ?? "";
  const tc = t.review.case;
  return (
    <article className="stack review-case">
      <p>
        <Link to="/review">{tc.backToQueue}</Link>
      </p>
      <header>
        <h1>{product.name}</h1>
        <p>
          <span className={`badge badge-${product.status.replace("_", "-")}`}>
            {translate("review.case.status", { status: t.review.statuses[product.status] })}
          </span>{" "}
          {product.submittedAt
            ? translate("review.case.submittedAt", { at: formatDateTime(product.submittedAt, locale) })
            : null}
        </p>
      </header>

      <div className="review-grid">
        <section className="card" aria-labelledby="claim-heading">
          <h2 id="claim-heading">{tc.claim}</h2>
          {cert ? (
            <>
              <dl className="facts">
                <div>
                  <dt>{tc.fields.stars}</dt>
                  <dd>
                    <span className="badge badge-stars">
                      {translate("review.stars", { stars: cert.stars })}
                    </span>
                  </dd>
                </div>
                <div>
                  <dt>{tc.fields.score}</dt>
                  <dd>{translate("review.case.scoreValue", { score: cert.score })}</dd>
                </div>
                <div>
                  <dt>{tc.fields.decisionNo}</dt>
                  <dd>{cert.decisionNo}</dd>
                </div>
                <div>
                  <dt>{tc.fields.decisionDate}</dt>
                  <dd>{formatDate(cert.decisionDate, locale)}</dd>
                </div>
                <div>
                  <dt>{tc.fields.authority}</dt>
                  <dd>{cert.authority}</dd>
                </div>
                <div>
                  <dt>{tc.fields.group}</dt>
                  <dd>{t.review.groups[cert.ocopGroup]}</dd>
                </div>
                <div>
                  <dt>{tc.fields.expiresOn}</dt>
                  <dd>
                    {formatDate(cert.expiresOn, locale)}{" "}
                    <span className={`badge badge-cert-${cert.state}`}>
                      {translate(`review.case.certStates.${cert.state}`, { days: cert.daysLeft })}
                    </span>
                  </dd>
                </div>
                {cert.approvedAt ? (
                  <div>
                    <dt>{tc.fields.approvedAt}</dt>
                    <dd>{formatDateTime(cert.approvedAt, locale)}</dd>
                  </div>
                ) : null}
              </dl>
              {cert.ocopGroup !== product.ocopGroup ? (
                <p className="notice-warn">
                  {translate("review.case.groupMismatch", { group: t.review.groups[product.ocopGroup] })}
                </p>
              ) : null}
            </>
          ) : (
            <p className="notice-warn">{tc.noCertificate}</p>
          )}
        </section>

        <section className="card" aria-labelledby="evidence-heading">
          <h2 id="evidence-heading">{tc.evidence}</h2>
          {cert?.evidence?.kind === "image" ? (
            <figure className="evidence">
              <a href={cert.evidence.url}>
                <img
                  src={cert.evidence.url}
                  alt={translate("review.case.evidenceAlt", { product: product.name })}
                  width={1130}
                  height={800}
                />
              </a>
              <figcaption>
                <a href={cert.evidence.url}>{tc.evidenceOpen}</a>
              </figcaption>
            </figure>
          ) : cert?.evidence ? (
            <p>
              <a className="button secondary" href={cert.evidence.url}>
                {tc.evidencePdf}
              </a>
            </p>
          ) : (
            <p className="notice-warn">{tc.noEvidence}</p>
          )}
        </section>
      </div>

      <div className="review-grid">
        <section className="card" aria-labelledby="product-heading">
          <h2 id="product-heading">{tc.product}</h2>
          <dl className="facts">
            <div>
              <dt>{tc.fields.name}</dt>
              <dd>{product.name}</dd>
            </div>
            <div>
              <dt>{tc.fields.group}</dt>
              <dd>{t.review.groups[product.ocopGroup]}</dd>
            </div>
            <div>
              <dt>{tc.fields.price}</dt>
              <dd>
                {translate("review.case.priceValue", {
                  price: formatVnd(product.priceVnd, locale),
                  unit: product.unit,
                })}
              </dd>
            </div>
            {product.gtin ? (
              <div>
                <dt>{tc.fields.gtin}</dt>
                <dd>{product.gtin}</dd>
              </div>
            ) : null}
            <div>
              <dt>{tc.fields.description}</dt>
              <dd className="prewrap">{product.description || tc.noDescription}</dd>
            </div>
          </dl>
          <h3>{tc.photos}</h3>
          {photos.length ? (
            <ul className="photo-grid">
              {photos.map((p) => (
                <li key={p.url}>
                  <a href={p.url}>
                    <img
                      src={p.url}
                      alt={p.alt || product.name}
                      width={p.width}
                      height={p.height}
                      loading="lazy"
                    />
                  </a>
                </li>
              ))}
            </ul>
          ) : (
            <p>{tc.noPhotos}</p>
          )}
        </section>

        <section className="card" aria-labelledby="coop-heading">
          <h2 id="coop-heading">{tc.cooperative}</h2>
          <dl className="facts">
            <div>
              <dt>{tc.fields.cooperativeName}</dt>
              <dd>{cooperative.name}</dd>
            </div>
            <div>
              <dt>{tc.fields.place}</dt>
              <dd>{cooperative.place}</dd>
            </div>
            {cooperative.taxCode ? (
              <div>
                <dt>{tc.fields.taxCode}</dt>
                <dd>{cooperative.taxCode}</dd>
              </div>
            ) : null}
            {cooperative.phone ? (
              <div>
                <dt>{tc.fields.phone}</dt>
                <dd>
                  <a href={`tel:${cooperative.phone}`}>{cooperative.phone}</a>
                </dd>
              </div>
            ) : null}
          </dl>
        </section>
      </div>

      <section aria-labelledby="history-heading">
        <h2 id="history-heading">{tc.history}</h2>
        {history.length ? (
          <ol className="history">
            {history.map((d) => (
              <li key={d.id}>
                <p>
                  {translate("review.case.historyItem", {
                    decision: t.review.statuses[d.decision],
                    name: d.reviewerName,
                    at: formatDateTime(d.createdAt, locale),
                  })}
                </p>
                {d.reason ? (
                  <p className="prewrap">{translate("review.case.reasonLabel", { reason: d.reason })}</p>
                ) : null}
              </li>
            ))}
          </ol>
        ) : (
          <p>{tc.noHistory}</p>
        )}
      </section>

      <section className="card" aria-labelledby="decide-heading">
        <h2 id="decide-heading">{t.review.decide.heading}</h2>
        <ErrorSummary
          message={formMessage}
          errors={[
            ...(decisionError
              ? [{ fieldId: "decision-approved", label: t.review.decide.decision, message: decisionError }]
              : []),
            ...(reasonError
              ? [{ fieldId: "reason", label: t.review.decide.reason, message: reasonError }]
              : []),
          ]}
        />
        {decidable ? (
          <Form method="post" className="stack" noValidate>
            <p>{t.review.decide.intro}</p>
            <input type="hidden" name="expectedStatus" value={product.status} />
            <input
              type="hidden"
              name="expectedSubmittedAt"
              value={product.submittedAt ? new Date(product.submittedAt).toISOString() : ""}
            />
            <fieldset
              className="choices"
              aria-invalid={decisionError ? true : undefined}
              aria-describedby={decisionError ? "decision-error" : undefined}
            >
              <legend>{t.review.decide.decision}</legend>
              {reviewDecisions.map((d) => (
                <label key={d} className="choice">
                  <input
                    type="radio"
                    name="decision"
                    value={d}
                    id={`decision-${d}`}
                    defaultChecked={chosen === d}
                  />
                  {t.review.decide[d]}
                </label>
              ))}
              {decisionError ? (
                <p className="field-error" id="decision-error">
                  {decisionError}
                </p>
              ) : null}
            </fieldset>
            <FieldShell
              id="reason"
              label={t.review.decide.reason}
              hint={t.review.decide.reasonHint}
              error={reasonError}
            >
              {(control) => (
                <textarea
                  name="reason"
                  rows={4}
                  maxLength={REASON_MAX_LENGTH}
                  defaultValue={values.reason ?? ""}
                  {...control}
                />
              )}
            </FieldShell>
            <button type="submit" className="button" disabled={busy}>
              {busy ? t.review.decide.submitting : t.review.decide.submit}
            </button>
          </Form>
        ) : (
          <p>{t.review.decide.notDecidable}</p>
        )}
      </section>
    </article>
  );
}
