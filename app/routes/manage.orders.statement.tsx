import type {
  ActionFunctionArgs,
  HeadersFunction,
  LinksFunction,
  LoaderFunctionArgs,
  MetaFunction,
} from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { StatementIssues, StatementReport, StatementUploadForm } from "~/components/Fulfilment";
import { withCoop } from "~/components/ManageUi";
import fulfilmentCss from "~/styles/fulfilment.css?url";
import { cacheNoStore } from "~/utils/cache";
import { answerStatement, readOrderForm, statementTooLarge } from "~/utils/fulfilment.server";
import { httpError } from "~/utils/http.server";
import { useT } from "~/utils/i18n";
import { requireWorkingCooperative } from "~/utils/manage.server";
import { messagesFromMatches } from "~/utils/meta";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: fulfilmentCss }];
export const headers: HeadersFunction = () => ({ "Cache-Control": cacheNoStore });

export const meta: MetaFunction = ({ matches }) => {
  const t = messagesFromMatches(matches);
  return [{ title: `${t.fulfilment.statement.title} · ${t.common.appName}` }];
};

export async function loader({ request }: LoaderFunctionArgs) {
  const { current } = await requireWorkingCooperative(request);
  if (!current) httpError(404);
  return { coopSlug: current.slug, coopName: current.name };
}

/** The statement is of the working cooperative's account: only transfers to it are confirmed. */
export async function action({ request }: ActionFunctionArgs) {
  const { user, current } = await requireWorkingCooperative(request);
  if (!current) httpError(404);
  const form = await readOrderForm(request);
  if (!form.ok) return statementTooLarge();
  return answerStatement(user, form.file, current.id);
}

export default function ImportStatement() {
  const t = useT();
  const { coopSlug } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const s = t.fulfilment.statement;
  return (
    <section className="stack">
      <p>
        <Link to={withCoop("/manage/orders", coopSlug)}>← {t.fulfilment.detail.back}</Link>
      </p>
      <h1>{s.title}</h1>
      {result && !result.ok ? <StatementIssues message={result.messageKey} issues={result.issues} /> : null}
      {result?.ok ? <StatementReport report={result.report} /> : null}
      <div className="card">
        <StatementUploadForm />
      </div>
      <p>
        <Link to={withCoop("/manage/orders?filter=awaiting_payment", coopSlug)}>
          {t.fulfilment.home.transfersOpen}
        </Link>
      </p>
    </section>
  );
}
