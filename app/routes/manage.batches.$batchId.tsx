import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { kindIcons } from "~/components/DiaryFields";
import { RouteErrorBoundary } from "~/components/ErrorPage";
import { ErrorSummary, Field } from "~/components/Field";
import { Panel, StatusBadge, withCoop } from "~/components/ManageUi";
import { invalid, isDomainError } from "~/domain/errors";
import { batchLinkUrl } from "~/domain/labels/digital-link";
import { fileUrl, photoUrl } from "~/domain/storage/keys";
import { batchTransition } from "~/domain/trace/batch-state";
import { closeBatch, getBatchPage, ReleaseRefused, releaseBatch } from "~/domain/trace/batches.server";
import { isRecordableKind } from "~/domain/trace/diary";
import { blockerMessage } from "~/domain/trace/release-gates";
import { generateUnits } from "~/domain/trace/units.server";
import type { Locale } from "~/i18n";
import { getEnv } from "~/utils/env.server";
import { formatDate, formatDateTime } from "~/utils/format";
import { formFailure, rethrowAsHttp } from "~/utils/http.server";
import { useLocale, useT, useTranslate } from "~/utils/i18n";
import { requireManager } from "~/utils/manage.server";
import { messagesFromMatches } from "~/utils/meta";
import { flashHeaders, getLocale } from "~/utils/session.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const t = messagesFromMatches(matches);
  const title = data ? `${data.batch.lot} · ${data.batch.productName}` : t.batches.list.title;
  return [{ title: `${title} · ${t.common.appName}` }];
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireManager(request);
  const [page, locale] = await Promise.all([
    getBatchPage(user, params.batchId ?? "").catch(rethrowAsHttp),
    getLocale(request),
  ]);
  const { batch, product, cooperative } = page;
  const correctedBy = new Map<string, number>();
  const seqOf = new Map(page.events.map((e) => [e.event.id, e.event.seq]));
  for (const { event } of page.events) {
    if (event.correctionOf) correctedBy.set(event.correctionOf, event.seq);
  }
  return {
    coopSlug: cooperative.slug,
    batch: {
      id: batch.id,
      lot: batch.lot,
      status: batch.status,
      quantity: batch.quantity,
      quantityAvailable: batch.quantityAvailable,
      producedOn: batch.producedOn,
      bestBefore: batch.bestBefore,
      releasedAt: batch.releasedAt,
      holdReason: batch.holdReason,
      heldAt: page.heldAt,
      headHash: batch.headHash,
      productName: product.name,
      productId: product.id,
      unit: product.unit,
    },
    publicUrl: batchLinkUrl(getEnv().PUBLIC_ORIGIN, {
      gtin: product.gtin,
      lot: batch.lot,
      publicCode: batch.publicCode,
    }),
    can: {
      release: batchTransition(batch.status, "release") !== null,
      hold: batchTransition(batch.status, "hold") !== null,
      close: batchTransition(batch.status, "close") !== null,
    },
    blockers: page.blockers.map((b) => blockerMessage(b, locale)),
    verdict: page.verdict,
    events: page.events.map(({ event, recorderName, regionName, regionScheme }) => ({
      id: event.id,
      seq: event.seq,
      kind: event.kind,
      recordable: isRecordableKind(event.kind),
      eventTime: event.eventTime,
      recordedAt: event.recordedAt,
      recorderName,
      regionName,
      regionLegacy: regionScheme === "legacy",
      placeText: event.placeText,
      gps:
        event.latitude !== null && event.longitude !== null ? `${event.latitude}, ${event.longitude}` : null,
      details: detailRows(event.details, locale),
      results: labResults(event.details),
      pass: typeof event.details.pass === "boolean" ? event.details.pass : null,
      photos: photoRefs(event.details),
      reportUrl: typeof event.details.reportFile === "string" ? fileUrl(event.details.reportFile) : null,
      correctionReason:
        typeof event.details.correctionReason === "string" ? event.details.correctionReason : null,
      correctionOfSeq: event.correctionOf ? (seqOf.get(event.correctionOf) ?? null) : null,
      correctedBySeq: correctedBy.get(event.id) ?? null,
    })),
    inputs: page.inputs,
    outputs: page.outputs,
    orders: page.receivedBy,
    unitCount: page.unitCount,
  };
}

const intents = ["release", "close", "units"] as const;
type Intent = (typeof intents)[number];

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireManager(request);
  const batchId = params.batchId ?? "";
  const values = Object.fromEntries(
    [...(await request.formData()).entries()].flatMap(([k, v]) => (typeof v === "string" ? [[k, v]] : [])),
  ) as Record<string, string>;
  const intent = (intents as readonly string[]).includes(values.intent ?? "")
    ? (values.intent as Intent)
    : null;
  if (!intent) return formFailure(invalid("errors.badRequestBody"), values);
  let flash: string;
  try {
    switch (intent) {
      case "release": {
        const status = await releaseBatch(user, batchId);
        flash = status === "sold_out" ? "batches.flash.soldOut" : "batches.flash.released";
        break;
      }
      case "close":
        await closeBatch(user, batchId);
        flash = "batches.flash.closed";
        break;
      case "units":
        await generateUnits(user, batchId, values.unitCount ?? "");
        flash = "batches.flash.unitsCreated";
        break;
    }
  } catch (error) {
    if (error instanceof ReleaseRefused) {
      const locale = await getLocale(request);
      return data<ActionResult>(
        {
          ok: false,
          formError: error.messageKey,
          formErrorParams: {},
          fieldErrors: {},
          values,
          blockers: error.blockers.map((b) => blockerMessage(b, locale)),
        },
        { status: 409 },
      );
    }
    if (isDomainError(error)) return formFailure(error, values);
    throw error;
  }
  const coop = new URL(request.url).searchParams.get("coop");
  throw redirect(withCoop(`/manage/batches/${batchId}`, coop), {
    headers: await flashHeaders(request, "success", flash),
  });
}

type ActionResult = {
  ok: false;
  formError: string | null;
  formErrorParams: Record<string, string | number>;
  fieldErrors: Record<string, string>;
  values: Record<string, string>;
  blockers?: string[];
};

/** Scalar details as label/value rows, in the reader's language; lists and files are shown apart. */
const SHOWN_APART = new Set([
  "results",
  "pass",
  "photos",
  "reportFile",
  "correctionReason",
  "inputs",
  "items",
]);
const DATE_KEYS = new Set(["date", "validFrom", "validTo"]);

function detailRows(details: Record<string, unknown>, locale: Locale) {
  const number = new Intl.NumberFormat(locale === "vi" ? "vi-VN" : "en-GB", { maximumFractionDigits: 6 });
  const rows: { id: number; key: string; value: string }[] = [];
  const push = (key: string, value: string) => rows.push({ id: rows.length, key, value });
  for (const [key, value] of Object.entries(details)) {
    if (SHOWN_APART.has(key)) continue;
    if (typeof value === "number") push(key, number.format(value));
    else if (typeof value === "string" && value) {
      push(key, DATE_KEYS.has(key) && /^\d{4}-\d{2}-\d{2}$/.test(value) ? formatDate(value, locale) : value);
    } else if (typeof value === "boolean") push(key, value ? "✓" : "✗");
  }
  // Ingredients (processing) and goods received, written as one line each.
  for (const listKey of ["inputs", "items"]) {
    const list = details[listKey];
    if (!Array.isArray(list)) continue;
    for (const item of list) {
      if (!item || typeof item !== "object") continue;
      const i = item as Record<string, unknown>;
      const amount =
        typeof i.quantity === "number" ? `${number.format(i.quantity)} ${String(i.unit ?? "")}` : "";
      const parts = [
        i.name,
        i.lot ? `(${String(i.lot)})` : null,
        amount ? `: ${amount}` : null,
        i.supplier ? ` – ${String(i.supplier)}` : null,
      ];
      // "Bánh men lá (BML-2026-08): 30 gói"
      push(listKey, parts.filter(Boolean).join(" ").replace(" :", ":"));
    }
  }
  return rows;
}

function labResults(details: Record<string, unknown>) {
  if (!Array.isArray(details.results)) return [];
  return details.results.flatMap((r) => {
    if (!r || typeof r !== "object") return [];
    const row = r as Record<string, unknown>;
    const text = (v: unknown) => (typeof v === "number" || typeof v === "string" ? String(v) : "");
    const unit = typeof row.unit === "string" ? ` ${row.unit}` : "";
    return [
      {
        name: text(row.name),
        value: `${text(row.value)}${unit}`,
        limit: row.limit === undefined ? "" : `${text(row.limit)}${unit}`,
        pass: row.pass === true,
      },
    ];
  });
}

function photoRefs(details: Record<string, unknown>) {
  if (!Array.isArray(details.photos)) return [];
  return details.photos.flatMap((p) => {
    const ref = p as { key?: unknown; width?: unknown; height?: unknown };
    if (typeof ref?.key !== "string") return [];
    const width = typeof ref.width === "number" ? ref.width : 400;
    const height = typeof ref.height === "number" ? ref.height : 300;
    return [{ small: photoUrl(ref.key, "small"), large: photoUrl(ref.key, "large"), width, height }];
  });
}

const shortHash = (hash: string) => `${hash.slice(0, 8)}…${hash.slice(-4)}`;

export default function ManageBatch() {
  const t = useT();
  const translate = useTranslate();
  const locale = useLocale();
  const page = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>() as ActionResult | undefined;
  const busy = useNavigation().state === "submitting";
  const { batch, coopSlug, can } = page;
  const link = (path: string) => withCoop(path, coopSlug);
  const failedIntent = failure?.values.intent ?? null;
  // The form's "inputQuantity" label names a row ("… lô {n}"); a stored value needs the plain one.
  const fieldLabel = (key: string) =>
    (t.batches.fields as Record<string, string>)[key === "inputQuantity" ? "inputQuantityPlain" : key] ?? key;
  const number = (n: number) => n.toLocaleString(locale === "vi" ? "vi-VN" : "en-GB");
  const blockers = failure?.blockers ?? page.blockers;
  const releaseFailure = failedIntent === "release" && !failure?.blockers ? failure : null;

  return (
    <section className="stack batch-page">
      <p>
        <Link to={link("/manage/batches")}>← {t.batches.page.back}</Link>
      </p>
      <h1>{translate("batches.page.title", { lot: batch.lot })}</h1>

      {batch.status === "on_hold" ? (
        <div className="recall-banner" role="alert">
          <p>
            <strong>{t.batches.page.recallTitle}</strong>
          </p>
          {batch.heldAt ? (
            <p>{translate("batches.page.recallSince", { date: formatDateTime(batch.heldAt, locale) })}</p>
          ) : null}
          {batch.holdReason ? (
            <p>{translate("batches.page.recallReason", { reason: batch.holdReason })}</p>
          ) : null}
          <p>{t.batches.page.recallFix}</p>
        </div>
      ) : null}

      <div className="card stack">
        <dl className="facts">
          <div>
            <dt>{t.batches.page.product}</dt>
            <dd>
              <Link to={link(`/manage/products/${batch.productId}`)}>{batch.productName}</Link>
            </dd>
          </div>
          <div>
            <dt>{t.batches.page.status}</dt>
            <dd>
              <StatusBadge status={batch.status} label={t.batches.status[batch.status]} />
            </dd>
          </div>
          <div>
            <dt>{t.batches.page.quantity}</dt>
            <dd>
              {number(batch.quantity)} {batch.unit}
            </dd>
          </div>
          <div>
            <dt>{t.batches.page.available}</dt>
            <dd>
              {number(batch.quantityAvailable)} {batch.unit}
            </dd>
          </div>
          <div>
            <dt>{t.batches.page.producedOn}</dt>
            <dd>{formatDate(batch.producedOn, locale)}</dd>
          </div>
          <div>
            <dt>{t.batches.page.bestBefore}</dt>
            <dd>{batch.bestBefore ? formatDate(batch.bestBefore, locale) : t.batches.page.none}</dd>
          </div>
          {batch.releasedAt ? (
            <div>
              <dt>{t.batches.page.releasedAt}</dt>
              <dd>{formatDateTime(batch.releasedAt, locale)}</dd>
            </div>
          ) : null}
        </dl>
        <div className="actions">
          <Link className="button" to={link(`/manage/batches/${batch.id}/events/new`)}>
            {t.batches.page.addEntry}
          </Link>
          <Link className="button secondary" to={link(`/manage/batches/${batch.id}/labels`)}>
            {t.batches.page.labels}
          </Link>
          {can.hold ? (
            <Link className="button secondary danger-outline" to={link(`/manage/batches/${batch.id}/hold`)}>
              {t.batches.page.hold}
            </Link>
          ) : null}
        </div>
      </div>

      {can.release ? (
        <Panel id="release" title={t.batches.gates.title}>
          {blockers.length ? (
            <div className="notice-warn" role={failure?.blockers ? "alert" : undefined}>
              <p>
                <strong>{t.batches.gates.blocked}</strong>
              </p>
              <ul>
                {blockers.map((message) => (
                  <li key={message}>{message}</li>
                ))}
              </ul>
              <p>{t.batches.gates.fixHint}</p>
            </div>
          ) : (
            <>
              <p>{t.batches.gates.ready}</p>
              <ErrorSummary
                message={
                  releaseFailure?.formError
                    ? translate(releaseFailure.formError, releaseFailure.formErrorParams)
                    : null
                }
              />
              <Form method="post">
                <input type="hidden" name="intent" value="release" />
                <button type="submit" className="button block" disabled={busy}>
                  {batch.status === "on_hold" ? t.batches.gates.releaseAgain : t.batches.gates.release}
                </button>
              </Form>
            </>
          )}
        </Panel>
      ) : null}

      <Panel id="diary" title={t.batches.diary.title}>
        <p className="hint">{t.batches.diary.noAppend}</p>
        {page.events.length === 0 ? (
          <p>{t.batches.diary.empty}</p>
        ) : (
          <ol className="diary">
            {page.events.map((e) => {
              const kindLabel = (t.batches.kinds as Record<string, string>)[e.kind] ?? e.kind;
              const icon = isKindWithIcon(e.kind) ? kindIcons[e.kind] : "•";
              return (
                <li
                  key={e.id}
                  id={`entry-${e.seq}`}
                  className={e.correctedBySeq ? "diary-entry superseded" : "diary-entry"}
                >
                  <h3>
                    <span aria-hidden="true">{icon} </span>
                    {kindLabel}{" "}
                    <span className="hint">{translate("batches.diary.entry", { seq: e.seq })}</span>
                  </h3>
                  {e.correctedBySeq ? (
                    <p className="badge badge-corrected">
                      <a href={`#entry-${e.correctedBySeq}`}>
                        {translate("batches.diary.correctedBy", { seq: e.correctedBySeq })}
                      </a>
                    </p>
                  ) : null}
                  {e.correctionOfSeq ? (
                    <p className="correction-note">
                      <a href={`#entry-${e.correctionOfSeq}`}>
                        {translate("batches.diary.correctionOf", { seq: e.correctionOfSeq })}
                      </a>
                      {e.correctionReason ? (
                        <> · {translate("batches.diary.reason", { reason: e.correctionReason })}</>
                      ) : null}
                    </p>
                  ) : null}
                  <div className="diary-body">
                    <p>
                      <time dateTime={new Date(e.eventTime).toISOString()}>
                        {formatDateTime(e.eventTime, locale)}
                      </time>
                    </p>
                    <dl className="diary-details">
                      {e.regionName || e.placeText ? (
                        <>
                          <dt>{t.batches.diary.place}</dt>
                          <dd>
                            {[
                              e.placeText,
                              e.regionName
                                ? e.regionLegacy
                                  ? translate("batches.diary.legacyRegion", { name: e.regionName })
                                  : e.regionName
                                : null,
                            ]
                              .filter(Boolean)
                              .join(", ")}
                          </dd>
                        </>
                      ) : null}
                      {e.gps ? (
                        <>
                          <dt>{t.batches.diary.gps}</dt>
                          <dd>{e.gps}</dd>
                        </>
                      ) : null}
                      {e.details.map((row) => (
                        <DetailRow
                          key={row.id}
                          label={
                            row.key === "scheme"
                              ? t.batches.fields.scheme
                              : row.key === "inputs"
                                ? t.batches.diary.inputs
                                : fieldLabel(row.key)
                          }
                          value={
                            row.key === "scheme"
                              ? ((t.batches.schemes as Record<string, string>)[row.value] ?? row.value)
                              : row.value
                          }
                        />
                      ))}
                      {e.pass !== null ? (
                        <>
                          <dt>{t.batches.diary.overall}</dt>
                          <dd>
                            <strong>{e.pass ? t.batches.diary.pass : t.batches.diary.fail}</strong>
                          </dd>
                        </>
                      ) : null}
                    </dl>
                    {e.results.length ? (
                      <div className="table-scroll">
                        <table>
                          <thead>
                            <tr>
                              <th scope="col">{t.batches.fields.resultName}</th>
                              <th scope="col">{t.batches.fields.resultValue}</th>
                              <th scope="col">{t.batches.fields.resultLimit}</th>
                              <th scope="col">{t.batches.fields.resultPass}</th>
                            </tr>
                          </thead>
                          <tbody>
                            {e.results.map((r) => (
                              <tr key={r.name}>
                                <th scope="row">{r.name}</th>
                                <td>{r.value}</td>
                                <td>{r.limit}</td>
                                <td>{r.pass ? t.batches.diary.pass : t.batches.diary.fail}</td>
                              </tr>
                            ))}
                          </tbody>
                        </table>
                      </div>
                    ) : null}
                    {e.reportUrl ? (
                      <p>
                        <a href={e.reportUrl}>{t.batches.diary.report}</a>
                      </p>
                    ) : null}
                    {e.photos.length ? (
                      <ul className="photo-grid" aria-label={t.batches.diary.photos}>
                        {e.photos.map((p) => (
                          <li key={p.small}>
                            <a href={p.large}>
                              <img
                                src={p.small}
                                alt=""
                                width={160}
                                height={Math.round((160 * p.height) / p.width)}
                                loading="lazy"
                              />
                            </a>
                          </li>
                        ))}
                      </ul>
                    ) : null}
                  </div>
                  <p className="hint">
                    {e.recorderName
                      ? translate("batches.diary.recordedBy", { name: e.recorderName })
                      : t.batches.diary.unknownRecorder}{" "}
                    {translate("batches.diary.recordedAt", { at: formatDateTime(e.recordedAt, locale) })}
                  </p>
                  {e.recordable && !e.correctedBySeq ? (
                    <p>
                      <Link
                        className="button secondary"
                        to={link(`/manage/batches/${batch.id}/events/${e.id}/correct`)}
                        aria-label={`${t.batches.diary.correct} (${translate("batches.diary.entry", { seq: e.seq })})`}
                      >
                        {t.batches.diary.correct}
                      </Link>
                    </p>
                  ) : null}
                </li>
              );
            })}
          </ol>
        )}
        <p>
          <Link className="button block" to={link(`/manage/batches/${batch.id}/events/new`)}>
            {t.batches.page.addEntry}
          </Link>
        </p>
      </Panel>

      <Panel id="chain" title={t.batches.chain.title}>
        {page.verdict.intact ? (
          <p className="chain-ok">
            <strong>✓ {t.batches.chain.intact}</strong>. {t.batches.chain.intactBody}
          </p>
        ) : (
          <div className="recall-banner" role="alert">
            <p>
              <strong>{t.batches.chain.broken}</strong>
            </p>
            <p>
              {translate("batches.chain.brokenAt", {
                seq: page.verdict.brokenAtSeq,
                reason: t.batches.chain.reasons[page.verdict.reason],
              })}
            </p>
          </div>
        )}
        {batch.headHash ? (
          <details>
            <summary>
              {t.batches.chain.head}: <code>{shortHash(batch.headHash)}</code>
            </summary>
            <p>
              <code className="wrap">{batch.headHash}</code>
            </p>
          </details>
        ) : (
          <p className="hint">{t.batches.chain.none}</p>
        )}
      </Panel>

      <Panel id="links" title={t.batches.links.title}>
        {page.inputs.length === 0 && page.outputs.length === 0 ? <p>{t.batches.links.none}</p> : null}
        {page.inputs.length ? (
          <>
            <h3>{t.batches.links.inputs}</h3>
            <ul>
              {page.inputs.map((i) => (
                <li key={`${i.batchId}-${i.eventId}`}>
                  <Link to={link(`/manage/batches/${i.batchId}`)}>
                    {translate("batches.links.item", {
                      lot: i.lot,
                      product: i.productName,
                      quantity: number(i.quantity),
                      unit: i.unit,
                    })}
                  </Link>
                </li>
              ))}
            </ul>
          </>
        ) : null}
        {page.outputs.length ? (
          <>
            <h3>{t.batches.links.outputs}</h3>
            <ul>
              {page.outputs.map((o) => (
                <li key={o.batchId}>
                  <Link to={link(`/manage/batches/${o.batchId}`)}>
                    {translate("batches.links.item", {
                      lot: o.lot,
                      product: o.productName,
                      quantity: number(o.quantity),
                      unit: batch.unit,
                    })}
                  </Link>
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </Panel>

      <Panel id="orders" title={t.batches.orders.title}>
        {page.orders.length === 0 ? (
          <p>{t.batches.orders.empty}</p>
        ) : (
          <table className="table-cards">
            <thead>
              <tr>
                <th scope="col">{t.batches.orders.colCode}</th>
                <th scope="col">{t.batches.orders.colDate}</th>
                <th scope="col">{t.batches.orders.colName}</th>
                <th scope="col">{t.batches.orders.colPhone}</th>
                <th scope="col">{t.batches.orders.colQuantity}</th>
              </tr>
            </thead>
            <tbody>
              {page.orders.map((o) => (
                <tr key={o.id}>
                  <th scope="row" data-label={t.batches.orders.colCode}>
                    {o.code}
                  </th>
                  <td data-label={t.batches.orders.colDate}>{formatDate(o.createdAt, locale)}</td>
                  <td data-label={t.batches.orders.colName}>{o.contactName}</td>
                  <td data-label={t.batches.orders.colPhone}>
                    <a href={`tel:${o.contactPhone}`}>{o.contactPhone}</a>
                  </td>
                  <td data-label={t.batches.orders.colQuantity}>
                    {number(o.quantity)} {batch.unit}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Panel>

      <Panel id="units" title={t.batches.units.title}>
        <p>{t.batches.units.intro}</p>
        <p>
          {page.unitCount > 0
            ? translate("batches.units.count", { n: number(page.unitCount) })
            : t.batches.units.none}
        </p>
        <Form method="post" className="stack" noValidate>
          <input type="hidden" name="intent" value="units" />
          <Field
            name="unitCount"
            label={t.batches.units.unitCount}
            hint={t.batches.units.unitCountHint}
            inputMode="numeric"
            defaultValue={failedIntent === "units" ? (failure?.values.unitCount ?? "") : ""}
            error={
              failedIntent === "units" && failure?.fieldErrors.unitCount
                ? translate(failure.fieldErrors.unitCount)
                : null
            }
          />
          <button type="submit" className="button secondary" disabled={busy}>
            {t.batches.units.generate}
          </button>
        </Form>
      </Panel>

      <Panel id="qr" title={t.batches.labels.link}>
        <img
          src={`/manage/batches/${batch.id}/qr.svg`}
          alt={translate("batches.page.qrAlt", { lot: batch.lot })}
          width={160}
          height={160}
          className="qr-preview"
        />
        <p>
          <code className="wrap">{page.publicUrl}</code>
        </p>
        <Link className="button secondary" to={link(`/manage/batches/${batch.id}/labels`)}>
          {t.batches.page.labels}
        </Link>
      </Panel>

      {can.close ? (
        <details className="confirm-inline card">
          <summary>{t.batches.page.close}</summary>
          <p>{t.batches.page.closeBody}</p>
          <ErrorSummary
            message={
              failedIntent === "close" && failure?.formError
                ? translate(failure.formError, failure.formErrorParams)
                : null
            }
          />
          <Form method="post">
            <input type="hidden" name="intent" value="close" />
            <button type="submit" className="button danger" disabled={busy}>
              {t.batches.page.closeConfirm}
            </button>
          </Form>
        </details>
      ) : null}
    </section>
  );
}

function isKindWithIcon(kind: string): kind is keyof typeof kindIcons {
  return kind in kindIcons;
}

function DetailRow({ label, value }: { label: string; value: string }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </>
  );
}

export function ErrorBoundary() {
  return <RouteErrorBoundary detailPrefix="batches." />;
}
