/**
 * Everything that happens to an order after it is placed: payment (Stripe webhook, a seller's
 * transfer confirmation, cash at delivery), the cooperative's shipment steps, cancellations with
 * stock returned and card payments refunded, and unpaid holds running out. Each change locks the
 * order row, asks the state machine (./state.ts), writes a timeline entry and tells the buyer, in
 * one transaction.
 */
import { and, eq, sql } from "drizzle-orm";
import type Stripe from "stripe";
import { recordAudit } from "~/domain/audit/audit.server";
import { type Actor, isAdmin, managedCooperativeIds } from "~/domain/cooperatives/access.server";
import { conflict, invalid, notFound } from "~/domain/errors";
import { notifyCooperativeManagers } from "~/domain/messaging/outbox.server";
import { refundPayment } from "~/domain/payments/stripe.server";
import { type CheckoutOutcome, extractCheckoutOutcome } from "~/domain/payments/webhooks.server";
import { formatVnd } from "~/utils/format";
import { type Db, db as defaultDb, rowsOf } from "~db/client.server";
import { orderEvents, orderShipments, orders, paymentEvents, payments } from "~db/schema";
import { notifyBuyer } from "./place-order.server";
import {
  canMarkPaid,
  type OrderStatus,
  orderStatusAfterShipments,
  type ShipmentAction,
  type ShipmentStatus,
  shipmentTransition,
} from "./state";
import { itemsOf, returnStock } from "./stock.server";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type OrderRow = typeof orders.$inferSelect;
type PaymentRow = typeof payments.$inferSelect;
type EventKind = (typeof orderEvents.$inferInsert)["kind"];

async function lockOrder(orderId: string, tx: Db): Promise<OrderRow> {
  if (!UUID.test(orderId)) throw notFound();
  const [row] = await tx.select().from(orders).where(eq(orders.id, orderId)).for("update");
  if (!row) throw notFound();
  return row;
}

async function paymentOf(orderId: string, tx: Db): Promise<PaymentRow> {
  const [row] = await tx.select().from(payments).where(eq(payments.orderId, orderId)).limit(1);
  if (!row) throw new Error(`order ${orderId} has no payment`);
  return row;
}

async function addEvent(
  orderId: string,
  kind: EventKind,
  details: Record<string, string | number | null> = {},
  tx: Db,
  extra: { shipmentId?: string | null; actorId?: string | null; at?: Date } = {},
) {
  await tx.insert(orderEvents).values({
    orderId,
    kind,
    details,
    shipmentId: extra.shipmentId ?? null,
    actorId: extra.actorId ?? null,
    ...(extra.at ? { at: extra.at } : {}),
  });
}

const buyerOf = (o: OrderRow) => o;

async function setOrderStatus(order: OrderRow, status: OrderStatus, tx: Db, now = new Date()) {
  if (status === order.status) return;
  await tx
    .update(orders)
    .set({ status, ...(status !== "awaiting_payment" ? { holdExpiresAt: null } : {}), updatedAt: now })
    .where(eq(orders.id, order.id));
  if (status === "completed") await addEvent(order.id, "completed", {}, tx, { at: now });
}

/** Marks the order paid (from the one place each method allows) and tells buyer and sellers. */
async function markPaid(
  order: OrderRow,
  payment: PaymentRow,
  fields: { receivedVnd: number; providerPaymentId?: string | null; actorId?: string | null; source: string },
  tx: Db,
  now = new Date(),
) {
  await tx
    .update(payments)
    .set({
      status: "succeeded",
      succeededAt: now,
      receivedVnd: fields.receivedVnd,
      ...(fields.providerPaymentId ? { providerPaymentId: fields.providerPaymentId } : {}),
    })
    .where(eq(payments.id, payment.id));
  await addEvent(order.id, "paid", { amount: fields.receivedVnd, source: fields.source }, tx, {
    actorId: fields.actorId ?? null,
    at: now,
  });
  if (order.status === "awaiting_payment") {
    await setOrderStatus(order, "confirmed", tx, now);
    await notifyBuyer(buyerOf(order), "orderPaid", { total: formatVnd(order.totalVnd) }, tx);
    for (const s of await shipmentsOf(order.id, tx)) {
      await notifyCooperativeManagers(s.cooperativeId, "orderPaidSeller", { code: order.code }, tx);
    }
  }
}

async function shipmentsOf(orderId: string, tx: Db) {
  return tx
    .select()
    .from(orderShipments)
    .where(eq(orderShipments.orderId, orderId))
    .orderBy(orderShipments.createdAt);
}

/**
 * Calls off an unpaid order: every shipment cancelled, stock back to its batches, the payment
 * closed. For a hold that ran out, a Stripe session that expired or failed, or the buyer.
 */
async function cancelUnpaid(
  order: OrderRow,
  kind: "hold_expired" | "cancelled" | "payment_failed",
  tx: Db,
  {
    actorId = null,
    now = new Date(),
    reason = null,
  }: { actorId?: string | null; now?: Date; reason?: string | null } = {},
) {
  await returnStock(await itemsOf({ orderId: order.id }, tx), tx);
  await tx
    .update(orderShipments)
    .set({ status: "cancelled", cancelledAt: now, cancelReason: reason ?? kind })
    .where(and(eq(orderShipments.orderId, order.id), sql`${orderShipments.status} <> 'cancelled'`));
  await tx
    .update(payments)
    .set({ status: kind === "payment_failed" ? "failed" : "expired" })
    .where(and(eq(payments.orderId, order.id), eq(payments.status, "pending")));
  await addEvent(order.id, kind, reason ? { reason } : {}, tx, { actorId, at: now });
  if (kind !== "cancelled") await addEvent(order.id, "cancelled", {}, tx, { at: now });
  await tx
    .update(orders)
    .set({ status: "cancelled", holdExpiresAt: null, updatedAt: now })
    .where(eq(orders.id, order.id));
  await notifyBuyer(
    buyerOf(order),
    kind === "hold_expired" ? "orderExpired" : "orderCancelled",
    { reason: reason ?? "" },
    tx,
  );
}

/** Refunds `amountVnd` of a paid card order through Stripe, and records it. */
async function refundCard(
  order: OrderRow,
  payment: PaymentRow,
  amountVnd: number,
  idempotencyKey: string,
  tx: Db,
  { shipmentId = null, actorId = null }: { shipmentId?: string | null; actorId?: string | null } = {},
) {
  if (amountVnd <= 0) return;
  if (!payment.providerPaymentId) throw conflict("orders.errors.refundImpossible");
  const refund = await refundPayment(payment.providerPaymentId, amountVnd, idempotencyKey);
  const refunded = Math.min(payment.amountVnd, payment.refundedVnd + refund.amountVnd);
  const status = refunded >= payment.amountVnd ? ("refunded" as const) : payment.status;
  await tx.update(payments).set({ refundedVnd: refunded, status }).where(eq(payments.id, payment.id));
  // The caller's copy stays current: it may refund again or save the payment later on.
  payment.refundedVnd = refunded;
  payment.status = status;
  await addEvent(order.id, "refunded", { amount: refund.amountVnd, refund: refund.id }, tx, {
    shipmentId,
    actorId,
  });
  await notifyBuyer(buyerOf(order), "orderRefunded", { amount: formatVnd(refund.amountVnd) }, tx);
}

// ───────────────────────────── Stripe ─────────────────────────────

export type WebhookResult =
  | "duplicate"
  | "ignored"
  | "unknown_order"
  | "paid"
  | "already_paid"
  | "pending"
  | "mismatch"
  | "refunded_late_payment"
  | "cancelled"
  | "stale";

/**
 * Applies one verified Stripe event. The event id is stored under a unique key first, so a
 * duplicate or replay does nothing. Only this function marks a card order paid, and only when
 * the amount and currency match the order. Events may arrive in any order: a payment for an
 * order already cancelled (its hold ran out) is refunded; an expiry after payment is ignored.
 */
export async function processStripeEvent(event: Stripe.Event, tx: Db = defaultDb()): Promise<WebhookResult> {
  const outcome = extractCheckoutOutcome(event);
  return tx.transaction(async (t) => {
    const [stored] = await t
      .insert(paymentEvents)
      .values({
        provider: "stripe",
        providerEventId: event.id,
        type: event.type,
        payload: event as unknown as Record<string, unknown>,
      })
      .onConflictDoNothing()
      .returning({ id: paymentEvents.id });
    if (!stored) return "duplicate";
    if (outcome.kind === "ignored" || !UUID.test(outcome.orderId)) return "ignored";
    const [exists] = await t.select({ id: orders.id }).from(orders).where(eq(orders.id, outcome.orderId));
    if (!exists) return "unknown_order";
    const order = await lockOrder(outcome.orderId, t);
    const payment = await paymentOf(order.id, t);
    await t.update(paymentEvents).set({ paymentId: payment.id }).where(eq(paymentEvents.id, stored.id));
    if (payment.method !== "card" || (payment.providerRef && payment.providerRef !== outcome.sessionId)) {
      return "stale";
    }
    return applyOutcome(order, payment, outcome, t);
  });
}

async function applyOutcome(
  order: OrderRow,
  payment: PaymentRow,
  outcome: Extract<CheckoutOutcome, { orderId: string }>,
  tx: Db,
): Promise<WebhookResult> {
  switch (outcome.kind) {
    case "paid": {
      if (outcome.amountTotal !== order.totalVnd || outcome.currency?.toLowerCase() !== "vnd") {
        await addEvent(
          order.id,
          "payment_mismatch",
          {
            expected: order.totalVnd,
            received: outcome.amountTotal,
            currency: outcome.currency,
          },
          tx,
        );
        await recordAudit(
          {
            actorId: null,
            action: "payment.amount_mismatch",
            entityType: "order",
            entityId: order.id,
            data: {
              event: outcome.eventId,
              expected: order.totalVnd,
              received: outcome.amountTotal,
              currency: outcome.currency,
            },
          },
          tx,
        );
        return "mismatch";
      }
      if (canMarkPaid(order.status)) {
        await markPaid(
          order,
          payment,
          { receivedVnd: outcome.amountTotal, providerPaymentId: outcome.paymentIntentId, source: "stripe" },
          tx,
        );
        await refundShipmentsCancelledBeforePayment(order, tx);
        return "paid";
      }
      if (order.status === "cancelled" && payment.status !== "succeeded" && payment.status !== "refunded") {
        // The buyer paid after the hold ran out and the stock went back on sale: give the money back.
        await tx
          .update(payments)
          .set({
            status: "succeeded",
            receivedVnd: outcome.amountTotal,
            providerPaymentId: outcome.paymentIntentId,
          })
          .where(eq(payments.id, payment.id));
        const fresh = await paymentOf(order.id, tx);
        await refundCard(order, fresh, outcome.amountTotal, `late-${order.id}`, tx);
        return "refunded_late_payment";
      }
      return "already_paid";
    }
    case "pending":
      return "pending";
    case "failed":
    case "expired":
      if (order.status !== "awaiting_payment") return "stale";
      await cancelUnpaid(order, outcome.kind === "failed" ? "payment_failed" : "hold_expired", tx);
      return "cancelled";
  }
  return "ignored";
}

/**
 * The Checkout Session was opened for the whole order; a cooperative may have called its parcel
 * off while the buyer was still paying. That parcel's share goes back (the same idempotency key
 * a cancellation after payment would use, so it is never refunded twice).
 */
async function refundShipmentsCancelledBeforePayment(order: OrderRow, tx: Db) {
  const cancelled = (await shipmentsOf(order.id, tx)).filter((s) => s.status === "cancelled");
  if (!cancelled.length) return;
  const payment = await paymentOf(order.id, tx);
  for (const s of cancelled) {
    const share = (await itemsOf({ shipmentId: s.id }, tx)).reduce(
      (n, i) => n + i.quantity * i.unitPriceVnd,
      0,
    );
    await refundCard(
      order,
      payment,
      Math.min(share, payment.amountVnd - payment.refundedVnd),
      `refund-${s.id}`,
      tx,
      {
        shipmentId: s.id,
      },
    );
  }
}

/** Remembers the Checkout Session made for a card order (its id ties webhooks to the order). */
export async function attachCheckoutSession(
  orderId: string,
  sessionId: string,
  holdExpiresAt: Date | null,
  tx: Db = defaultDb(),
) {
  await tx.transaction(async (t) => {
    await t
      .update(payments)
      .set({ providerRef: sessionId })
      .where(and(eq(payments.orderId, orderId), eq(payments.method, "card")));
    if (holdExpiresAt) {
      await t
        .update(orders)
        .set({ holdExpiresAt })
        .where(and(eq(orders.id, orderId), eq(orders.status, "awaiting_payment")));
    }
  });
}

// ───────────────────────────── bank transfers ─────────────────────────────

/** Whether the actor may confirm transfers to this payment's account. */
function mayConfirmTransfer(actor: Actor, payment: PaymentRow): boolean {
  if (isAdmin(actor)) return true;
  return (
    payment.payeeCooperativeId !== null && managedCooperativeIds(actor).includes(payment.payeeCooperativeId)
  );
}

export type TransferConfirmation = "confirmed" | "already_paid";

/**
 * A seller (or admin) saw the transfer arrive: the order is paid with the amount received.
 * Less than the total is refused (the buyer is asked for the rest first); a cancelled order
 * cannot be confirmed (its stock went back on sale: the seller returns the money).
 */
export async function confirmTransfer(
  actor: Actor,
  orderId: string,
  receivedVnd: number,
  {
    reference = null,
    tx = defaultDb(),
    now = new Date(),
  }: { reference?: string | null; tx?: Db; now?: Date } = {},
): Promise<TransferConfirmation> {
  if (!Number.isSafeInteger(receivedVnd) || receivedVnd <= 0) {
    throw invalid("validation.formSummary", { receivedVnd: "orders.errors.amountInvalid" });
  }
  return tx.transaction(async (t) => {
    const order = await lockOrder(orderId, t);
    const payment = await paymentOf(order.id, t);
    if (payment.method !== "vietqr" || !mayConfirmTransfer(actor, payment)) throw notFound();
    if (payment.status === "succeeded") return "already_paid";
    if (order.status === "cancelled") throw conflict("orders.errors.confirmCancelled", { code: order.code });
    if (receivedVnd < order.totalVnd) {
      throw invalid(
        "validation.formSummary",
        { receivedVnd: "orders.errors.amountShort" },
        {
          received: receivedVnd,
          total: order.totalVnd,
          missing: order.totalVnd - receivedVnd,
        },
      );
    }
    await markPaid(
      order,
      payment,
      { receivedVnd, actorId: actor.id, source: reference ? "statement" : "seller" },
      t,
      now,
    );
    await recordAudit(
      {
        actorId: actor.id,
        action: "payment.transfer_confirmed",
        entityType: "order",
        entityId: order.id,
        data: { receivedVnd, reference },
      },
      t,
    );
    return "confirmed";
  });
}

// ───────────────────────────── fulfilment ─────────────────────────────

export interface ShipmentStep {
  action: ShipmentAction;
  carrier?: string | null;
  trackingNo?: string | null;
  reason?: string | null;
}

const clean = (v: string | null | undefined, max: number) => {
  const t = (v ?? "").trim().replace(/\s+/g, " ");
  return t.length ? t.slice(0, max) : "";
};

/**
 * A cooperative moves its shipment on: packed, shipped (carrier and tracking number), delivered,
 * or cancelled with a reason (its items' stock returns; a paid card order is refunded that
 * shipment's share through Stripe before anything is saved). Delivering the last shipment of a
 * cash-on-delivery order marks it paid. Returns the shipment's new status.
 */
export async function advanceShipment(
  actor: Actor,
  shipmentId: string,
  step: ShipmentStep,
  { tx = defaultDb(), now = new Date() }: { tx?: Db; now?: Date } = {},
): Promise<ShipmentStatus> {
  if (!UUID.test(shipmentId)) throw notFound();
  const carrier = clean(step.carrier, 80);
  const trackingNo = clean(step.trackingNo, 60);
  const reason = clean(step.reason, 500);
  if (step.action === "ship") {
    const fieldErrors: Record<string, string> = {};
    if (!carrier) fieldErrors.carrier = "orders.errors.carrierRequired";
    if (!trackingNo) fieldErrors.trackingNo = "orders.errors.trackingRequired";
    else if (!/^[0-9A-Za-z-]{4,40}$/.test(trackingNo))
      fieldErrors.trackingNo = "orders.errors.trackingInvalid";
    if (Object.keys(fieldErrors).length) throw invalid("validation.formSummary", fieldErrors);
  }
  if (step.action === "cancel" && reason.length < 5) {
    throw invalid("validation.formSummary", { reason: "orders.errors.reasonRequired" });
  }
  return tx.transaction(async (t) => {
    const [found] = await t
      .select({ orderId: orderShipments.orderId, cooperativeId: orderShipments.cooperativeId })
      .from(orderShipments)
      .where(eq(orderShipments.id, shipmentId));
    if (!found) throw notFound();
    if (!isAdmin(actor) && !managedCooperativeIds(actor).includes(found.cooperativeId)) throw notFound();
    const order = await lockOrder(found.orderId, t);
    const [shipment] = await t
      .select()
      .from(orderShipments)
      .where(eq(orderShipments.id, shipmentId))
      .for("update");
    if (!shipment) throw notFound();
    const next = shipmentTransition(shipment.status, step.action, order.status);
    if (!next) {
      throw conflict(
        order.status === "awaiting_payment" && step.action !== "cancel"
          ? "orders.errors.notPaidYet"
          : "orders.errors.stepNotAllowed",
        { status: shipment.status },
      );
    }
    const payment = await paymentOf(order.id, t);
    const set: Partial<typeof orderShipments.$inferInsert> = { status: next, updatedAt: now };
    if (step.action === "pack") set.packedAt = now;
    if (step.action === "ship") Object.assign(set, { shippedAt: now, carrier, trackingNo });
    if (step.action === "deliver") set.deliveredAt = now;
    if (step.action === "cancel") Object.assign(set, { cancelledAt: now, cancelReason: reason });

    if (step.action === "cancel") {
      const items = await itemsOf({ shipmentId }, t);
      await returnStock(items, t);
      if (payment.method === "card" && payment.status === "succeeded") {
        const share = items.reduce((n, i) => n + i.quantity * i.unitPriceVnd, 0);
        await refundCard(
          order,
          payment,
          Math.min(share, payment.amountVnd - payment.refundedVnd),
          `refund-${shipmentId}`,
          t,
          {
            shipmentId,
            actorId: actor.id,
          },
        );
      }
    }
    await t.update(orderShipments).set(set).where(eq(orderShipments.id, shipmentId));
    const kind: EventKind =
      step.action === "pack"
        ? "packed"
        : step.action === "ship"
          ? "shipped"
          : step.action === "deliver"
            ? "delivered"
            : "shipment_cancelled";
    await addEvent(
      order.id,
      kind,
      step.action === "ship" ? { carrier, trackingNo } : step.action === "cancel" ? { reason } : {},
      t,
      { shipmentId, actorId: actor.id, at: now },
    );
    const [coop] = rowsOf<{ name: string }>(
      await t.execute(sql`select name from cooperatives where id = ${found.cooperativeId}::uuid`),
    );
    const params = { code: order.code, cooperative: coop?.name ?? "", carrier, trackingNo, reason };
    if (step.action === "ship") await notifyBuyer(buyerOf(order), "orderShipped", params, t);
    if (step.action === "deliver") await notifyBuyer(buyerOf(order), "orderDelivered", params, t);
    if (step.action === "cancel") await notifyBuyer(buyerOf(order), "shipmentCancelled", params, t);

    const statuses = (await shipmentsOf(order.id, t)).map((s) => s.status);
    // Cash on delivery: paid once every parcel still on its way has been handed over.
    if (
      payment.method === "cod" &&
      payment.status === "pending" &&
      statuses.some((s) => s === "delivered") &&
      statuses.every((s) => s === "delivered" || s === "cancelled")
    ) {
      const rows = rowsOf<{ total: number }>(
        await t.execute(sql`select coalesce(sum(i.quantity * i.unit_price_vnd), 0)::int as total
          from order_items i join order_shipments s on s.id = i.shipment_id
          where i.order_id = ${order.id}::uuid and s.status = 'delivered'`),
      );
      await markPaid(
        order,
        payment,
        { receivedVnd: Number(rows[0]?.total ?? 0), actorId: actor.id, source: "cod" },
        t,
        now,
      );
    }
    const status = orderStatusAfterShipments(order.status, statuses);
    if (status === "cancelled" && order.status !== "cancelled") {
      // An unpaid payment is closed; a paid one keeps what the refunds above made of it.
      await t
        .update(payments)
        .set({ status: "expired" })
        .where(and(eq(payments.id, payment.id), eq(payments.status, "pending")));
      await addEvent(order.id, "cancelled", {}, t, { at: now });
      await t
        .update(orders)
        .set({ status: "cancelled", holdExpiresAt: null, updatedAt: now })
        .where(eq(orders.id, order.id));
    } else {
      await setOrderStatus(order, status, t, now);
    }
    return next;
  });
}

/** The buyer calls off an order they have not paid for yet; its stock goes back on sale. */
export async function cancelByBuyer(orderId: string, actorId: string | null, tx: Db = defaultDb()) {
  return tx.transaction(async (t) => {
    const order = await lockOrder(orderId, t);
    if (order.status !== "awaiting_payment") throw conflict("orders.errors.buyerCannotCancel");
    await cancelUnpaid(order, "cancelled", t, { actorId, reason: null });
  });
}

// ───────────────────────────── holds ─────────────────────────────

/**
 * Unpaid card and transfer orders whose hold has run out are cancelled and their stock returned.
 * Each order is handled in its own transaction under its row lock, re-checked there, so a payment
 * arriving at the same moment wins or loses cleanly, and several workers can run this at once.
 */
export async function releaseExpiredHolds(
  now: Date = new Date(),
  tx: Db = defaultDb(),
): Promise<{ released: number }> {
  const due = await tx
    .select({ id: orders.id })
    .from(orders)
    .where(
      and(
        eq(orders.status, "awaiting_payment"),
        sql`${orders.holdExpiresAt} <= ${now.toISOString()}::timestamptz`,
      ),
    )
    .limit(500);
  let released = 0;
  for (const { id } of due) {
    const done = await tx.transaction(async (t) => {
      const [order] = await t
        .select()
        .from(orders)
        .where(and(eq(orders.id, id), eq(orders.status, "awaiting_payment")))
        .for("update", { skipLocked: true });
      if (!order?.holdExpiresAt || order.holdExpiresAt > now) return false;
      await cancelUnpaid(order, "hold_expired", t, { now });
      return true;
    });
    if (done) released++;
  }
  return { released };
}
