/**
 * Placing an order: one transaction that reads the cart, prices it from the database, allocates
 * every line to released batches (earliest best-before first) under row locks, and writes the
 * order, one shipment per cooperative, the items with their batches, the payment, the first
 * timeline entry and the messages. Two buyers for the last units: one gets them, the other a
 * "sold out" naming the product; stock never goes below zero (a check constraint agrees).
 */
import { and, eq, sql } from "drizzle-orm";
import { conflict, invalid } from "~/domain/errors";
import { enqueueMessage, notifyCooperativeManagers } from "~/domain/messaging/outbox.server";
import { type BatchStatus, batchTransition } from "~/domain/trace/batch-state";
import { getEnv } from "~/utils/env.server";
import { formatVnd } from "~/utils/format";
import { parseWith } from "~/utils/forms";
import { type Db, db as defaultDb, rowsOf } from "~db/client.server";
import {
  batches,
  cartItems,
  carts,
  orderEvents,
  orderItems,
  orderShipments,
  orders,
  payments,
  products,
  regions,
} from "~db/schema";
import { type CartRef, findCartId } from "./cart.server";
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
 * The batches that may serve these products (released, with stock), in selling order: earliest
 * best-before first (none last), then oldest production. With `lock`, the rows are locked in id order.
 */
async function candidates(productIds: string[], tx: Db, lock: boolean) {
  const rows = rowsOf<CandidateRow>(
    await tx.execute(sql`select id, product_id, status, quantity_available, best_before::text as best_before,
        produced_on::text as produced_on, lot
      from batches
      where product_id in (${sql.join(
        productIds.map((id) => sql`${id}::uuid`),
        sql`, `,
      )}) and status = 'released' and quantity_available > 0
      order by id ${lock ? sql`for update` : sql``}`),
  );
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

/** A current (post-2025) commune or ward; orders are delivered to today's addresses. */
async function assertDeliverableCommune(regionId: string, tx: Db) {
  const [row] = await tx
    .select({ id: regions.id })
    .from(regions)
    .where(and(eq(regions.id, regionId), eq(regions.scheme, "current"), eq(regions.level, "commune")))
    .limit(1);
  if (!row) throw invalid("validation.formSummary", { regionId: "orders.errors.communeUnknown" });
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

async function placeOnce(
  ref: CartRef,
  buyerUserId: string | null,
  input: CheckoutInput,
  now: Date,
  tx: Db,
): Promise<PlacedOrder> {
  return tx.transaction(async (t) => {
    // The cart row lock makes a double-submitted checkout place one order: the second finds the cart empty.
    const cartId = await findCartId(ref, t, { lock: true });
    const lines = cartId
      ? await t
          .select({
            productId: cartItems.productId,
            quantity: cartItems.quantity,
            name: products.name,
            priceVnd: products.priceVnd,
            status: products.status,
            cooperativeId: products.cooperativeId,
          })
          .from(cartItems)
          .innerJoin(products, eq(products.id, cartItems.productId))
          .where(eq(cartItems.cartId, cartId))
          .orderBy(cartItems.createdAt)
      : [];
    if (lines.length === 0) throw conflict("orders.errors.cartEmpty");
    const unavailable = lines.find((l) => l.status !== "approved");
    if (unavailable) throw conflict("orders.errors.lineUnavailable", { product: unavailable.name });
    const totalVnd = lines.reduce((n, l) => n + l.priceVnd * l.quantity, 0);
    if (input.expectedTotalVnd !== undefined && input.expectedTotalVnd !== totalVnd) {
      throw conflict("orders.errors.pricesChanged");
    }

    const coopIds = [...new Set(lines.map((l) => l.cooperativeId))];
    let payee: Payee | null = null;
    if (input.paymentMethod === "vietqr") {
      payee = await resolvePayee(coopIds, t);
      if (!payee)
        throw invalid("validation.formSummary", { paymentMethod: "orders.errors.transferUnavailable" });
    }

    // Refuse at once, before writing anything, when the stock already read is short: under
    // contention most losing buyers leave here without waiting for a lock.
    const productIds = [...new Set(lines.map((l) => l.productId))];
    const early = allocate(lines, await candidates(productIds, t, false));
    if (!early.ok) throw shortage(lines, early);

    const code = newOrderCode(now);
    // A card hold lasts at least as long as Stripe's shortest Checkout Session (30 minutes),
    // plus the time to open it, so the session can simply expire with the hold.
    const minutes =
      input.paymentMethod === "card" ? Math.max(holdMinutes(), CARD_HOLD_MIN_MINUTES) : holdMinutes();
    const holdExpiresAt = holdsStock(input.paymentMethod) ? new Date(now.getTime() + minutes * 60_000) : null;
    const [order] = await t
      .insert(orders)
      .values({
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
      .returning({ id: orders.id });
    if (!order) throw new Error("order insert returned nothing");

    const shipments = await t
      .insert(orderShipments)
      .values(coopIds.map((cooperativeId) => ({ orderId: order.id, cooperativeId })))
      .returning({ id: orderShipments.id, cooperativeId: orderShipments.cooperativeId });

    await t.insert(payments).values({
      orderId: order.id,
      method: input.paymentMethod,
      amountVnd: totalVnd,
      payeeCooperativeId: payee?.cooperativeId ?? null,
      payeeBankBin: payee?.bankBin ?? null,
      payeeAccountNo: payee?.accountNo ?? null,
      payeeAccountName: payee?.accountName ?? null,
    });
    await t.insert(orderEvents).values({
      orderId: order.id,
      kind: "placed",
      actorId: buyerUserId,
      details: { method: input.paymentMethod, totalVnd },
      at: now,
    });
    if (cartId) await t.delete(carts).where(eq(carts.id, cartId));

    await notifyBuyer(
      {
        id: order.id,
        code,
        userId: buyerUserId,
        contactPhone: input.contactPhone,
        contactEmail: input.contactEmail,
      },
      "orderPlaced",
      { total: formatVnd(totalVnd) },
      t,
    );
    for (const id of coopIds) await notifyCooperativeManagers(id, "orderReceived", { code }, t);

    // The stock itself, last, so the batch rows stay locked for as short a time as possible:
    // lock every batch that could serve the cart in id order (the same order in every
    // transaction, so two checkouts never wait on each other in a circle), allocate in selling
    // order, take the units. Rows changed meanwhile are re-read by PostgreSQL under the lock.
    const locked = await candidates(productIds, t, true);
    const result = allocate(lines, locked);
    if (!result.ok) throw shortage(lines, result);
    const byBatch = new Map<string, number>();
    for (const a of result.allocations) byBatch.set(a.batchId, (byBatch.get(a.batchId) ?? 0) + a.quantity);
    for (const [batchId, qty] of byBatch) {
      const batch = locked.find((b) => b.id === batchId);
      const status = batch?.status ?? "released";
      const next = (batch?.available ?? 0) === qty ? (batchTransition(status, "sell_out") ?? status) : status;
      await t
        .update(batches)
        .set({ quantityAvailable: sql`${batches.quantityAvailable} - ${qty}`, status: next })
        .where(eq(batches.id, batchId));
    }
    const shipmentOf = new Map(shipments.map((s) => [s.cooperativeId, s.id]));
    const lineOf = new Map(lines.map((l) => [l.productId, l]));
    await t.insert(orderItems).values(
      result.allocations.map((a) => {
        const line = lineOf.get(a.productId);
        if (!line) throw new Error("allocation for a product not in the cart");
        return {
          orderId: order.id,
          shipmentId: shipmentOf.get(line.cooperativeId) ?? "",
          productId: a.productId,
          batchId: a.batchId,
          quantity: a.quantity,
          unitPriceVnd: line.priceVnd,
        };
      }),
    );
    return { id: order.id, code, paymentMethod: input.paymentMethod, totalVnd, holdExpiresAt };
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
  const params = { code: order.code, link: orderUrl(order), ...extra };
  if (order.userId) {
    await enqueueMessage({ channel: "inbox", recipientUserId: order.userId, template, params }, tx);
    return;
  }
  await enqueueMessage({ channel: "sms", toAddress: order.contactPhone, template, params }, tx);
  if (order.contactEmail)
    await enqueueMessage({ channel: "email", toAddress: order.contactEmail, template, params }, tx);
}
