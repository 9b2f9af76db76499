/**
 * Orders as people see them: the buyer's order page (timeline, shipments, items with the trace
 * link of the exact batch each came from, payment), the buyer's list, and the cooperative's
 * inbox of shipments. Access is decided here: an order is shown to its buyer (signed in), to a
 * guest holding its signed link, to the managers of a cooperative shipping part of it (their
 * part) and to admins.
 */
import { and, desc, eq, inArray, type SQL, sql } from "drizzle-orm";
import { type Actor, isAdmin, managedCooperativeCondition } from "~/domain/cooperatives/access.server";
import { notFound } from "~/domain/errors";
import { batchPagePath } from "~/domain/trace/scan-view";
import { type Db, db as defaultDb } from "~db/client.server";
import {
  batches,
  cooperatives,
  orderEvents,
  orderItems,
  orderShipments,
  orders,
  payments,
  products,
  regions,
} from "~db/schema";
import { isValidOrderAccessKey } from "./order-link.server";
import {
  allowedShipmentActions,
  buyerMayCancel,
  type OrderStatus,
  SELLER_FILTERS,
  type SellerFilter,
  type ShipmentStatus,
} from "./state";

const CODE = /^DH\d{6}[0-9A-Z]{6}$/;

export interface OrderItemView {
  productId: string;
  productName: string;
  productSlug: string;
  unit: string;
  quantity: number;
  unitPriceVnd: number;
  lot: string;
  /** The public trace page of the batch this quantity was taken from. */
  tracePath: string;
}

export interface ShipmentView {
  id: string;
  cooperativeId: string;
  cooperativeName: string;
  cooperativeSlug: string;
  status: ShipmentStatus;
  carrier: string | null;
  trackingNo: string | null;
  cancelReason: string | null;
  packedAt: Date | null;
  shippedAt: Date | null;
  deliveredAt: Date | null;
  cancelledAt: Date | null;
  items: OrderItemView[];
  subtotalVnd: number;
  /** What the cooperative may do next (empty for the buyer's view). */
  actions: ReturnType<typeof allowedShipmentActions>;
}

export interface OrderTimelineEntry {
  kind: (typeof orderEvents.$inferSelect)["kind"];
  at: Date;
  shipmentId: string | null;
  cooperativeName: string | null;
  details: Record<string, string | number | null>;
}

export interface OrderView {
  id: string;
  code: string;
  userId: string | null;
  status: OrderStatus;
  paymentMethod: (typeof orders.$inferSelect)["paymentMethod"];
  contactName: string;
  contactPhone: string;
  contactEmail: string | null;
  street: string;
  /** Commune (ward) and province names of the delivery address. */
  place: { commune: string; province: string | null };
  note: string | null;
  totalVnd: number;
  holdExpiresAt: Date | null;
  createdAt: Date;
  payment: {
    status: (typeof payments.$inferSelect)["status"];
    amountVnd: number;
    receivedVnd: number | null;
    refundedVnd: number;
    succeededAt: Date | null;
    hasCheckoutSession: boolean;
    payee: { cooperativeId: string | null; bankBin: string; accountNo: string; accountName: string } | null;
  };
  shipments: ShipmentView[];
  timeline: OrderTimelineEntry[];
  buyerMayCancel: boolean;
}

const timelineRank: Record<OrderTimelineEntry["kind"], number> = {
  placed: 0,
  packed: 1,
  shipped: 2,
  delivered: 3,
  // Cash is collected at the door: "paid" follows "delivered" in the same instant.
  paid: 4,
  payment_failed: 4,
  payment_mismatch: 4,
  shipment_cancelled: 5,
  refunded: 6,
  hold_expired: 7,
  cancelled: 8,
  completed: 9,
};

export type OrderAccess =
  | { kind: "buyer"; userId: string }
  | { kind: "guest"; key: string | null }
  | { kind: "seller"; actor: Actor };

async function loadOrder(where: SQL, tx: Db) {
  const [row] = await tx
    .select({
      order: orders,
      commune: regions.name,
      province: sql<string | null>`(select p.name from regions p
        where ${regions.path} like p.path || '%' and p.level = 'province' order by length(p.path) desc limit 1)`,
    })
    .from(orders)
    .innerJoin(regions, eq(regions.id, orders.regionId))
    .where(where)
    .limit(1);
  return row ?? null;
}

/**
 * The order with code `code` if `access` may see it, else not found (never "forbidden": an
 * order's existence is not disclosed). A seller sees only their own shipments of it.
 */
export async function getOrderView(
  code: string,
  access: OrderAccess,
  tx: Db = defaultDb(),
): Promise<OrderView> {
  const normalised = code.trim().toUpperCase();
  if (!CODE.test(normalised)) throw notFound();
  const row = await loadOrder(eq(orders.code, normalised), tx);
  if (!row) throw notFound();
  const order = row.order;
  let shipmentFilter: SQL | undefined;
  if (access.kind === "buyer") {
    if (order.userId !== access.userId) throw notFound();
  } else if (access.kind === "guest") {
    if (!isValidOrderAccessKey(order.id, access.key)) throw notFound();
  } else {
    shipmentFilter = managedCooperativeCondition(access.actor, orderShipments.cooperativeId);
    if (!isAdmin(access.actor)) {
      const [mine] = await tx
        .select({ id: orderShipments.id })
        .from(orderShipments)
        .where(and(eq(orderShipments.orderId, order.id), shipmentFilter))
        .limit(1);
      if (!mine) throw notFound();
    }
  }
  const [payment] = await tx.select().from(payments).where(eq(payments.orderId, order.id)).limit(1);
  if (!payment) throw new Error(`order ${order.code} has no payment`);
  const shipmentRows = await tx
    .select({ s: orderShipments, coopName: cooperatives.name, coopSlug: cooperatives.slug })
    .from(orderShipments)
    .innerJoin(cooperatives, eq(cooperatives.id, orderShipments.cooperativeId))
    .where(and(eq(orderShipments.orderId, order.id), shipmentFilter))
    .orderBy(cooperatives.name);
  const items = await tx
    .select({
      shipmentId: orderItems.shipmentId,
      productId: products.id,
      productName: products.name,
      productSlug: products.slug,
      unit: products.unit,
      gtin: products.gtin,
      quantity: orderItems.quantity,
      unitPriceVnd: orderItems.unitPriceVnd,
      lot: batches.lot,
      publicCode: batches.publicCode,
    })
    .from(orderItems)
    .innerJoin(products, eq(products.id, orderItems.productId))
    .innerJoin(batches, eq(batches.id, orderItems.batchId))
    .where(eq(orderItems.orderId, order.id))
    .orderBy(products.name, batches.lot);
  const seller = access.kind === "seller";
  const shipments: ShipmentView[] = shipmentRows.map(({ s, coopName, coopSlug }) => {
    const own = items.filter((i) => i.shipmentId === s.id);
    return {
      id: s.id,
      cooperativeId: s.cooperativeId,
      cooperativeName: coopName,
      cooperativeSlug: coopSlug,
      status: s.status,
      carrier: s.carrier,
      trackingNo: s.trackingNo,
      cancelReason: s.cancelReason,
      packedAt: s.packedAt,
      shippedAt: s.shippedAt,
      deliveredAt: s.deliveredAt,
      cancelledAt: s.cancelledAt,
      items: own.map((i) => ({
        productId: i.productId,
        productName: i.productName,
        productSlug: i.productSlug,
        unit: i.unit,
        quantity: i.quantity,
        unitPriceVnd: i.unitPriceVnd,
        lot: i.lot,
        tracePath: batchPagePath({ gtin: i.gtin, lot: i.lot, publicCode: i.publicCode }),
      })),
      subtotalVnd: own.reduce((n, i) => n + i.quantity * i.unitPriceVnd, 0),
      actions: seller ? allowedShipmentActions(s.status, order.status) : [],
    };
  });
  const visibleShipments = new Set(shipments.map((s) => s.id));
  const coopOfShipment = new Map(shipments.map((s) => [s.id, s.cooperativeName]));
  const events = await tx
    .select()
    .from(orderEvents)
    .where(eq(orderEvents.orderId, order.id))
    .orderBy(orderEvents.at);
  // Entries written in one transaction share its instant: order those by what must come first.
  events.sort((a, b) => a.at.getTime() - b.at.getTime() || timelineRank[a.kind] - timelineRank[b.kind]);
  return {
    id: order.id,
    code: order.code,
    userId: order.userId,
    status: order.status,
    paymentMethod: order.paymentMethod,
    contactName: order.contactName,
    contactPhone: order.contactPhone,
    contactEmail: order.contactEmail,
    street: order.street,
    place: { commune: row.commune, province: row.province },
    note: order.note,
    totalVnd: order.totalVnd,
    holdExpiresAt: order.holdExpiresAt,
    createdAt: order.createdAt,
    payment: {
      status: payment.status,
      amountVnd: payment.amountVnd,
      receivedVnd: payment.receivedVnd,
      refundedVnd: payment.refundedVnd,
      succeededAt: payment.succeededAt,
      hasCheckoutSession: Boolean(payment.providerRef),
      payee:
        payment.payeeBankBin && payment.payeeAccountNo && payment.payeeAccountName
          ? {
              cooperativeId: payment.payeeCooperativeId,
              bankBin: payment.payeeBankBin,
              accountNo: payment.payeeAccountNo,
              accountName: payment.payeeAccountName,
            }
          : null,
    },
    shipments,
    timeline: events
      .filter((e) => !e.shipmentId || visibleShipments.has(e.shipmentId))
      .map((e) => ({
        kind: e.kind,
        at: e.at,
        shipmentId: e.shipmentId,
        cooperativeName: e.shipmentId ? (coopOfShipment.get(e.shipmentId) ?? null) : null,
        details: e.details,
      })),
    buyerMayCancel: !seller && buyerMayCancel(order.status),
  };
}

export interface OrderSummary {
  id: string;
  code: string;
  status: OrderStatus;
  paymentMethod: (typeof orders.$inferSelect)["paymentMethod"];
  totalVnd: number;
  createdAt: Date;
  itemCount: number;
  cooperatives: string[];
}

/** A signed-in buyer's orders, newest first. */
export async function listBuyerOrders(
  userId: string,
  { limit = 50, offset = 0 } = {},
  tx: Db = defaultDb(),
): Promise<OrderSummary[]> {
  const rows = await tx
    .select({
      id: orders.id,
      code: orders.code,
      status: orders.status,
      paymentMethod: orders.paymentMethod,
      totalVnd: orders.totalVnd,
      createdAt: orders.createdAt,
      // "orders"."id" spelled out: drizzle writes a lone column unqualified, ambiguous in a subquery.
      itemCount: sql<number>`(select coalesce(sum(i.quantity), 0)::int from order_items i where i.order_id = "orders"."id")`,
      cooperatives: sql<
        string[]
      >`(select coalesce(array_agg(c.name order by c.name), '{}') from order_shipments s join cooperatives c on c.id = s.cooperative_id where s.order_id = "orders"."id")`,
    })
    .from(orders)
    .where(eq(orders.userId, userId))
    .orderBy(desc(orders.createdAt))
    .limit(limit)
    .offset(offset);
  return rows.map((r) => ({ ...r, itemCount: Number(r.itemCount), cooperatives: r.cooperatives ?? [] }));
}

// The filters live with the other pure order rules, so the inbox page can list them in the browser.
export { SELLER_FILTERS, type SellerFilter } from "./state";

export interface SellerShipmentRow {
  shipmentId: string;
  orderCode: string;
  orderStatus: OrderStatus;
  paymentMethod: (typeof orders.$inferSelect)["paymentMethod"];
  paymentStatus: (typeof payments.$inferSelect)["status"];
  status: ShipmentStatus;
  cooperativeName: string;
  contactName: string;
  subtotalVnd: number;
  itemCount: number;
  /** What is in the parcel: each product with the quantity ordered, by name. */
  items: { name: string; quantity: number }[];
  createdAt: Date;
  holdExpiresAt: Date | null;
}

function sellerFilterCondition(filter: SellerFilter): SQL | undefined {
  switch (filter) {
    case "to_pack":
      return and(eq(orders.status, "confirmed"), eq(orderShipments.status, "pending"));
    case "to_ship":
      return and(eq(orders.status, "confirmed"), eq(orderShipments.status, "packed"));
    case "shipped":
      return eq(orderShipments.status, "shipped");
    case "awaiting_payment":
      return and(eq(orders.status, "awaiting_payment"), eq(orderShipments.status, "pending"));
    case "done":
      return inArray(orderShipments.status, ["delivered", "cancelled"]);
    case "all":
      return undefined;
  }
}

/** The cooperative's order inbox: its shipments, filtered, newest first; counts per filter. */
export async function listSellerShipments(
  actor: Actor,
  {
    filter = "to_pack",
    cooperativeId = null,
    limit = 50,
    offset = 0,
  }: { filter?: SellerFilter; cooperativeId?: string | null; limit?: number; offset?: number },
  tx: Db = defaultDb(),
): Promise<{ rows: SellerShipmentRow[]; counts: Record<SellerFilter, number> }> {
  const scope = and(
    managedCooperativeCondition(actor, orderShipments.cooperativeId),
    cooperativeId ? eq(orderShipments.cooperativeId, cooperativeId) : undefined,
  );
  const rows = await tx
    .select({
      shipmentId: orderShipments.id,
      orderCode: orders.code,
      orderStatus: orders.status,
      paymentMethod: orders.paymentMethod,
      paymentStatus: payments.status,
      status: orderShipments.status,
      cooperativeName: cooperatives.name,
      contactName: orders.contactName,
      subtotalVnd: sql<number>`(select coalesce(sum(i.quantity * i.unit_price_vnd), 0)::int from order_items i where i.shipment_id = ${orderShipments.id})`,
      itemCount: sql<number>`(select coalesce(sum(i.quantity), 0)::int from order_items i where i.shipment_id = ${orderShipments.id})`,
      items: sql<
        { name: string; quantity: number }[] | null
      >`(select json_agg(json_build_object('name', x.name, 'quantity', x.quantity) order by x.name)
        from (select p.name, sum(i.quantity)::int as quantity from order_items i join products p on p.id = i.product_id
          where i.shipment_id = ${orderShipments.id} group by p.name) x)`,
      createdAt: orders.createdAt,
      holdExpiresAt: orders.holdExpiresAt,
    })
    .from(orderShipments)
    .innerJoin(orders, eq(orders.id, orderShipments.orderId))
    .innerJoin(payments, eq(payments.orderId, orders.id))
    .innerJoin(cooperatives, eq(cooperatives.id, orderShipments.cooperativeId))
    .where(and(scope, sellerFilterCondition(filter)))
    .orderBy(desc(orders.createdAt))
    .limit(limit)
    .offset(offset);
  // Every tab's count in one query (count … filter), not one query per tab.
  const [countRow] = await tx
    .select(
      Object.fromEntries(
        SELLER_FILTERS.map((f) => {
          const condition = sellerFilterCondition(f);
          return [
            f,
            condition ? sql<number>`count(*) filter (where ${condition})::int` : sql<number>`count(*)::int`,
          ];
        }),
      ) as Record<SellerFilter, SQL<number>>,
    )
    .from(orderShipments)
    .innerJoin(orders, eq(orders.id, orderShipments.orderId))
    .where(scope);
  const counts = Object.fromEntries(SELLER_FILTERS.map((f) => [f, Number(countRow?.[f] ?? 0)])) as Record<
    SellerFilter,
    number
  >;
  return {
    rows: rows.map((r) => ({
      ...r,
      subtotalVnd: Number(r.subtotalVnd),
      itemCount: Number(r.itemCount),
      items: (r.items ?? []).map((i) => ({ name: i.name, quantity: Number(i.quantity) })),
    })),
    counts,
  };
}

/** How many of the actor's shipments (of one cooperative, when given) match one inbox filter. */
export async function countSellerShipments(
  actor: Actor,
  filter: SellerFilter,
  cooperativeId: string | null = null,
  tx: Db = defaultDb(),
): Promise<number> {
  const [c] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(orderShipments)
    .innerJoin(orders, eq(orders.id, orderShipments.orderId))
    .where(
      and(
        managedCooperativeCondition(actor, orderShipments.cooperativeId),
        cooperativeId ? eq(orderShipments.cooperativeId, cooperativeId) : undefined,
        sellerFilterCondition(filter),
      ),
    );
  return Number(c?.n ?? 0);
}
