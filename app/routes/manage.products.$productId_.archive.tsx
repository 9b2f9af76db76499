import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ErrorSummary } from "~/components/Field";
import { withCoop } from "~/components/ManageUi";
import { archiveProduct, getManagedProduct } from "~/domain/listings/products.server";
import { rethrowAsHttp, runForm } from "~/utils/http.server";
import { useT, useTranslate } from "~/utils/i18n";
import { requireManager } from "~/utils/manage.server";
import { messagesFromMatches } from "~/utils/meta";
import { flashHeaders } from "~/utils/session.server";

export const meta: MetaFunction = ({ matches }) => {
  const t = messagesFromMatches(matches);
  return [{ title: `${t.manage.product.archive} · ${t.common.appName}` }];
};

/** The confirmation step: names the product and what archiving does, before anything changes. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireManager(request);
  const { product, cooperative } = await getManagedProduct(user, params.productId ?? "").catch(rethrowAsHttp);
  const back = withCoop(`/manage/products/${product.id}`, cooperative.slug);
  if (product.status === "archived") throw redirect(back);
  return { name: product.name, back };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireManager(request);
  const productId = params.productId ?? "";
  const result = await runForm({}, () => archiveProduct(user, productId));
  if (!result.ok) return result.failure;
  const coop = new URL(request.url).searchParams.get("coop");
  throw redirect(withCoop("/manage/products", coop), {
    headers: await flashHeaders(request, "success", "manage.flash.archived"),
  });
}

export default function ArchiveProduct() {
  const t = useT();
  const translate = useTranslate();
  const { name, back } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  return (
    <section className="narrow stack">
      <h1>{translate("manage.archive.title", { name })}</h1>
      <div className="card stack">
        <ErrorSummary
          message={failure?.formError ? translate(failure.formError, failure.formErrorParams) : null}
        />
        <p>{t.manage.archive.body}</p>
        <p>{t.manage.archive.restoreNote}</p>
        <Form method="post">
          <button type="submit" className="button danger block" disabled={busy}>
            {t.manage.archive.confirm}
          </button>
        </Form>
        <Link className="button secondary block" to={back}>
          {t.manage.archive.cancel}
        </Link>
      </div>
    </section>
  );
}
