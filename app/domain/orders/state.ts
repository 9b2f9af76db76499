/**
 * The life of an order and of each cooperative's shipment in it, as pure functions. Every
 * change of status asks these; nothing else decides what may follow what.
 *
 *   shipment:  pending ──pack──▶ packed ──ship (carrier, tracking)──▶ shipped ──deliver──▶ delivered
 *                 │                │
 *                 └────cancel──────┴──▶ cancelled        (a parcel on its way is not cancelled)
 *
 *   order:     awaiting_payment ──paid──▶ confirmed ──every shipment delivered or cancelled──▶ completed
 *              cash on delivery starts confirmed; paid when its last shipment is delivered.
 *              Every shipment cancelled, an unpaid hold expired, or the buyer cancelled before
 *              paying ──▶ cancelled.
 */
export const shipmentStatuses = ["pending", "packed", "shipped", "delivered", "cancelled"] as const;
export type ShipmentStatus = (typeof shipmentStatuses)[number];
export type ShipmentAction = "pack" | "ship" | "deliver" | "cancel";

export const orderStatuses = ["awaiting_payment", "confirmed", "completed", "cancelled"] as const;
export type OrderStatus = (typeof orderStatuses)[number];

export const paymentMethods = ["card", "vietqr", "cod"] as const;
export type PaymentMethod = (typeof paymentMethods)[number];

/** The cooperative's order inbox filters, in the order its tabs show them. */
export const SELLER_FILTERS = ["to_pack", "to_ship", "shipped", "awaiting_payment", "done", "all"] as const;
export type SellerFilter = (typeof SELLER_FILTERS)[number];

const shipmentTable: Record<ShipmentAction, Partial<Record<ShipmentStatus, ShipmentStatus>>> = {
  pack: { pending: "packed" },
  ship: { packed: "shipped" },
  deliver: { shipped: "delivered" },
  cancel: { pending: "cancelled", packed: "cancelled" },
};

/**
 * The shipment's status after `action`, or null when not allowed. A cooperative packs and ships
 * only once the order is confirmed (paid, or cash on delivery); it may cancel before that.
 */
export function shipmentTransition(
  from: ShipmentStatus,
  action: ShipmentAction,
  orderStatus: OrderStatus,
): ShipmentStatus | null {
  if (orderStatus === "cancelled" || orderStatus === "completed") return null;
  if (action !== "cancel" && orderStatus !== "confirmed") return null;
  return shipmentTable[action][from] ?? null;
}

export function allowedShipmentActions(from: ShipmentStatus, orderStatus: OrderStatus): ShipmentAction[] {
  return (Object.keys(shipmentTable) as ShipmentAction[]).filter(
    (a) => shipmentTransition(from, a, orderStatus) !== null,
  );
}

/** The status an order starts in: cash on delivery needs no payment before it is prepared. */
export const initialOrderStatus = (method: PaymentMethod): OrderStatus =>
  method === "cod" ? "confirmed" : "awaiting_payment";

/** Card and bank-transfer orders hold their stock until paid or the hold expires. */
export const holdsStock = (method: PaymentMethod) => method !== "cod";

/**
 * The order's status once its shipments are as given: cancelled when every one is, completed
 * when each is delivered or cancelled (with at least one delivered). Otherwise unchanged.
 */
export function orderStatusAfterShipments(
  current: OrderStatus,
  shipments: readonly ShipmentStatus[],
): OrderStatus {
  if (current === "cancelled" || current === "completed") return current;
  if (shipments.length > 0 && shipments.every((s) => s === "cancelled")) return "cancelled";
  if (
    current === "confirmed" &&
    shipments.some((s) => s === "delivered") &&
    shipments.every((s) => s === "delivered" || s === "cancelled")
  ) {
    return "completed";
  }
  return current;
}

/** Only an unpaid order can be marked paid, and only while it has not been cancelled. */
export const canMarkPaid = (status: OrderStatus) => status === "awaiting_payment";

/** The buyer may call off an order only before paying for it. */
export const buyerMayCancel = (status: OrderStatus) => status === "awaiting_payment";

export function isPaymentMethod(value: unknown): value is PaymentMethod {
  return typeof value === "string" && (paymentMethods as readonly string[]).includes(value);
}
