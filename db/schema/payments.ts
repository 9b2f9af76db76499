import { sql } from "drizzle-orm";
import {
  check,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  unique,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { createdAt, id, tstz, updatedAt } from "./_columns";
import { cooperatives } from "./cooperatives";
import { orders, paymentMethod } from "./orders";

export const paymentStatus = pgEnum("payment_status", [
  "pending",
  "succeeded",
  "failed",
  "expired",
  "refunded",
]);

export const payments = pgTable(
  "payments",
  {
    id: id(),
    orderId: uuid("order_id")
      .notNull()
      .references(() => orders.id, { onDelete: "cascade" }),
    method: paymentMethod("method").notNull(),
    status: paymentStatus("status").notNull().default("pending"),
    amountVnd: integer("amount_vnd").notNull(),
    currency: text("currency").notNull().default("VND"),
    /** Stripe Checkout Session id, or a bank transaction reference. */
    providerRef: text("provider_ref"),
    /** Stripe PaymentIntent id once paid: refunds go to it. */
    providerPaymentId: text("provider_payment_id"),
    receivedVnd: integer("received_vnd"),
    /**
     * Bank transfers: the account the buyer was asked to pay, as it was when the order was
     * placed. The cooperative's own for a one-cooperative order (its managers confirm receipt);
     * null cooperative means the marketplace's collection account (admins confirm).
     */
    payeeCooperativeId: uuid("payee_cooperative_id").references(() => cooperatives.id, {
      onDelete: "set null",
    }),
    payeeBankBin: text("payee_bank_bin"),
    payeeAccountNo: text("payee_account_no"),
    payeeAccountName: text("payee_account_name"),
    /** Whole đồng given back so far (cancelled shipments of a paid order). */
    refundedVnd: integer("refunded_vnd").notNull().default(0),
    succeededAt: tstz("succeeded_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("payments_order_id_idx").on(t.orderId),
    index("payments_payee_cooperative_id_idx").on(t.payeeCooperativeId),
    uniqueIndex("payments_method_provider_ref_key").on(t.method, t.providerRef),
    check("payments_amount_nonnegative", sql`${t.amountVnd} >= 0`),
    check(
      "payments_refunded_within_amount",
      sql`${t.refundedVnd} >= 0 and ${t.refundedVnd} <= ${t.amountVnd}`,
    ),
    check("payments_received_nonnegative", sql`${t.receivedVnd} is null or ${t.receivedVnd} >= 0`),
  ],
);

/** Provider notifications (e.g. Stripe webhooks); the unique key makes each one processed once. */
export const paymentEvents = pgTable(
  "payment_events",
  {
    id: id(),
    paymentId: uuid("payment_id").references(() => payments.id, { onDelete: "set null" }),
    provider: text("provider").notNull(),
    providerEventId: text("provider_event_id").notNull(),
    type: text("type").notNull(),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    receivedAt: createdAt(),
  },
  (t) => [
    unique("payment_events_provider_event_key").on(t.provider, t.providerEventId),
    index("payment_events_payment_id_idx").on(t.paymentId),
  ],
);
