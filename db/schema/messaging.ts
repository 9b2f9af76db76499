import { index, integer, jsonb, pgEnum, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { createdAt, id, tstz } from "./_columns";
import { users } from "./accounts";

export const outboxChannel = pgEnum("outbox_channel", ["inbox", "email", "sms"]);
export const outboxStatus = pgEnum("outbox_status", ["pending", "sent", "failed"]);

/**
 * Messages to deliver (transactional outbox): written in the same transaction as the change
 * they report; a worker delivers them. Inbox messages are read in the app by their recipient.
 */
export const outbox = pgTable(
  "outbox",
  {
    id: id(),
    channel: outboxChannel("channel").notNull(),
    recipientUserId: uuid("recipient_user_id").references(() => users.id, { onDelete: "cascade" }),
    /** Email address or phone number for channels outside the app. */
    toAddress: text("to_address"),
    /** Message template key; the text is rendered in the recipient's language when shown or sent. */
    template: text("template").notNull(),
    params: jsonb("params").$type<Record<string, string | number | null>>().notNull().default({}),
    status: outboxStatus("status").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    sentAt: tstz("sent_at"),
    readAt: tstz("read_at"),
    createdAt: createdAt(),
  },
  (t) => [
    index("outbox_recipient_user_id_created_at_idx").on(t.recipientUserId, t.createdAt),
    index("outbox_status_created_at_idx").on(t.status, t.createdAt),
  ],
);
