/**
 * Bank transfers waiting for someone to say the money arrived. A transfer to a cooperative's own
 * account is confirmed by that cooperative's managers (or an admin); one to the marketplace's
 * collection account (orders from several cooperatives) only by an admin. The confirmation itself
 * is confirmTransfer in ./lifecycle.server.ts.
 */
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { type Actor, isAdmin, managedCooperativeIds } from "~/domain/cooperatives/access.server";
import { forbidden, invalid } from "~/domain/errors";
import { type Db, db as defaultDb } from "~db/client.server";
import { orders, payments } from "~db/schema";
import { parseVndAmount } from "./amount";
import { confirmTransfer, type TransferConfirmation } from "./lifecycle.server";

/** Whose account a transfer goes to: a cooperative's (by id) or the marketplace's (null). */
export type TransferPayee = string | null;

/** Whether the actor may say that money reached this account. */
export function mayConfirmTransferTo(actor: Actor, payeeCooperativeId: TransferPayee): boolean {
  if (isAdmin(actor)) return true;
  return payeeCooperativeId !== null && managedCooperativeIds(actor).includes(payeeCooperativeId);
}

/**
 * The seller's "money received" form: the amount as typed ("150.000", "150000", "150,000 ₫").
 * Anything that is not a positive whole amount is refused next to the field.
 */
export async function confirmTransferAsTyped(
  actor: Actor,
  orderId: string,
  amountText: string,
  options: { tx?: Db; now?: Date } = {},
): Promise<TransferConfirmation> {
  const amount = parseVndAmount(amountText);
  if (amount === null || amount <= 0) {
    throw invalid("validation.formSummary", { receivedVnd: "orders.errors.amountInvalid" });
  }
  return confirmTransfer(actor, orderId, amount, options);
}

/** A bank transfer still awaited for an order, to `payee`'s account (null: the marketplace's). */
function awaitingTransferTo(payee: TransferPayee) {
  return and(
    eq(payments.method, "vietqr"),
    eq(payments.status, "pending"),
    eq(orders.status, "awaiting_payment"),
    payee === null ? isNull(payments.payeeCooperativeId) : eq(payments.payeeCooperativeId, payee),
  );
}

export interface PendingTransfer {
  orderId: string;
  code: string;
  contactName: string;
  totalVnd: number;
  createdAt: Date;
  holdExpiresAt: Date | null;
  /** The cooperatives whose goods the order holds. */
  cooperatives: string[];
}

/**
 * Unpaid bank-transfer orders to one account, oldest first. Admins only for the marketplace's
 * account; a cooperative's managers (and admins) for the cooperative's.
 */
export async function listPendingTransfers(
  actor: Actor,
  payee: TransferPayee,
  tx: Db = defaultDb(),
): Promise<PendingTransfer[]> {
  if (!mayConfirmTransferTo(actor, payee)) throw forbidden();
  const rows = await tx
    .select({
      orderId: orders.id,
      code: orders.code,
      contactName: orders.contactName,
      totalVnd: orders.totalVnd,
      createdAt: orders.createdAt,
      holdExpiresAt: orders.holdExpiresAt,
      cooperatives: sql<string[] | null>`(select array_agg(c.name order by c.name) from order_shipments s
        join cooperatives c on c.id = s.cooperative_id where s.order_id = ${orders.id})`,
    })
    .from(payments)
    .innerJoin(orders, eq(orders.id, payments.orderId))
    .where(awaitingTransferTo(payee))
    .orderBy(asc(orders.createdAt))
    .limit(200);
  return rows.map((r) => ({ ...r, totalVnd: Number(r.totalVnd), cooperatives: r.cooperatives ?? [] }));
}

/** How many transfers to a cooperative's account wait for its managers to confirm them. */
export async function countPendingTransfers(cooperativeId: string, tx: Db = defaultDb()): Promise<number> {
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(payments)
    .innerJoin(orders, eq(orders.id, payments.orderId))
    .where(awaitingTransferTo(cooperativeId));
  return Number(row?.n ?? 0);
}
