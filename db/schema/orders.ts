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
import { users } from "./accounts";
import { cooperatives } from "./cooperatives";
import { products } from "./listings";
import { regions } from "./regions";
import { batches } from "./trace";

export const carts = pgTable(
  "carts",
  {
    id: id(),
    /** Null for a guest cart, which is found by its random cookie token instead. */
    userId: uuid("user_id").references(() => users.id, { onDelete: "cascade" }),
    token: text("token").notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("carts_token_key").on(t.token), index("carts_user_id_idx").on(t.userId)],
);

export const cartItems = pgTable(
  "cart_items",
  {
    id: id(),
    cartId: uuid("cart_id")
      .notNull()
      .references(() => carts.id, { onDelete: "cascade" }),
    productId: uuid("product_id")
      .notNull()
      .references(() => products.id, { onDelete: "cascade" }),
    quantity: integer("quantity").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    unique("cart_items_cart_product_key").on(t.cartId, t.productId),
    index("cart_items_product_id_idx").on(t.productId),
    check("cart_items_quantity_positive", sql`${t.quantity} > 0`),
  ],
);

export const paymentMethod = pgEnum("payment_method", ["card", "vietqr", "cod"]);
export const orderStatus = pgEnum("order_status", [
  "awaiting_payment",
  "confirmed",
  "completed",
  "cancelled",
]);
export const shipmentStatus = pgEnum("shipment_status", [
  "pending",
  "packed",
  "shipped",
  "delivered",
  "cancelled",
]);

export const orders = pgTable(
  "orders",
  {
    id: id(),
    /** Human order code, also the VietQR transfer note (≤ 25 plain characters). */
    code: text("code").notNull(),
    userId: uuid("user_id").references(() => users.id, { onDelete: "set null" }),
    status: orderStatus("status").notNull(),
    paymentMethod: paymentMethod("payment_method").notNull(),
    contactName: text("contact_name").notNull(),
    contactPhone: text("contact_phone").notNull(),
    contactEmail: text("contact_email"),
    regionId: uuid("region_id")
      .notNull()
      .references(() => regions.id, { onDelete: "restrict" }),
    street: text("street").notNull(),
    note: text("note"),
    totalVnd: integer("total_vnd").notNull(),
    /** Unpaid card and VietQR orders hold stock until this instant. */
    holdExpiresAt: tstz("hold_expires_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("orders_code_key").on(t.code),
    index("orders_user_id_idx").on(t.userId),
    index("orders_region_id_idx").on(t.regionId),
    index("orders_hold_expires_at_idx").on(t.holdExpiresAt),
    check("orders_total_nonnegative", sql`${t.totalVnd} >= 0`),
    check("orders_code_format", sql`${t.code} ~ '^[A-Z0-9]{4,25}$'`),
  ],
);

/** One shipment per cooperative in an order. */
export const orderShipments = pgTable(
  "order_shipments",
  {
    id: id(),
    orderId: uuid("order_id")
      .notNull()
      .references(() => orders.id, { onDelete: "cascade" }),
    cooperativeId: uuid("cooperative_id")
      .notNull()
      .references(() => cooperatives.id, { onDelete: "restrict" }),
    status: shipmentStatus("status").notNull().default("pending"),
    carrier: text("carrier"),
    trackingNo: text("tracking_no"),
    cancelReason: text("cancel_reason"),
    packedAt: tstz("packed_at"),
    shippedAt: tstz("shipped_at"),
    deliveredAt: tstz("delivered_at"),
    cancelledAt: tstz("cancelled_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique("order_shipments_order_cooperative_key").on(t.orderId, t.cooperativeId),
    index("order_shipments_cooperative_id_status_idx").on(t.cooperativeId, t.status),
  ],
);

/** Each sold quantity is allocated to one batch, so the buyer can trace what they received. */
export const orderItems = pgTable(
  "order_items",
  {
    id: id(),
    orderId: uuid("order_id")
      .notNull()
      .references(() => orders.id, { onDelete: "cascade" }),
    shipmentId: uuid("shipment_id")
      .notNull()
      .references(() => orderShipments.id, { onDelete: "cascade" }),
    productId: uuid("product_id")
      .notNull()
      .references(() => products.id, { onDelete: "restrict" }),
    batchId: uuid("batch_id")
      .notNull()
      .references(() => batches.id, { onDelete: "restrict" }),
    quantity: integer("quantity").notNull(),
    unitPriceVnd: integer("unit_price_vnd").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index("order_items_order_id_idx").on(t.orderId),
    index("order_items_shipment_id_idx").on(t.shipmentId),
    index("order_items_product_id_idx").on(t.productId),
    index("order_items_batch_id_idx").on(t.batchId),
    check("order_items_quantity_positive", sql`${t.quantity} > 0`),
    check("order_items_price_nonnegative", sql`${t.unitPriceVnd} >= 0`),
  ],
);

export const orderEventKind = pgEnum("order_event_kind", [
  "placed",
  "paid",
  "payment_failed",
  "payment_mismatch",
  "hold_expired",
  "packed",
  "shipped",
  "delivered",
  "shipment_cancelled",
  "cancelled",
  "refunded",
  "completed",
]);

/**
 * The order's timeline, as the buyer and the cooperative see it: one row per thing that
 * happened, written in the same transaction as the change. Never updated.
 */
export const orderEvents = pgTable(
  "order_events",
  {
    id: id(),
    orderId: uuid("order_id")
      .notNull()
      .references(() => orders.id, { onDelete: "cascade" }),
    /** Set when the event concerns one cooperative's shipment. */
    shipmentId: uuid("shipment_id").references(() => orderShipments.id, { onDelete: "cascade" }),
    kind: orderEventKind("kind").notNull(),
    /** Who did it; null for the system (webhooks, expiry job) and for guests. */
    actorId: uuid("actor_id").references(() => users.id, { onDelete: "set null" }),
    /** Details to show: carrier, tracking number, reason, amount. */
    details: jsonb("details").$type<Record<string, string | number | null>>().notNull().default({}),
    at: createdAt(),
  },
  (t) => [
    index("order_events_order_id_at_idx").on(t.orderId, t.at),
    index("order_events_shipment_id_idx").on(t.shipmentId),
    index("order_events_actor_id_idx").on(t.actorId),
  ],
);
