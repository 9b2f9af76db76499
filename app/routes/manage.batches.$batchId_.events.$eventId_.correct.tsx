import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { DiaryFields, kindIcons, useDiaryFieldLabel } from "~/components/DiaryFields";
import { ErrorSummary, Field } from "~/components/Field";
import { withCoop } from "~/components/ManageUi";
import { fileUrl, photoUrl } from "~/domain/storage/keys";
import { MAX_EVIDENCE_BYTES } from "~/domain/storage/sniff";
import { diaryFormOptions, findOwnedEvent, recordDiaryEntry } from "~/domain/trace/batches.server";
import { diaryFormValues, isRecordableKind } from "~/domain/trace/diary";
import { httpError, rethrowAsHttp, runForm } from "~/utils/http.server";
import { useFieldErrors, useT, useTranslate } from "~/utils/i18n";
import { readUpload, requireManager } from "~/utils/manage.server";
import { messagesFromMatches } from "~/utils/meta";
import { flashHeaders } from "~/utils/session.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const t = messagesFromMatches(matches);
  return [{ title: `${t.batches.diary.correct} · ${data?.batch.lot ?? ""} · ${t.common.appName}` }];
};

/** A correction is a new entry of the same kind, prefilled with the old one's values. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireManager(request);
  const { owned, event, inputs, correctedBySeq } = await findOwnedEvent(
    user,
    params.batchId ?? "",
    params.eventId ?? "",
  ).catch(rethrowAsHttp);
  const kind = event.kind;
  if (!isRecordableKind(kind)) httpError(404);
  const back = withCoop(`/manage/batches/${owned.batch.id}`, owned.cooperative.slug);
  // Only the newest version of an entry can be corrected; send the user to the diary.
  if (correctedBySeq !== null) throw redirect(`${back}#entry-${correctedBySeq}`);
  const options = await diaryFormOptions(owned, kind);
  const photos = Array.isArray(event.details.photos)
    ? (event.details.photos as { key: string; width: number; height: number }[])
    : [];
  return {
    back,
    batch: { id: owned.batch.id, lot: owned.batch.lot, productName: owned.product.name },
    event: { seq: event.seq, kind },
    productUnit: owned.product.unit,
    places: options.places,
    inputChoices: options.inputChoices,
    values: diaryFormValues({ ...event, inputs }),
    oldPhotos: photos.map((p) => ({ url: photoUrl(p.key, "small"), width: p.width, height: p.height })),
    oldReportUrl: typeof event.details.reportFile === "string" ? fileUrl(event.details.reportFile) : null,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireManager(request);
  const batchId = params.batchId ?? "";
  const { event } = await findOwnedEvent(user, batchId, params.eventId ?? "").catch(rethrowAsHttp);
  const kind = event.kind;
  if (!isRecordableKind(kind)) httpError(404);
  const upload = await readUpload(request, { maxFileBytes: MAX_EVIDENCE_BYTES, maxFiles: 8 });
  if (!upload.ok) return upload.failure;
  const { values, files } = upload.form;
  const result = await runForm(values, () =>
    recordDiaryEntry(user, batchId, kind, values, files, { correctionOf: event.id }),
  );
  if (!result.ok) return result.failure;
  const coop = new URL(request.url).searchParams.get("coop");
  throw redirect(`${withCoop(`/manage/batches/${batchId}`, coop)}#entry-${result.value.seq}`, {
    headers: await flashHeaders(request, "success", "batches.flash.corrected"),
  });
}

export default function CorrectDiaryEntry() {
  const t = useT();
  const translate = useTranslate();
  const labelOf = useDiaryFieldLabel();
  const data = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const { batch, event } = data;
  const values = failure?.values ?? data.values;
  const errorOf = useFieldErrors(failure?.fieldErrors);
  const summary = Object.keys(failure?.fieldErrors ?? {}).flatMap((field) => {
    const message = errorOf(field);
    return message ? [{ fieldId: field, label: labelOf(field), message }] : [];
  });
  return (
    <section className="narrow stack">
      <p>
        <Link to={data.back}>← {t.batches.entry.back}</Link>
      </p>
      <h1>
        <span aria-hidden="true">{kindIcons[event.kind]} </span>
        {translate("batches.entry.correctTitle", { seq: event.seq, kind: t.batches.kinds[event.kind] })}
      </h1>
      <p className="hint">
        {translate("batches.entry.batch", { lot: batch.lot, product: batch.productName })}
      </p>
      <p className="notice-info">{t.batches.entry.correctIntro}</p>
      <Form method="post" encType="multipart/form-data" className="card stack" noValidate>
        <ErrorSummary
          message={failure?.formError ? translate(failure.formError, failure.formErrorParams) : null}
          errors={summary}
        />
        <Field
          name="correctionReason"
          label={t.batches.entry.correctionReason}
          hint={t.batches.entry.correctionReasonHint}
          defaultValue={values.correctionReason ?? ""}
          error={errorOf("correctionReason")}
          required
        />
        <DiaryFields
          kind={event.kind}
          values={values}
          errorOf={errorOf}
          places={data.places}
          inputChoices={data.inputChoices}
          productUnit={data.productUnit}
          oldPhotos={data.oldPhotos}
          oldReportUrl={data.oldReportUrl}
        />
        <button type="submit" className="button block" disabled={busy}>
          {t.batches.entry.submitCorrection}
        </button>
      </Form>
    </section>
  );
}
