/**
 * Confirming many bank transfers at once from a bank statement. The file is read first
 * (./statement.ts); a file with any unreadable line is refused whole. Then, in one transaction,
 * every line's order codes are looked up and each order the actor may confirm is confirmed with
 * the amount on the line (confirmTransfer, each in its own savepoint, so a refused order leaves
 * the rest standing). The answer is a report with one row per line and order code.
 */
import { eq, inArray } from "drizzle-orm";
import { recordAudit } from "~/domain/audit/audit.server";
import { type Actor, isAdmin, managedCooperativeIds } from "~/domain/cooperatives/access.server";
import { forbidden, isDomainError } from "~/domain/errors";
import { type Db, db as defaultDb } from "~db/client.server";
import { orders, payments } from "~db/schema";
import { orderCodesIn } from "./code";
import { confirmTransfer } from "./lifecycle.server";
import { parseStatementCsv, type StatementIssue, type StatementLine } from "./statement";
import { mayConfirmTransferTo, type TransferPayee } from "./transfers.server";

export const statementOutcomes = [
  "confirmed",
  "already_paid",
  "amount_short",
  "cancelled",
  "not_found",
  "no_code",
  "not_credit",
] as const;
/**
 * confirmed: marked paid now · already_paid: paid before (or earlier in this file) · amount_short:
 * less than the total, not confirmed · cancelled: the order was called off (the money goes back) ·
 * not_found: no such order, or not one this account or this person may confirm · no_code: no
 * order code in the description · not_credit: money going out, or no amount.
 */
export type StatementOutcome = (typeof statementOutcomes)[number];

export interface StatementReportRow {
  line: number;
  date: string | null;
  reference: string | null;
  description: string;
  amountVnd: number | null;
  code: string | null;
  outcome: StatementOutcome;
  /** The order's total; only for orders the actor may confirm. */
  orderTotalVnd: number | null;
  /** The part of the line's amount counted towards this order (a line may pay several orders). */
  appliedVnd: number | null;
}

export type StatementImport =
  | { ok: false; issues: StatementIssue[] }
  | { ok: true; rows: StatementReportRow[]; counts: Record<StatementOutcome, number> };

interface OrderState {
  id: string;
  code: string;
  status: (typeof orders.$inferSelect)["status"];
  totalVnd: number;
  method: (typeof payments.$inferSelect)["method"];
  paymentStatus: (typeof payments.$inferSelect)["status"];
  payee: TransferPayee;
}

export interface ImportStatementOptions {
  /**
   * The account the statement is of: a cooperative's id, or null for the marketplace's. Orders
   * paid to another account are "not found". Undefined: every account the actor may confirm.
   */
  payee?: TransferPayee;
  tx?: Db;
  now?: Date;
}

export async function importStatement(
  actor: Actor,
  csvText: string,
  { payee, tx = defaultDb(), now = new Date() }: ImportStatementOptions = {},
): Promise<StatementImport> {
  if (
    payee !== undefined
      ? !mayConfirmTransferTo(actor, payee)
      : !isAdmin(actor) && !managedCooperativeIds(actor).length
  ) {
    throw forbidden();
  }
  const parsed = parseStatementCsv(csvText);
  if (!parsed.ok) return parsed;
  const codesOf = new Map(parsed.lines.map((l) => [l.line, orderCodesIn(l.description)]));
  const allCodes = [...new Set([...codesOf.values()].flat())];

  return tx.transaction(async (t) => {
    const found = allCodes.length
      ? await t
          .select({
            id: orders.id,
            code: orders.code,
            status: orders.status,
            totalVnd: orders.totalVnd,
            method: payments.method,
            paymentStatus: payments.status,
            payee: payments.payeeCooperativeId,
          })
          .from(orders)
          .innerJoin(payments, eq(payments.orderId, orders.id))
          .where(inArray(orders.code, allCodes))
      : [];
    const byCode = new Map<string, OrderState>(
      found.map((o) => [o.code, { ...o, totalVnd: Number(o.totalVnd) }]),
    );
    const mine = (o: OrderState | undefined): o is OrderState =>
      o !== undefined &&
      o.method === "vietqr" &&
      mayConfirmTransferTo(actor, o.payee) &&
      (payee === undefined || o.payee === payee);

    const rows: StatementReportRow[] = [];
    for (const line of parsed.lines) {
      const codes = codesOf.get(line.line) ?? [];
      const row = (code: string | null, outcome: StatementOutcome, extra: Partial<StatementReportRow> = {}) =>
        rows.push({
          line: line.line,
          date: line.date,
          reference: line.reference,
          description: line.description,
          amountVnd: line.amountVnd,
          code,
          outcome,
          orderTotalVnd: null,
          appliedVnd: null,
          ...extra,
        });
      if (line.amountVnd === null || line.amountVnd <= 0) {
        if (!codes.length) row(null, "not_credit");
        for (const code of codes) row(code, "not_credit");
        continue;
      }
      if (!codes.length) {
        row(null, "no_code");
        continue;
      }
      await confirmLine(line, codes, { actor, byCode, mine, row, tx: t, now });
    }
    const counts = Object.fromEntries(statementOutcomes.map((o) => [o, 0])) as Record<
      StatementOutcome,
      number
    >;
    for (const r of rows) counts[r.outcome]++;
    if (counts.confirmed > 0) {
      await recordAudit(
        {
          actorId: actor.id,
          action: "payment.statement_imported",
          entityType: payee ? "cooperative" : "platform",
          entityId: payee ?? null,
          data: { lines: parsed.lines.length, ...counts },
        },
        t,
      );
    }
    return { ok: true as const, rows, counts };
  });
}

/**
 * One line's money over the orders it names, in the order written: each unpaid order takes its
 * total while money is left, the last one takes whatever remains (so an overpayment is recorded
 * on it, and a shortfall shows as "amount short" there).
 */
async function confirmLine(
  line: StatementLine,
  codes: string[],
  ctx: {
    actor: Actor;
    byCode: Map<string, OrderState>;
    mine: (o: OrderState | undefined) => o is OrderState;
    row: (code: string | null, outcome: StatementOutcome, extra?: Partial<StatementReportRow>) => void;
    tx: Db;
    now: Date;
  },
) {
  const { actor, byCode, mine, row, tx, now } = ctx;
  const unpaid = (o: OrderState) => o.paymentStatus === "pending" && o.status === "awaiting_payment";
  const payable = codes.filter((c) => {
    const o = byCode.get(c);
    return mine(o) && unpaid(o);
  });
  let remaining = line.amountVnd ?? 0;
  for (const code of codes) {
    const order = byCode.get(code);
    if (!mine(order)) {
      row(code, "not_found");
      continue;
    }
    const total = { orderTotalVnd: order.totalVnd };
    if (order.paymentStatus === "succeeded" || order.paymentStatus === "refunded") {
      row(code, "already_paid", total);
      continue;
    }
    if (!unpaid(order)) {
      row(code, "cancelled", total);
      continue;
    }
    const share = payable[payable.length - 1] === code ? remaining : Math.min(order.totalVnd, remaining);
    if (share <= 0) {
      row(code, "amount_short", { ...total, appliedVnd: 0 });
      continue;
    }
    try {
      const result = await confirmTransfer(actor, order.id, share, {
        reference: line.reference ?? `statement line ${line.line}`,
        tx,
        now,
      });
      if (result === "confirmed") {
        order.paymentStatus = "succeeded";
        order.status = "confirmed";
        remaining -= share;
      }
      row(code, result, { ...total, appliedVnd: share });
    } catch (error) {
      if (!isDomainError(error)) throw error;
      const outcome: StatementOutcome =
        error.kind === "invalid" ? "amount_short" : error.kind === "conflict" ? "cancelled" : "not_found";
      row(code, outcome, { ...total, appliedVnd: outcome === "amount_short" ? share : null });
    }
  }
}
