import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, useLoaderData, useNavigation } from "@remix-run/react";
import { withCoop } from "~/components/ManageUi";
import { listInbox, markMessageRead, renderMessage } from "~/domain/messaging/outbox.server";
import { formatDateTime } from "~/utils/format";
import { rethrowAsHttp } from "~/utils/http.server";
import { useLocale, useT, useTranslate } from "~/utils/i18n";
import { requireManager } from "~/utils/manage.server";
import { messagesFromMatches } from "~/utils/meta";
import { getLocale } from "~/utils/session.server";

export const meta: MetaFunction = ({ matches }) => {
  const t = messagesFromMatches(matches);
  return [{ title: `${t.manage.inbox.title} · ${t.common.appName}` }];
};

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireManager(request);
  const [messages, locale] = await Promise.all([listInbox(user.id, { limit: 100 }), getLocale(request)]);
  return {
    messages: messages.map((m) => ({
      id: m.id,
      text: renderMessage(locale, m.template, m.params),
      createdAt: m.createdAt,
      unread: m.readAt === null,
    })),
  };
}

/** Marks one of the signed-in user's own messages read; anyone else's is "not found". */
export async function action({ request }: ActionFunctionArgs) {
  const user = await requireManager(request);
  const form = await request.formData();
  await markMessageRead(user.id, String(form.get("messageId") ?? "")).catch(rethrowAsHttp);
  const coop = new URL(request.url).searchParams.get("coop");
  throw redirect(withCoop("/manage/inbox", coop));
}

export default function ManageInbox() {
  const t = useT();
  const translate = useTranslate();
  const locale = useLocale();
  const { messages } = useLoaderData<typeof loader>();
  const busy = useNavigation().state === "submitting";
  return (
    <section className="stack">
      <h1>{t.manage.inbox.title}</h1>
      {messages.length === 0 ? (
        <p className="card">{t.messages.inboxEmpty}</p>
      ) : (
        <ul className="message-list">
          {messages.map((m) => (
            <li key={m.id} className={`card${m.unread ? " unread" : ""}`}>
              <p>
                {m.unread ? <span className="badge badge-count">{t.messages.unread}</span> : null} {m.text}
              </p>
              <p className="hint">
                {translate("manage.inbox.receivedAt", { time: formatDateTime(m.createdAt, locale) })}
              </p>
              {m.unread ? (
                <Form method="post">
                  <input type="hidden" name="messageId" value={m.id} />
                  <button type="submit" className="button secondary" disabled={busy}>
                    {t.messages.markRead}
                  </button>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
