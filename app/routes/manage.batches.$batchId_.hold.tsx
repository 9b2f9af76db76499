import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ErrorSummary, FieldShell } from "~/components/Field";
import { withCoop } from "~/components/ManageUi";
import { batchTransition } from "~/domain/trace/batch-state";
import { findOwnedBatch, holdBatch } from "~/domain/trace/batches.server";
import { HOLD_REASON_MAX } from "~/domain/trace/diary";
import { formValues } from "~/utils/forms";
import { rethrowAsHttp, runForm } from "~/utils/http.server";
import { useT, useTranslate } from "~/utils/i18n";
import { requireManager } from "~/utils/manage.server";
import { messagesFromMatches } from "~/utils/meta";
import { flashHeaders } from "~/utils/session.server";

export const meta: MetaFunction = ({ matches }) => {
  const t = messagesFromMatches(matches);
  return [{ title: `${t.batches.page.hold} · ${t.common.appName}` }];
};

/** The confirmation step: names the batch and says sales stop at once, before anything changes. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireManager(request);
  const { batch, product, cooperative } = await findOwnedBatch(user, params.batchId ?? "").catch(
    rethrowAsHttp,
  );
  const back = withCoop(`/manage/batches/${batch.id}`, cooperative.slug);
  if (!batchTransition(batch.status, "hold")) throw redirect(back);
  return { lot: batch.lot, productName: product.name, back };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireManager(request);
  const batchId = params.batchId ?? "";
  const values = formValues(await request.formData());
  const result = await runForm(values, () => holdBatch(user, batchId, values.reason ?? ""));
  if (!result.ok) return result.failure;
  const coop = new URL(request.url).searchParams.get("coop");
  throw redirect(withCoop(`/manage/batches/${batchId}`, coop), {
    headers: await flashHeaders(request, "success", "batches.flash.held"),
  });
}

export default function HoldBatch() {
  const t = useT();
  const translate = useTranslate();
  const { lot, productName, back } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const reasonError = failure?.fieldErrors.reason ? translate(failure.fieldErrors.reason) : null;
  return (
    <section className="narrow stack">
      <h1>{translate("batches.hold.title", { lot })}</h1>
      <div className="card stack">
        <ErrorSummary
          message={failure?.formError ? translate(failure.formError, failure.formErrorParams) : null}
          errors={
            reasonError ? [{ fieldId: "reason", label: t.batches.hold.reason, message: reasonError }] : []
          }
        />
        <p className="notice-warn">{translate("batches.hold.body", { lot, product: productName })}</p>
        <p>{t.batches.hold.keep}</p>
        <Form method="post" className="stack" noValidate>
          <FieldShell
            id="reason"
            label={t.batches.hold.reason}
            hint={t.batches.hold.reasonHint}
            error={reasonError}
          >
            {(control) => (
              <textarea
                name="reason"
                rows={3}
                maxLength={HOLD_REASON_MAX}
                required
                defaultValue={failure?.values.reason ?? ""}
                {...control}
              />
            )}
          </FieldShell>
          <button type="submit" className="button danger block" disabled={busy}>
            {t.batches.hold.confirm}
          </button>
        </Form>
        <Link className="button secondary block" to={back}>
          {t.batches.hold.cancel}
        </Link>
      </div>
    </section>
  );
}
