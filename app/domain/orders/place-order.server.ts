/**
 * Placing an order: the cart is read and priced from the database, then one statement (one
 * transaction, one round trip) takes the stock and writes the order. The stock part is the
 * database function take_stock (db/migrations/0006_take_stock_function.sql): it locks the cart
 * and the batches, checks the cart still holds what was priced, allocates every line to released
 * batches, earliest best-before first, and takes the units. Beside it the same statement writes
 * the order, one shipment per cooperative, the items with their batches, the payment, the first
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
import { batchTransition } from "~/domain/trace/batch-state";
import { getEnv } from "~/utils/env.server";
import { formatVnd } from "~/utils/format";
import { parseWith } from "~/utils/forms";
import { type Db, db as defaultDb, rowsOf } from "~db/client.server";
import { orderEvents, orderShipments, orders, outbox, payments, regions } from "~db/schema";
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
      // The cart changed while the order was being placed (read it again), or two orders drew
      // the same code (one chance in hundreds of millions): try again.
      const again = error instanceof CartChanged || isUniqueViolation(error, "orders_code_key");
      if (again && attempt < 3) continue;
      if (error instanceof CartChanged) throw conflict("orders.errors.pricesChanged");
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
  /** Units on sale now, read without locks (take_stock checks again under them). */
  available: number;
}

/** The cart's lines with today's name, price, status, cooperative and stock, in one query, no locks. */
async function readCart(ref: CartRef, tx: Db): Promise<Line[]> {
  const owner = ref.userId
    ? sql`c.user_id = ${ref.userId}::uuid`
    : ref.token
      ? sql`c.token = ${ref.token} and c.user_id is null`
      : null;
  if (!owner) return [];
  const rows = rowsOf<{
    cart_id: string;
    product_id: string;
    quantity: number;
    name: string;
    price_vnd: number;
    status: string;
    cooperative_id: string;
    available: number | string;
  }>(
    await tx.execute(sql`select c.id as cart_id, ci.product_id, ci.quantity, p.name, p.price_vnd, p.status,
        p.cooperative_id, coalesce((select sum(b.quantity_available) from batches b
          where b.product_id = p.id and b.status = 'released' and b.quantity_available > 0), 0) as available
      from carts c
      join cart_items ci on ci.cart_id = c.id
      join products p on p.id = ci.product_id
      where ${owner}
      order by ci.created_at, ci.id`),
  );
  return rows.map((r) => ({
    cartId: r.cart_id,
    productId: r.product_id,
    quantity: Number(r.quantity),
    name: r.name,
    priceVnd: Number(r.price_vnd),
    status: r.status,
    cooperativeId: r.cooperative_id,
    available: Number(r.available),
  }));
}

/** Refusals before any lock: empty cart, a line off sale, prices changed since the buyer looked, stock already short. */
function checkLines(lines: Line[], input: CheckoutInput): number {
  if (lines.length === 0) throw conflict("orders.errors.cartEmpty");
  const unavailable = lines.find((l) => l.status !== "approved");
  if (unavailable) throw conflict("orders.errors.lineUnavailable", { product: unavailable.name });
  const totalVnd = lines.reduce((n, l) => n + l.priceVnd * l.quantity, 0);
  if (input.expectedTotalVnd !== undefined && input.expectedTotalVnd !== totalVnd) {
    throw conflict("orders.errors.pricesChanged");
  }
  // Already short before any lock: refused without building or sending the order.
  const short = lines.find((l) => l.quantity > l.available);
  if (short) throw shortage(lines, short);
  return totalVnd;
}

async function placeOnce(
  ref: CartRef,
  buyerUserId: string | null,
  input: CheckoutInput,
  now: Date,
  tx: Db,
): Promise<PlacedOrder> {
  const lines = await readCart(ref, tx);
  const totalVnd = checkLines(lines, input);
  const cartId = lines[0]?.cartId ?? "";
  const coopIds = [...new Set(lines.map((l) => l.cooperativeId))];
  let payee: Payee | null = null;
  if (input.paymentMethod === "vietqr") {
    payee = await resolvePayee(coopIds, tx);
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
  // What the buyer is paying for: take_stock refuses if the cart no longer holds exactly this.
  const priced = lines
    .map((l) => ({ productId: l.productId, quantity: l.quantity, priceVnd: l.priceVnd }))
    .sort((x, y) => (x.productId < y.productId ? -1 : 1));
  const lineValues = lines.map(
    (l) => sql`(${l.productId}::uuid, ${shipmentOf.get(l.cooperativeId)}::uuid, ${l.priceVnd}::int)`,
  );

  // One statement, so one transaction and one round trip: take_stock (db/migrations/0006) locks
  // the cart and the batches, allocates in selling order and takes the units; the order, its
  // shipments, the items with their batches, the payment, the first timeline entry, the messages
  // and the cart's removal are written beside it. A refusal raised by take_stock undoes it all.
  const writes: SQL[] = [
    sql`insert into order_items (order_id, shipment_id, product_id, batch_id, quantity, unit_price_vnd)
      select ${orderId}::uuid, l.shipment_id, a."productId", a."batchId", a.quantity, l.price
      from jsonb_to_recordset((select allocations from stock)) as a("productId" uuid, "batchId" uuid, quantity int)
      join (values ${sql.join(lineValues, sql`, `)}) as l(product_id, shipment_id, price) on l.product_id = a."productId"`,
    tx
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
    tx
      .insert(orderShipments)
      .values(coopIds.map((cooperativeId) => ({ id: shipmentOf.get(cooperativeId), orderId, cooperativeId })))
      .getSQL(),
    tx
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
    tx
      .insert(orderEvents)
      .values({
        orderId,
        kind: "placed",
        actorId: buyerUserId,
        details: { method: input.paymentMethod, totalVnd },
        at: now,
      })
      .getSQL(),
    tx.insert(outbox).values(messages.map(outboxRow)).getSQL(),
    sql`insert into outbox (channel, recipient_user_id, template, params)
      select distinct 'inbox'::outbox_channel, m.user_id, 'orderReceived', ${JSON.stringify({ code })}::jsonb
      from memberships m
      where m.role = 'manager' and m.cooperative_id in (${sql.join(
        coopIds.map((id) => sql`${id}::uuid`),
        sql`, `,
      )})`,
    // After take_stock has locked and read the cart (it refers to its result).
    sql`delete from carts where id = ${cartId}::uuid and exists (select 1 from stock)`,
  ];
  try {
    await tx.execute(
      sql`with stock as (
          select take_stock(${cartId}::uuid, ${JSON.stringify(priced)}::jsonb, ${SOLD_OUT}::batch_status) as allocations
        ), ${sql.join(
          writes.map((w, i) => sql`${sql.raw(`w${i}`)} as (${w})`),
          sql`, `,
        )} select 1`,
    );
  } catch (error) {
    const refusal = takeStockRefusal(error);
    if (!refusal) throw error;
    if (refusal.reason === "cart_gone") throw conflict("orders.errors.cartEmpty");
    if (refusal.reason === "cart_changed") throw new CartChanged();
    throw shortage(lines, { productId: refusal.productId ?? "", available: Number(refusal.available ?? 0) });
  }
  logMessages(messages);
  return { id: orderId, code, paymentMethod: input.paymentMethod, totalVnd, holdExpiresAt };
}

/** The status a released batch takes when its last unit is sold (the batch state machine's rule). */
const SOLD_OUT = batchTransition("released", "sell_out") ?? "sold_out";

/** The cart changed between reading and placing (another tab, a price update): read it again. */
class CartChanged extends Error {}

interface TakeStockRefusal {
  reason: "cart_gone" | "cart_changed" | "short";
  productId?: string;
  available?: number;
}

/** take_stock's refusal, from the database error it raised; null for any other error. */
function takeStockRefusal(error: unknown): TakeStockRefusal | null {
  for (let e: unknown = error; e; e = (e as { cause?: unknown }).cause) {
    const { message, detail } = e as { message?: string; detail?: string };
    if (message === "take_stock_refused" && detail) return JSON.parse(detail) as TakeStockRefusal;
  }
  return null;
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
