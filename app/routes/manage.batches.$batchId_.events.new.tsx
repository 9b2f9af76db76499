import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { DiaryFields, kindIcons, useDiaryFieldLabel } from "~/components/DiaryFields";
import { ErrorSummary } from "~/components/Field";
import { withCoop } from "~/components/ManageUi";
import { MAX_EVIDENCE_BYTES } from "~/domain/storage/sniff";
import { diaryFormOptions, findOwnedBatch, recordDiaryEntry } from "~/domain/trace/batches.server";
import { isRecordableKind, localTimeInputValue, recordableKinds } from "~/domain/trace/diary";
import { rethrowAsHttp, runForm } from "~/utils/http.server";
import { useFieldErrors, useT, useTranslate } from "~/utils/i18n";
import { readUpload, requireManager } from "~/utils/manage.server";
import { messagesFromMatches } from "~/utils/meta";
import { flashHeaders } from "~/utils/session.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const t = messagesFromMatches(matches);
  const what = data?.kind ? t.batches.kinds[data.kind] : t.batches.page.addEntry;
  return [{ title: `${what} · ${data?.batch.lot ?? ""} · ${t.common.appName}` }];
};

/** Without ?kind= the page is the list of big buttons; with it, that kind's form. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireManager(request);
  const owned = await findOwnedBatch(user, params.batchId ?? "").catch(rethrowAsHttp);
  const requested = new URL(request.url).searchParams.get("kind");
  const kind = isRecordableKind(requested) ? requested : null;
  const options = kind ? await diaryFormOptions(owned, kind) : { places: [], inputChoices: [] };
  return {
    coopSlug: owned.cooperative.slug,
    batch: { id: owned.batch.id, lot: owned.batch.lot, productName: owned.product.name },
    productUnit: owned.product.unit,
    kind,
    places: options.places,
    inputChoices: options.inputChoices,
    defaults: { eventTime: localTimeInputValue(new Date()), unit: owned.product.unit },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireManager(request);
  const batchId = params.batchId ?? "";
  const kind = new URL(request.url).searchParams.get("kind");
  if (!isRecordableKind(kind)) {
    await findOwnedBatch(user, batchId).catch(rethrowAsHttp);
    throw redirect(`/manage/batches/${batchId}/events/new`);
  }
  // The text of the upload refusal speaks of 8 files: more than 3 photos and a report.
  const upload = await readUpload(request, { maxFileBytes: MAX_EVIDENCE_BYTES, maxFiles: 8 });
  if (!upload.ok) return upload.failure;
  const { values, files } = upload.form;
  const result = await runForm(values, () => recordDiaryEntry(user, batchId, kind, values, files));
  if (!result.ok) return result.failure;
  const coop = new URL(request.url).searchParams.get("coop");
  throw redirect(`${withCoop(`/manage/batches/${batchId}`, coop)}#entry-${result.value.seq}`, {
    headers: await flashHeaders(request, "success", "batches.flash.recorded"),
  });
}

export default function NewDiaryEntry() {
  const t = useT();
  const translate = useTranslate();
  const labelOf = useDiaryFieldLabel();
  const data = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const errorOf = useFieldErrors(failure?.fieldErrors);
  const busy = useNavigation().state === "submitting";
  const { batch, coopSlug, kind } = data;
  const back = withCoop(`/manage/batches/${batch.id}`, coopSlug);

  if (!kind) {
    return (
      <section className="narrow stack">
        <p>
          <Link to={back}>← {t.batches.entry.back}</Link>
        </p>
        <h1>{translate("batches.entry.chooseTitle", { lot: batch.lot })}</h1>
        <p>{t.batches.entry.chooseIntro}</p>
        <ul className="kind-grid">
          {recordableKinds.map((k) => (
            <li key={k}>
              <Link
                className="kind-button"
                to={withCoop(`/manage/batches/${batch.id}/events/new?kind=${k}`, coopSlug)}
              >
                <span className="kind-icon" aria-hidden="true">
                  {kindIcons[k]}
                </span>
                <span className="kind-name">{t.batches.kinds[k]}</span>
                <span className="kind-hint">{t.batches.kindHints[k]}</span>
              </Link>
            </li>
          ))}
        </ul>
      </section>
    );
  }

  const values = { ...data.defaults, ...(failure?.values ?? {}) };
  const summary = Object.keys(failure?.fieldErrors ?? {}).flatMap((field) => {
    const message = errorOf(field);
    return message ? [{ fieldId: field, label: labelOf(field), message }] : [];
  });
  return (
    <section className="narrow stack">
      <p>
        <Link to={back}>← {t.batches.entry.back}</Link>
      </p>
      <h1>
        <span aria-hidden="true">{kindIcons[kind]} </span>
        {translate("batches.entry.title", { kind: t.batches.kinds[kind] })}
      </h1>
      <p className="hint">
        {translate("batches.entry.batch", { lot: batch.lot, product: batch.productName })}
      </p>
      <Form method="post" encType="multipart/form-data" className="card stack" noValidate>
        <ErrorSummary
          message={failure?.formError ? translate(failure.formError, failure.formErrorParams) : null}
          errors={summary}
        />
        <DiaryFields
          kind={kind}
          values={values}
          errorOf={errorOf}
          places={data.places}
          inputChoices={data.inputChoices}
          productUnit={data.productUnit}
        />
        <button type="submit" className="button block" disabled={busy}>
          {t.batches.entry.submit}
        </button>
      </Form>
      <p>
        <Link to={withCoop(`/manage/batches/${batch.id}/events/new`, coopSlug)}>
          {t.batches.entry.otherKind}
        </Link>
      </p>
    </section>
  );
}
