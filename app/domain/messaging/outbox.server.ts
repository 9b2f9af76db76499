import { and, count, desc, eq, isNull, sql } from "drizzle-orm";
import { type Db, db as defaultDb } from "~db/client.server";
import { memberships, outbox } from "~db/schema";
import { notFound } from "../errors";
import { type MessageParams, type MessageTemplate, renderMessage } from "./render";

export { type MessageParams, type MessageTemplate, renderMessage } from "./render";

export type MessageChannel = (typeof outbox.$inferInsert)["channel"];

export interface OutgoingMessage {
  channel: MessageChannel;
  /** Required for the in-app inbox; optional for email and SMS (the address is then looked up at send time). */
  recipientUserId?: string | null;
  /** Email address or phone number for channels outside the app. */
  toAddress?: string | null;
  template: MessageTemplate;
  params: MessageParams;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Logs queued messages in development, where no delivery worker runs. */
export function logInDevelopment(rows: OutgoingMessage[]) {
  // No delivery worker runs in development: the log line is how a developer sees the message.
  if (process.env.NODE_ENV === "production") return;
  for (const m of rows) {
    const to = m.recipientUserId ? `user ${m.recipientUserId}` : (m.toAddress ?? "?");
    console.info(
      `[outbox] ${m.channel} → ${to} (${m.template}): ${renderMessage("vi", m.template, m.params)}`,
    );
  }
}

function assertAddressed(m: OutgoingMessage) {
  if (m.channel === "inbox" && !m.recipientUserId) throw new Error("An inbox message needs a recipient user");
  if (m.channel !== "inbox" && !m.recipientUserId && !m.toAddress) {
    throw new Error(`A ${m.channel} message needs a recipient user or an address`);
  }
}

/** The outbox row for a message, for callers that write it inside a larger statement. */
export function outboxRow(message: OutgoingMessage): typeof outbox.$inferInsert {
  assertAddressed(message);
  return {
    channel: message.channel,
    recipientUserId: message.recipientUserId ?? null,
    toAddress: message.toAddress ?? null,
    template: message.template,
    params: message.params,
  };
}

/**
 * Queues a message in the transactional outbox. Call it with the transaction of the change the
 * message reports, so the message exists exactly when the change does.
 */
export async function enqueueMessage(message: OutgoingMessage, tx: Db = defaultDb()) {
  assertAddressed(message);
  const [row] = await tx
    .insert(outbox)
    .values({
      channel: message.channel,
      recipientUserId: message.recipientUserId ?? null,
      toAddress: message.toAddress ?? null,
      template: message.template,
      params: message.params,
    })
    .returning({ id: outbox.id });
  logInDevelopment([message]);
  return { id: row?.id ?? "" };
}

/** One inbox message per manager of the cooperative. Returns how many were queued. */
export async function notifyCooperativeManagers(
  cooperativeId: string,
  template: MessageTemplate,
  params: MessageParams,
  tx: Db = defaultDb(),
): Promise<number> {
  const managers = await tx
    .selectDistinct({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.cooperativeId, cooperativeId), eq(memberships.role, "manager")));
  if (managers.length === 0) return 0;
  const messages = managers.map(
    (m): OutgoingMessage => ({ channel: "inbox", recipientUserId: m.userId, template, params }),
  );
  await tx.insert(outbox).values(
    messages.map((m) => ({
      channel: m.channel,
      recipientUserId: m.recipientUserId,
      template: m.template,
      params: m.params,
    })),
  );
  logInDevelopment(messages);
  return messages.length;
}

export interface InboxMessage {
  id: string;
  template: string;
  params: MessageParams;
  createdAt: Date;
  readAt: Date | null;
}

/** The user's in-app messages, newest first. */
export async function listInbox(
  userId: string,
  { limit = 50 }: { limit?: number } = {},
  tx: Db = defaultDb(),
): Promise<InboxMessage[]> {
  return tx
    .select({
      id: outbox.id,
      template: outbox.template,
      params: outbox.params,
      createdAt: outbox.createdAt,
      readAt: outbox.readAt,
    })
    .from(outbox)
    .where(and(eq(outbox.recipientUserId, userId), eq(outbox.channel, "inbox")))
    .orderBy(desc(outbox.createdAt), desc(outbox.id))
    .limit(Math.max(1, Math.min(limit, 200)));
}

/** Marks one of the user's own messages read; someone else's message is "not found". */
export async function markMessageRead(userId: string, messageId: string, tx: Db = defaultDb()) {
  if (!UUID.test(messageId)) throw notFound();
  const [row] = await tx
    .update(outbox)
    .set({ readAt: sql`coalesce(${outbox.readAt}, now())` })
    .where(and(eq(outbox.id, messageId), eq(outbox.recipientUserId, userId), eq(outbox.channel, "inbox")))
    .returning({ id: outbox.id, readAt: outbox.readAt });
  if (!row) throw notFound();
  return row;
}

export async function countUnread(userId: string, tx: Db = defaultDb()): Promise<number> {
  const [row] = await tx
    .select({ n: count() })
    .from(outbox)
    .where(and(eq(outbox.recipientUserId, userId), eq(outbox.channel, "inbox"), isNull(outbox.readAt)));
  return row?.n ?? 0;
}
