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
import { sql } from "drizzle-orm";
import { conflict, invalid } from "~/domain/errors";
import {
  enqueueMessage,
  logInDevelopment as logMessages,
  type OutgoingMessage,
  outboxRow,
} from "~/domain/messaging/outbox.server";
import { regionDirectory } from "~/domain/regions/directory.server";
import { batchTransition } from "~/domain/trace/batch-state";
import { getEnv } from "~/utils/env.server";
import { formatVnd } from "~/utils/format";
import { parseWith } from "~/utils/forms";
import { type Db, db as defaultDb, executePrepared } from "~db/client.server";
import { type CartRef, cartOwnerCondition } from "./cart.server";
import { type CheckoutInput, checkoutSchema } from "./checkout";
import { newOrderCode } from "./code";
import { orderUrl } from "./order-link.server";
import { type Payee, resolvePayee } from "./payee.server";
import { holdsStock, initialOrderStatus } from "./state";
import { knownShort, noteAvailable, placingSlot, stockClock } from "./stock-signal.server";

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

/** A current (post-2025) commune or ward, from the region directory: orders go to today's addresses. */
async function assertDeliverableCommune(regionId: string, tx: Db) {
  const region = (await regionDirectory([regionId], tx)).get(regionId);
  if (region?.scheme !== "current" || region.level !== "commune") {
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
  const startedAt = stockClock();

  for (let attempt = 1; ; attempt++) {
    try {
      return await placeOnce(ref, buyerUserId, input, now, startedAt, tx);
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
  const owner = cartOwnerCondition(ref);
  if (!owner) return [];
  const askedAt = stockClock();
  const rows = await executePrepared<{
    cart_id: string;
    product_id: string;
    quantity: number;
    name: string;
    price_vnd: number;
    status: string;
    cooperative_id: string;
    available: number | string;
  }>(
    sql`select carts.id as cart_id, ci.product_id, ci.quantity, p.name, p.price_vnd, p.status,
        p.cooperative_id, coalesce((select sum(b.quantity_available) from batches b
          where b.product_id = p.id and b.status = 'released' and b.quantity_available > 0), 0) as available
      from carts
      join cart_items ci on ci.cart_id = carts.id
      join products p on p.id = ci.product_id
      where ${owner}
      order by ci.created_at, ci.id`,
    tx,
  );
  if (tx === defaultDb()) for (const r of rows) noteAvailable(r.product_id, Number(r.available), askedAt);
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
  startedAt: number,
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

  // One statement, so one transaction and one round trip, with one parameter: the whole order as
  // JSON, so the statement's text never changes and each connection prepares it once.
  const input_: PlaceOrderStatementInput = {
    cartId,
    priced,
    soldOut: SOLD_OUT,
    lines: lines.map((l) => ({
      product_id: l.productId,
      shipment_id: shipmentOf.get(l.cooperativeId) ?? "",
      price_vnd: l.priceVnd,
    })),
    order: {
      id: orderId,
      code,
      user_id: buyerUserId,
      status: initialOrderStatus(input.paymentMethod),
      payment_method: input.paymentMethod,
      contact_name: input.contactName,
      contact_phone: input.contactPhone,
      contact_email: input.contactEmail,
      region_id: input.regionId,
      street: input.street,
      note: input.note,
      total_vnd: totalVnd,
      hold_expires_at: holdExpiresAt?.toISOString() ?? null,
      created_at: now.toISOString(),
    },
    shipments: coopIds.map((cooperativeId) => ({
      id: shipmentOf.get(cooperativeId) ?? "",
      order_id: orderId,
      cooperative_id: cooperativeId,
    })),
    payment: {
      order_id: orderId,
      method: input.paymentMethod,
      amount_vnd: totalVnd,
      payee_cooperative_id: payee?.cooperativeId ?? null,
      payee_bank_bin: payee?.bankBin ?? null,
      payee_account_no: payee?.accountNo ?? null,
      payee_account_name: payee?.accountName ?? null,
    },
    event: {
      order_id: orderId,
      kind: "placed",
      actor_id: buyerUserId,
      details: { method: input.paymentMethod, totalVnd },
      created_at: now.toISOString(),
    },
    messages: messages.map(outboxRow).map((m) => ({
      channel: m.channel,
      recipient_user_id: m.recipientUserId ?? null,
      to_address: m.toAddress ?? null,
      template: m.template,
      params: m.params ?? {},
    })),
    cooperativeIds: coopIds,
  };
  // Outside a caller's transaction the order waits for a slot, and a sell-out learned meanwhile
  // answers it there (stock-signal.server.ts); inside one, it simply runs.
  const top = tx === defaultDb();
  const place = async () => {
    if (top) {
      const short = knownShort(priced, startedAt);
      if (short) throw shortage(lines, short);
    }
    const askedAt = stockClock();
    try {
      const [row] = await executePrepared<{ remaining: string }>(
        placeOrderStatement(JSON.stringify(input_)),
        tx,
      );
      if (top) {
        const remaining = JSON.parse(row?.remaining ?? "[]") as { productId: string; available: number }[];
        for (const r of remaining) noteAvailable(r.productId, r.available, askedAt);
      }
    } catch (error) {
      const refusal = takeStockRefusal(error);
      if (!refusal) throw error;
      if (refusal.reason === "cart_gone") throw conflict("orders.errors.cartEmpty");
      if (refusal.reason === "cart_changed") throw new CartChanged();
      const available = Number(refusal.available ?? 0);
      if (top && refusal.productId) noteAvailable(refusal.productId, available, askedAt);
      throw shortage(lines, { productId: refusal.productId ?? "", available });
    }
  };
  await (top ? placingSlot(place) : place());
  logMessages(messages);
  return { id: orderId, code, paymentMethod: input.paymentMethod, totalVnd, holdExpiresAt };
}

interface PlaceOrderStatementInput {
  cartId: string;
  priced: { productId: string; quantity: number; priceVnd: number }[];
  soldOut: string;
  lines: { product_id: string; shipment_id: string; price_vnd: number }[];
  order: Record<string, string | number | null>;
  shipments: { id: string; order_id: string; cooperative_id: string }[];
  payment: Record<string, string | number | null>;
  event: Record<string, unknown>;
  messages: Record<string, unknown>[];
  cooperativeIds: string[];
}

/**
 * take_stock (db/migrations/0006) locks the cart and the batches, allocates in selling order and
 * takes the units; beside it the order, its shipments, the items with their batches, the payment,
 * the first timeline entry, the messages to the buyer and the cooperatives' managers, and the
 * cart's removal. Every part reads `stock`, so take_stock runs first and a refused buyer's
 * statement stops before writing anything. Columns left out take their defaults.
 */
const placeOrderStatement = (input: string) => sql`with input as (select ${input}::jsonb as j),
  stock as (
    select take_stock((j->>'cartId')::uuid, j->'priced', (j->>'soldOut')::batch_status) as taken from input
  ),
  new_order as (
    insert into orders (id, code, user_id, status, payment_method, contact_name, contact_phone, contact_email,
      region_id, street, note, total_vnd, hold_expires_at, created_at)
    select x.id, x.code, x.user_id, x.status, x.payment_method, x.contact_name, x.contact_phone, x.contact_email,
      x.region_id, x.street, x.note, x.total_vnd, x.hold_expires_at, x.created_at
    from input, stock, jsonb_to_record(j->'order') as x(id uuid, code text, user_id uuid, status order_status,
      payment_method payment_method, contact_name text, contact_phone text, contact_email text, region_id uuid,
      street text, note text, total_vnd int, hold_expires_at timestamptz, created_at timestamptz)
  ),
  new_shipments as (
    insert into order_shipments (id, order_id, cooperative_id)
    select x.id, x.order_id, x.cooperative_id
    from input, stock, jsonb_to_recordset(j->'shipments') as x(id uuid, order_id uuid, cooperative_id uuid)
  ),
  new_payment as (
    insert into payments (order_id, method, amount_vnd, payee_cooperative_id, payee_bank_bin, payee_account_no,
      payee_account_name)
    select x.order_id, x.method, x.amount_vnd, x.payee_cooperative_id, x.payee_bank_bin, x.payee_account_no,
      x.payee_account_name
    from input, stock, jsonb_to_record(j->'payment') as x(order_id uuid, method payment_method, amount_vnd int,
      payee_cooperative_id uuid, payee_bank_bin text, payee_account_no text, payee_account_name text)
  ),
  first_event as (
    insert into order_events (order_id, kind, actor_id, details, created_at)
    select x.order_id, x.kind, x.actor_id, x.details, x.created_at
    from input, stock, jsonb_to_record(j->'event') as x(order_id uuid, kind order_event_kind, actor_id uuid,
      details jsonb, created_at timestamptz)
  ),
  to_buyer as (
    insert into outbox (channel, recipient_user_id, to_address, template, params)
    select x.channel, x.recipient_user_id, x.to_address, x.template, x.params
    from input, stock, jsonb_to_recordset(j->'messages') as x(channel outbox_channel, recipient_user_id uuid,
      to_address text, template text, params jsonb)
  ),
  to_managers as (
    insert into outbox (channel, recipient_user_id, template, params)
    select distinct 'inbox'::outbox_channel, m.user_id, 'orderReceived', jsonb_build_object('code', i.j->'order'->>'code')
    from input i, stock, memberships m
    where m.role = 'manager'
      and m.cooperative_id in (select c::uuid from jsonb_array_elements_text(i.j->'cooperativeIds') c)
  ),
  items as (
    insert into order_items (order_id, shipment_id, product_id, batch_id, quantity, unit_price_vnd)
    select (i.j->'order'->>'id')::uuid, l.shipment_id, a."productId", a."batchId", a.quantity, l.price_vnd
    from input i, stock s,
      jsonb_to_recordset(s.taken->'allocations') as a("productId" uuid, "batchId" uuid, quantity int),
      jsonb_to_recordset(i.j->'lines') as l(product_id uuid, shipment_id uuid, price_vnd int)
    where l.product_id = a."productId"
  ),
  -- After take_stock has locked and read the cart (this refers to its result).
  cart_gone as (
    delete from carts where id = (select (j->>'cartId')::uuid from input) and exists (select 1 from stock)
  )
  select (taken->'remaining')::text as remaining from stock`;

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
