import {
  type ActionFunctionArgs,
  type HeadersFunction,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import {
  ConfirmTransferForm,
  type FormFailureView,
  StatementIssues,
  StatementReport,
  StatementUploadForm,
} from "~/components/Fulfilment";
import { invalid } from "~/domain/errors";
import { platformPayee } from "~/domain/orders/payee.server";
import { confirmTransferAsTyped, listPendingTransfers } from "~/domain/orders/transfers.server";
import fulfilmentCss from "~/styles/fulfilment.css?url";
import { requireRole } from "~/utils/auth.server";
import { cacheNoStore } from "~/utils/cache";
import { formatDateTime, formatVnd } from "~/utils/format";
import { answerStatement, readOrderForm, statementTooLarge } from "~/utils/fulfilment.server";
import { formFailure, httpError, rethrowAsHttp, runForm } from "~/utils/http.server";
import { useLocale, useT, useTranslate } from "~/utils/i18n";
import { messagesFromMatches } from "~/utils/meta";
import { flashHeaders } from "~/utils/session.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: fulfilmentCss }];
export const headers: HeadersFunction = () => ({ "Cache-Control": cacheNoStore });

export const meta: MetaFunction = ({ matches }) => {
  const t = messagesFromMatches(matches);
  return [{ title: `${t.fulfilment.admin.title} · ${t.admin.title} · ${t.common.appName}` }];
};

/** The marketplace's collection account as buyers are shown it, or null when none is set up. */
function platformAccount() {
  const payee = platformPayee();
  return payee ? `${payee.bankName} ${payee.accountNo} (${payee.accountName})` : null;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "admin");
  const pending = await listPendingTransfers(user, null).catch(rethrowAsHttp);
  return { account: platformAccount(), pending };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, "admin");
  const form = await readOrderForm(request);
  if (!form.ok) return statementTooLarge();
  const { values, file } = form;
  if (values.intent === "statement") return answerStatement(user, file, null);
  if (values.intent !== "confirm") return formFailure(invalid("validation.invalid"), values);
  const orderId = values.orderId ?? "";
  // Only orders paid into the marketplace's account are confirmed here.
  const pending = await listPendingTransfers(user, null);
  if (!pending.some((p) => p.orderId === orderId)) httpError(404);
  const result = await runForm(values, () => confirmTransferAsTyped(user, orderId, values.receivedVnd ?? ""));
  if (!result.ok) {
    if (result.failure.init?.status === 404) httpError(404);
    return result.failure;
  }
  throw redirect("/admin/transfers", {
    headers: await flashHeaders(
      request,
      "success",
      result.value === "confirmed" ? "fulfilment.flash.confirmed" : "fulfilment.flash.alreadyPaid",
    ),
  });
}

export default function AdminTransfers() {
  const t = useT();
  const translate = useTranslate();
  const locale = useLocale();
  const { account, pending } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const a = t.fulfilment.admin;
  const statement = result && "kind" in result ? result : null;
  const failure = result && !("kind" in result) ? (result as FormFailureView) : null;
  return (
    <section className="stack">
      <h1>{a.title}</h1>
      <p>{a.intro}</p>
      {account ? (
        <p>
          {t.fulfilment.detail.payee}: <strong>{account}</strong>
        </p>
      ) : null}

      <section className="stack" aria-labelledby="pending-transfers">
        <h2 id="pending-transfers">{translate("fulfilment.admin.pending", { n: pending.length })}</h2>
        {pending.length === 0 ? (
          <p className="card empty-state">{a.empty}</p>
        ) : (
          <ul className="order-list">
            {pending.map((p) => (
              <li key={p.orderId} className="card stack">
                <h3>
                  {p.code} · {formatVnd(p.totalVnd, locale)}
                </h3>
                <p>
                  {p.contactName} · {formatDateTime(p.createdAt, locale)}
                  <span className="hint block">
                    {translate("fulfilment.admin.cooperatives", { names: p.cooperatives.join(", ") })}
                  </span>
                  {p.holdExpiresAt ? (
                    <span className="hint block">
                      {translate("fulfilment.inbox.holdUntil", {
                        time: formatDateTime(p.holdExpiresAt, locale),
                      })}
                    </span>
                  ) : null}
                </p>
                <p>
                  <Link to={`/manage/orders/${p.code}`}>{a.details}</Link>
                </p>
                <ConfirmTransferForm
                  idPrefix={`transfer-${p.code}`}
                  orderId={p.orderId}
                  code={p.code}
                  totalVnd={p.totalVnd}
                  account={account ?? ""}
                  failure={failure?.values.orderId === p.orderId ? failure : null}
                />
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="stack" aria-labelledby="platform-statement">
        <h2 id="platform-statement">{t.fulfilment.statement.title}</h2>
        {statement && !statement.ok ? (
          <StatementIssues message={statement.messageKey} issues={statement.issues} />
        ) : null}
        {statement?.ok ? <StatementReport report={statement.report} /> : null}
        <div className="card">
          <StatementUploadForm platform />
        </div>
      </section>
    </section>
  );
}
