import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ErrorSummary } from "~/components/Field";
import { withCoop } from "~/components/ManageUi";
import { ProductFields } from "~/components/ProductFields";
import { ocopGroups } from "~/domain/listings/ocop";
import { MAX_PHOTOS_PER_PRODUCT, OTHER_UNIT, productUnits } from "~/domain/listings/products";
import { createProduct } from "~/domain/listings/products.server";
import { MAX_IMAGE_BYTES } from "~/domain/storage/sniff";
import { httpError, runForm } from "~/utils/http.server";
import { useFieldErrors, useT, useTranslate } from "~/utils/i18n";
import { readUpload, requireWorkingCooperative } from "~/utils/manage.server";
import { messagesFromMatches } from "~/utils/meta";
import { flashHeaders } from "~/utils/session.server";

export const meta: MetaFunction = ({ matches }) => {
  const t = messagesFromMatches(matches);
  return [{ title: `${t.manage.newProduct.title} · ${t.common.appName}` }];
};

export async function loader({ request }: LoaderFunctionArgs) {
  const { current } = await requireWorkingCooperative(request);
  if (!current) httpError(404);
  return { coopSlug: current.slug, coopName: current.name };
}

export async function action({ request }: ActionFunctionArgs) {
  const { user, current } = await requireWorkingCooperative(request);
  if (!current) httpError(404);
  const upload = await readUpload(request, {
    maxFileBytes: MAX_IMAGE_BYTES,
    maxFiles: MAX_PHOTOS_PER_PRODUCT,
  });
  if (!upload.ok) return upload.failure;
  const { values, files } = upload.form;
  const result = await runForm(values, () => createProduct(user, current.id, values, files.photos ?? []));
  if (!result.ok) return result.failure;
  throw redirect(withCoop(`/manage/products/${result.value.id}`, current.slug), {
    headers: await flashHeaders(request, "success", "manage.flash.productCreated"),
  });
}

export default function NewProduct() {
  const t = useT();
  const translate = useTranslate();
  const { coopName } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const values = failure?.values ?? {};
  const errorOf = useFieldErrors(failure?.fieldErrors);
  const labels: Record<string, string> = {
    name: t.manage.form.name,
    description: t.manage.form.description,
    ocopGroup: t.manage.form.group,
    unit: t.manage.form.unit,
    unitOther: t.manage.form.unitOther,
    price: t.manage.form.price,
    gtin: t.manage.form.gtin,
    photos: t.manage.form.photos,
  };
  const summary = Object.keys(failure?.fieldErrors ?? {}).flatMap((field) => {
    const message = errorOf(field);
    return message ? [{ fieldId: field, label: labels[field] ?? field, message }] : [];
  });
  return (
    <section className="narrow stack">
      <h1>{t.manage.newProduct.title}</h1>
      <p className="hint">{coopName}</p>
      <p>{t.manage.newProduct.intro}</p>
      <Form method="post" encType="multipart/form-data" className="card stack" noValidate>
        <ErrorSummary
          message={failure?.formError ? translate(failure.formError, failure.formErrorParams) : null}
          errors={summary}
        />
        <ProductFields
          values={values}
          errorOf={errorOf}
          groups={ocopGroups}
          units={productUnits}
          otherUnit={OTHER_UNIT}
          withPhotos
        />
        <button type="submit" className="button block" disabled={busy}>
          {t.manage.form.createSubmit}
        </button>
      </Form>
    </section>
  );
}
