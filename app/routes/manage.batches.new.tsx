import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ErrorSummary, Field } from "~/components/Field";
import { withCoop } from "~/components/ManageUi";
import { UUID } from "~/domain/cooperatives/access.server";
import { batchableProducts, newBatchDefaults, openBatch } from "~/domain/trace/batches.server";
import { formValues } from "~/utils/forms";
import { httpError, rethrowAsHttp, runForm } from "~/utils/http.server";
import { useFieldErrors, useT, useTranslate } from "~/utils/i18n";
import { requireWorkingCooperative } from "~/utils/manage.server";
import { messagesFromMatches } from "~/utils/meta";
import { flashHeaders } from "~/utils/session.server";

export const meta: MetaFunction = ({ matches }) => {
  const t = messagesFromMatches(matches);
  return [{ title: `${t.batches.open.title} · ${t.common.appName}` }];
};

/**
 * Two steps that work without JavaScript: pick the product (a list of links), then the form,
 * whose lot code is suggested for that product.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const { user, current } = await requireWorkingCooperative(request);
  if (!current) httpError(404);
  const products = await batchableProducts(user, current.id).catch(rethrowAsHttp);
  const chosen = new URL(request.url).searchParams.get("product");
  const productId =
    chosen && UUID.test(chosen) ? chosen : products.length === 1 ? (products[0]?.id ?? null) : null;
  const defaults =
    productId && products.some((p) => p.id === productId)
      ? await newBatchDefaults(user, productId).catch(rethrowAsHttp)
      : null;
  if (chosen && !defaults) httpError(404);
  return {
    coopSlug: current.slug,
    products: products.map((p) => ({ id: p.id, name: p.name, unit: p.unit })),
    form: defaults
      ? {
          productId: defaults.product.id,
          productName: defaults.product.name,
          unit: defaults.product.unit,
          lot: defaults.lot,
          producedOn: defaults.producedOn,
        }
      : null,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const { user, current } = await requireWorkingCooperative(request);
  if (!current) httpError(404);
  const values = formValues(await request.formData());
  const result = await runForm(values, () => openBatch(user, values));
  if (!result.ok) return result.failure;
  throw redirect(withCoop(`/manage/batches/${result.value.id}`, current.slug), {
    headers: await flashHeaders(request, "success", "batches.flash.opened"),
  });
}

export default function NewBatch() {
  const t = useT();
  const translate = useTranslate();
  const { coopSlug, products, form } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const errorOf = useFieldErrors(failure?.fieldErrors);
  const busy = useNavigation().state === "submitting";
  const link = (path: string) => withCoop(path, coopSlug);

  if (!form) {
    return (
      <section className="narrow stack">
        <p>
          <Link to={link("/manage/batches")}>← {t.batches.page.back}</Link>
        </p>
        <h1>{t.batches.open.title}</h1>
        {products.length === 0 ? (
          <div className="card stack">
            <p>{t.batches.open.noProducts}</p>
            <Link className="button" to={link("/manage/products/new")}>
              {t.batches.open.addProduct}
            </Link>
          </div>
        ) : (
          <nav aria-labelledby="choose-product" className="card stack">
            <h2 id="choose-product">{t.batches.open.chooseProduct}</h2>
            <ul className="choice-list">
              {products.map((p) => (
                <li key={p.id}>
                  <Link className="button secondary block" to={link(`/manage/batches/new?product=${p.id}`)}>
                    {p.name}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
        )}
      </section>
    );
  }

  const values = { ...form, quantity: "", bestBefore: "", ...(failure?.values ?? {}) };
  const labels: Record<string, string> = {
    productId: t.batches.open.product,
    lot: t.batches.open.lot,
    quantity: translate("batches.open.quantity", { unit: form.unit }),
    producedOn: t.batches.open.producedOn,
    bestBefore: t.batches.open.bestBefore,
  };
  const summary = Object.keys(failure?.fieldErrors ?? {}).flatMap((field) => {
    const message = errorOf(field);
    return message ? [{ fieldId: field, label: labels[field] ?? field, message }] : [];
  });
  return (
    <section className="narrow stack">
      <p>
        <Link to={link("/manage/batches")}>← {t.batches.page.back}</Link>
      </p>
      <h1>{t.batches.open.title}</h1>
      <Form method="post" className="card stack" noValidate>
        <ErrorSummary
          message={failure?.formError ? translate(failure.formError, failure.formErrorParams) : null}
          errors={summary}
        />
        <div className="field">
          <p>
            {t.batches.open.product}: <strong>{form.productName}</strong>
          </p>
          {products.length > 1 ? (
            <p>
              <Link to={link("/manage/batches/new")}>{t.batches.open.otherProduct}</Link>
            </p>
          ) : null}
          <input type="hidden" name="productId" value={form.productId} />
          {errorOf("productId") ? (
            <p className="field-error" id="productId">
              {errorOf("productId")}
            </p>
          ) : null}
        </div>
        <Field
          name="lot"
          label={t.batches.open.lot}
          hint={t.batches.open.lotHint}
          defaultValue={values.lot}
          error={errorOf("lot")}
          autoCapitalize="characters"
          autoComplete="off"
          spellCheck={false}
          maxLength={40}
          required
        />
        <Field
          name="quantity"
          label={labels.quantity}
          hint={t.batches.open.quantityHint}
          defaultValue={values.quantity}
          error={errorOf("quantity")}
          inputMode="numeric"
          required
        />
        <Field
          name="producedOn"
          type="date"
          label={t.batches.open.producedOn}
          defaultValue={values.producedOn}
          error={errorOf("producedOn")}
          required
        />
        <Field
          name="bestBefore"
          type="date"
          label={t.batches.open.bestBefore}
          hint={t.batches.open.bestBeforeHint}
          defaultValue={values.bestBefore}
          error={errorOf("bestBefore")}
        />
        <button type="submit" className="button block" disabled={busy}>
          {t.batches.open.submit}
        </button>
      </Form>
    </section>
  );
}
