/**
 * Placing an order: one transaction that reads the cart, prices it from the database, allocates
 * every line to released batches (earliest best-before first) under row locks, and writes the
 * order, one shipment per cooperative, the items with their batches, the payment, the first
 * timeline entry and the messages. Two buyers for the last units: one gets them, the other a
 * "sold out" naming the product; stock never goes below zero (a check constraint agrees).
 */
import { randomUUID } from "node:crypto";
import { and, eq, type SQL, sql } from "drizzle-orm";
import { conflict, invalid } from "~/domain/errors";
import {
  enqueueMessage,
  logInDevelopment as logMessages,
  type OutgoingMessage,
  outboxRow,
} from "~/domain/messaging/outbox.server";
import { type BatchStatus, batchTransition } from "~/domain/trace/batch-state";
import { getEnv } from "~/utils/env.server";
import { formatVnd } from "~/utils/format";
import { parseWith } from "~/utils/forms";
import { type Db, db as defaultDb, rowsOf } from "~db/client.server";
import {
  carts,
  orderEvents,
  orderItems,
  orderShipments,
  orders,
  outbox,
  payments,
  regions,
} from "~db/schema";
import type { CartRef } from "./cart.server";
import { type CheckoutInput, checkoutSchema } from "./checkout";
import { newOrderCode } from "./code";
import { orderUrl } from "./order-link.server";
import { type Payee, resolvePayee } from "./payee.server";
import { holdsStock, initialOrderStatus } from "./state";

export interface PlacedOrder {
  id: string;
  code: string;
  paymentMethod: CheckoutInput["paymentMethod"];
  totalVnd: number;
  holdExpiresAt: Date | null;
}

export interface Allocation {
  productId: string;
  batchId: string;
  quantity: number;
}

/**
 * Splits each wanted quantity over the batches given (already in selling order). Returns the
 * allocations, or the first product that cannot be covered.
 */
export function allocate(
  wanted: ReadonlyArray<{ productId: string; quantity: number }>,
  batchesInOrder: ReadonlyArray<{ id: string; productId: string; available: number }>,
): { ok: true; allocations: Allocation[] } | { ok: false; productId: string; available: number } {
  const left = new Map(batchesInOrder.map((b) => [b.id, b.available]));
  const allocations: Allocation[] = [];
  for (const line of wanted) {
    let need = line.quantity;
    const own = batchesInOrder.filter((b) => b.productId === line.productId);
    for (const b of own) {
      if (need === 0) break;
      const take = Math.min(need, left.get(b.id) ?? 0);
      if (take <= 0) continue;
      allocations.push({ productId: line.productId, batchId: b.id, quantity: take });
      left.set(b.id, (left.get(b.id) ?? 0) - take);
      need -= take;
    }
    if (need > 0) {
      const available = own.reduce((n, b) => n + b.available, 0);
      return { ok: false, productId: line.productId, available };
    }
  }
  return { ok: true, allocations };
}

interface CandidateRow {
  id: string;
  product_id: string;
  status: BatchStatus;
  quantity_available: number;
  best_before: string | null;
  produced_on: string;
  lot: string;
}

/**
 * Batches in selling order: earliest best-before first (none last), then oldest production, then lot.
 */
function inSellingOrder(rows: CandidateRow[]) {
  return rows
    .map((r) => ({
      id: r.id,
      productId: r.product_id,
      status: r.status,
      available: Number(r.quantity_available),
      bestBefore: r.best_before,
      producedOn: r.produced_on,
      lot: r.lot,
    }))
    .sort(
      (a, b) =>
        (a.bestBefore ?? "9999").localeCompare(b.bestBefore ?? "9999") ||
        a.producedOn.localeCompare(b.producedOn) ||
        a.lot.localeCompare(b.lot),
    );
}

function shortage(
  lines: ReadonlyArray<{ productId: string; name: string }>,
  r: { productId: string; available: number },
) {
  const line = lines.find((l) => l.productId === r.productId);
  return conflict(
    r.available === 0 ? "orders.errors.soldOutAtCheckout" : "orders.errors.notEnoughAtCheckout",
    {
      product: line?.name ?? "",
      available: r.available,
    },
  );
}

const deliverable = new Map<string, { until: number; check: Promise<boolean> }>();
const DELIVERABLE_TTL_MS = 5 * 60_000;

/**
 * A current (post-2025) commune or ward; orders are delivered to today's addresses. Regions
 * change a few times a year, so a yes is remembered for five minutes, and buyers checking
 * out at the same moment share one lookup.
 */
async function assertDeliverableCommune(regionId: string, tx: Db) {
  const now = Date.now();
  let entry = deliverable.get(regionId);
  if (!entry || entry.until <= now) {
    const check = tx
      .select({ id: regions.id })
      .from(regions)
      .where(and(eq(regions.id, regionId), eq(regions.scheme, "current"), eq(regions.level, "commune")))
      .limit(1)
      .then((rows) => rows.length > 0);
    if (deliverable.size > 10_000) deliverable.clear();
    entry = { until: now + DELIVERABLE_TTL_MS, check };
    deliverable.set(regionId, entry);
    // Only a yes is remembered: a refused id may be imported later, a failed lookup retried.
    check.then(
      (ok) => ok || deliverable.delete(regionId),
      () => deliverable.delete(regionId),
    );
  }
  if (!(await entry.check)) {
    throw invalid("validation.formSummary", { regionId: "orders.errors.communeUnknown" });
  }
}

export const holdMinutes = () => getEnv().ORDER_HOLD_MINUTES;
/** Stripe's 30-minute minimum session, plus a little for the buyer's way to it. */
export const CARD_HOLD_MIN_MINUTES = 35;

export interface PlaceOrderOptions {
  now?: Date;
  /** Whether the card option is open (Stripe configured). */
  cardEnabled: boolean;
}

/**
 * Places the order for the cart `ref`. Form problems → DomainError invalid (field errors);
 * an empty or expired cart, changed prices and sold-out stock → conflict. Nothing is written
 * unless the whole order is.
 *
 * Round trips are few on purpose (a checkout under contention is measured by the benchmark):
 * one read outside any transaction turns most refusals away; the order's rows are written by
 * one statement; the batch rows are locked last and held for three statements.
 */
export async function placeOrder(
  ref: CartRef,
  buyerUserId: string | null,
  raw: Record<string, unknown>,
  options: PlaceOrderOptions,
  tx: Db = defaultDb(),
): Promise<PlacedOrder> {
  const parsed = parseWith(checkoutSchema, raw);
  if (!parsed.ok) throw parsed.error;
  const input = parsed.data;
  if (input.paymentMethod === "card" && !options.cardEnabled) {
    throw invalid("validation.formSummary", { paymentMethod: "orders.errors.cardUnavailable" });
  }
  await assertDeliverableCommune(input.regionId, tx);
  const now = options.now ?? new Date();

  for (let attempt = 1; ; attempt++) {
    try {
      return await placeOnce(ref, buyerUserId, input, now, tx);
    } catch (error) {
      // Two orders drew the same code (one chance in hundreds of millions): draw again.
      if (attempt < 3 && isUniqueViolation(error, "orders_code_key")) continue;
      throw error;
    }
  }
}

function isUniqueViolation(error: unknown, constraint: string): boolean {
  for (let e: unknown = error; e; e = (e as { cause?: unknown }).cause) {
    const { code, message } = e as { code?: string; message?: string };
    if (code === "23505" && String(message ?? "").includes(constraint)) return true;
    if ((e as { constraint_name?: string }).constraint_name === constraint) return true;
  }
  return false;
}

interface Line {
  cartId: string;
  productId: string;
  quantity: number;
  name: string;
  priceVnd: number;
  status: string;
  cooperativeId: string;
}

const parsedJson = <T>(value: unknown): T => (typeof value === "string" ? JSON.parse(value) : value) as T;

/**
 * In one statement: locks the cart row (a double-submitted checkout then places one order: the
 * second finds the cart gone), reads its lines with today's name, price, status and cooperative,
 * and locks every batch that could serve them (released, with stock) in id order, the same order
 * in every transaction, so two checkouts never wait on each other in a circle. Rows changed while
 * waiting are re-read by PostgreSQL under the lock. The batches come back in selling order.
 */
async function lockCartAndStock(ref: CartRef, tx: Db) {
  const owner = ref.userId
    ? sql`c.user_id = ${ref.userId}::uuid`
    : ref.token
      ? sql`c.token = ${ref.token} and c.user_id is null`
      : null;
  if (!owner) return { lines: [] as Line[], batches: [] };
  const [row] = rowsOf<{ cart_id: string | null; lines: unknown; batches: unknown }>(
    await tx.execute(sql`with cart as (
        select c.id from carts c where ${owner} for update
      ), lines as (
        select ci.product_id, ci.quantity, p.name, p.price_vnd, p.status, p.cooperative_id, ci.created_at, ci.id
        from cart_items ci join products p on p.id = ci.product_id
        where ci.cart_id in (select id from cart)
      ), stock as (
        select b.id, b.product_id, b.status, b.quantity_available, b.best_before::text as best_before,
          b.produced_on::text as produced_on, b.lot
        from batches b
        where b.product_id in (select product_id from lines) and b.status = 'released' and b.quantity_available > 0
        order by b.id
        for update
      )
      select (select id from cart limit 1) as cart_id,
        coalesce((select json_agg(l order by l.created_at, l.id) from lines l), '[]') as lines,
        coalesce((select json_agg(s) from stock s), '[]') as batches`),
  );
  const cartId = row?.cart_id ?? "";
  const lines = parsedJson<
    {
      product_id: string;
      quantity: number;
      name: string;
      price_vnd: number;
      status: string;
      cooperative_id: string;
    }[]
  >(row?.lines ?? []).map(
    (l): Line => ({
      cartId,
      productId: l.product_id,
      quantity: Number(l.quantity),
      name: l.name,
      priceVnd: Number(l.price_vnd),
      status: l.status,
      cooperativeId: l.cooperative_id,
    }),
  );
  return { lines, batches: inSellingOrder(parsedJson<CandidateRow[]>(row?.batches ?? [])) };
}

/** The refusals about the cart itself: empty, a line off sale, prices changed since the buyer looked. */
function checkLines(lines: Line[], input: CheckoutInput): number {
  if (lines.length === 0) throw conflict("orders.errors.cartEmpty");
  const unavailable = lines.find((l) => l.status !== "approved");
  if (unavailable) throw conflict("orders.errors.lineUnavailable", { product: unavailable.name });
  const totalVnd = lines.reduce((n, l) => n + l.priceVnd * l.quantity, 0);
  if (input.expectedTotalVnd !== undefined && input.expectedTotalVnd !== totalVnd) {
    throw conflict("orders.errors.pricesChanged");
  }
  return totalVnd;
}

async function placeOnce(
  ref: CartRef,
  buyerUserId: string | null,
  input: CheckoutInput,
  now: Date,
  tx: Db,
): Promise<PlacedOrder> {
  return tx.transaction(async (t) => {
    const { lines, batches: locked } = await lockCartAndStock(ref, t);
    const totalVnd = checkLines(lines, input);
    const cartId = lines[0]?.cartId ?? "";
    const coopIds = [...new Set(lines.map((l) => l.cooperativeId))];
    let payee: Payee | null = null;
    if (input.paymentMethod === "vietqr") {
      payee = await resolvePayee(coopIds, t);
      if (!payee)
        throw invalid("validation.formSummary", { paymentMethod: "orders.errors.transferUnavailable" });
    }

    const orderId = randomUUID();
    const code = newOrderCode(now);
    // A card hold lasts at least as long as Stripe's shortest Checkout Session (30 minutes),
    // plus the time to open it, so the session can simply expire with the hold.
    const minutes =
      input.paymentMethod === "card" ? Math.max(holdMinutes(), CARD_HOLD_MIN_MINUTES) : holdMinutes();
    const holdExpiresAt = holdsStock(input.paymentMethod) ? new Date(now.getTime() + minutes * 60_000) : null;
    const shipmentOf = new Map(coopIds.map((id) => [id, randomUUID()]));
    const buyer: BuyerContact = {
      id: orderId,
      code,
      userId: buyerUserId,
      contactPhone: input.contactPhone,
      contactEmail: input.contactEmail,
    };
    const messages = buyerMessages(buyer, "orderPlaced", { total: formatVnd(totalVnd) });

    // The stock, locked above: allocate in selling order. A buyer who finds too little leaves
    // here, having written nothing; from here to the commit is one statement, so a contended
    // batch stays locked for a moment only.
    const result = allocate(lines, locked);
    if (!result.ok) throw shortage(lines, result);
    const byBatch = new Map<string, number>();
    for (const a of result.allocations) byBatch.set(a.batchId, (byBatch.get(a.batchId) ?? 0) + a.quantity);
    const take = [...byBatch].map(([batchId, qty]) => {
      const batch = locked.find((b) => b.id === batchId);
      const status = batch?.status ?? "released";
      const next = (batch?.available ?? 0) === qty ? (batchTransition(status, "sell_out") ?? status) : status;
      return sql`(${batchId}::uuid, ${qty}::int, ${next}::batch_status)`;
    });

    // The units taken, and the order, its shipments, items, payment, first timeline entry and
    // messages, and the cart's removal: one statement (each part a data-modifying WITH clause).
    const lineOf = new Map(lines.map((l) => [l.productId, l]));
    const writes: SQL[] = [
      sql`update batches b set quantity_available = b.quantity_available - v.qty, status = v.next
        from (values ${sql.join(take, sql`, `)}) as v(id, qty, next)
        where b.id = v.id`,
      t
        .insert(orders)
        .values({
          id: orderId,
          code,
          userId: buyerUserId,
          status: initialOrderStatus(input.paymentMethod),
          paymentMethod: input.paymentMethod,
          contactName: input.contactName,
          contactPhone: input.contactPhone,
          contactEmail: input.contactEmail,
          regionId: input.regionId,
          street: input.street,
          note: input.note,
          totalVnd,
          holdExpiresAt,
          createdAt: now,
        })
        .getSQL(),
      t
        .insert(orderShipments)
        .values(
          coopIds.map((cooperativeId) => ({ id: shipmentOf.get(cooperativeId), orderId, cooperativeId })),
        )
        .getSQL(),
      t
        .insert(orderItems)
        .values(
          result.allocations.map((a) => {
            const line = lineOf.get(a.productId);
            if (!line) throw new Error("allocation for a product not in the cart");
            return {
              orderId,
              shipmentId: shipmentOf.get(line.cooperativeId) ?? "",
              productId: a.productId,
              batchId: a.batchId,
              quantity: a.quantity,
              unitPriceVnd: line.priceVnd,
            };
          }),
        )
        .getSQL(),
      t
        .insert(payments)
        .values({
          orderId,
          method: input.paymentMethod,
          amountVnd: totalVnd,
          payeeCooperativeId: payee?.cooperativeId ?? null,
          payeeBankBin: payee?.bankBin ?? null,
          payeeAccountNo: payee?.accountNo ?? null,
          payeeAccountName: payee?.accountName ?? null,
        })
        .getSQL(),
      t
        .insert(orderEvents)
        .values({
          orderId,
          kind: "placed",
          actorId: buyerUserId,
          details: { method: input.paymentMethod, totalVnd },
          at: now,
        })
        .getSQL(),
      t.insert(outbox).values(messages.map(outboxRow)).getSQL(),
      sql`insert into outbox (channel, recipient_user_id, template, params)
        select distinct 'inbox'::outbox_channel, m.user_id, 'orderReceived', ${JSON.stringify({ code })}::jsonb
        from memberships m
        where m.role = 'manager' and m.cooperative_id in (${sql.join(
          coopIds.map((id) => sql`${id}::uuid`),
          sql`, `,
        )})`,
      t.delete(carts).where(eq(carts.id, cartId)).getSQL(),
    ];
    await t.execute(
      sql`with ${sql.join(
        writes.map((w, i) => sql`${sql.raw(`w${i}`)} as (${w})`),
        sql`, `,
      )} select 1`,
    );
    logMessages(messages);

    return { id: orderId, code, paymentMethod: input.paymentMethod, totalVnd, holdExpiresAt };
  });
}

export interface BuyerContact {
  id: string;
  code: string;
  userId: string | null;
  contactPhone: string;
  contactEmail: string | null;
}

export type BuyerTemplate =
  | "orderPlaced"
  | "orderPaid"
  | "orderShipped"
  | "orderDelivered"
  | "orderCancelled"
  | "shipmentCancelled"
  | "orderExpired"
  | "orderRefunded";

/** The messages that tell the buyer: in the app with an account, else by SMS (and email when given). */
export function buyerMessages(
  order: BuyerContact,
  template: BuyerTemplate,
  extra: Record<string, string | number | null>,
): OutgoingMessage[] {
  const params = { code: order.code, link: orderUrl(order), ...extra };
  if (order.userId) return [{ channel: "inbox", recipientUserId: order.userId, template, params }];
  const out: OutgoingMessage[] = [{ channel: "sms", toAddress: order.contactPhone, template, params }];
  if (order.contactEmail) out.push({ channel: "email", toAddress: order.contactEmail, template, params });
  return out;
}

/**
 * Tells the buyer: in the app when they have an account, otherwise by SMS to the checkout's
 * mobile number (and email when given). Every message carries the order's link, signed for a guest.
 */
export async function notifyBuyer(
  order: BuyerContact,
  template: BuyerTemplate,
  extra: Record<string, string | number | null>,
  tx: Db,
) {
  for (const message of buyerMessages(order, template, extra)) await enqueueMessage(message, tx);
}
