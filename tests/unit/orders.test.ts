import { describe, expect, it } from "vitest";
import { checkoutSchema } from "~/domain/orders/checkout";
import { newOrderCode, ORDER_CODE, orderCodesIn } from "~/domain/orders/code";
import {
  allowedShipmentActions,
  buyerMayCancel,
  canMarkPaid,
  holdsStock,
  initialOrderStatus,
  orderStatusAfterShipments,
  shipmentTransition,
} from "~/domain/orders/state";

describe("shipment state machine", () => {
  it("walks pending → packed → shipped → delivered once the order is confirmed", () => {
    expect(shipmentTransition("pending", "pack", "confirmed")).toBe("packed");
    expect(shipmentTransition("packed", "ship", "confirmed")).toBe("shipped");
    expect(shipmentTransition("shipped", "deliver", "confirmed")).toBe("delivered");
  });

  it("refuses skipping steps and going back", () => {
    expect(shipmentTransition("pending", "ship", "confirmed")).toBeNull();
    expect(shipmentTransition("pending", "deliver", "confirmed")).toBeNull();
    expect(shipmentTransition("delivered", "pack", "confirmed")).toBeNull();
  });

  it("does not pack or ship an unpaid order, but lets the seller cancel it", () => {
    expect(shipmentTransition("pending", "pack", "awaiting_payment")).toBeNull();
    expect(shipmentTransition("pending", "cancel", "awaiting_payment")).toBe("cancelled");
    expect(allowedShipmentActions("pending", "awaiting_payment")).toEqual(["cancel"]);
  });

  it("never cancels a parcel already on its way or delivered", () => {
    expect(shipmentTransition("shipped", "cancel", "confirmed")).toBeNull();
    expect(shipmentTransition("delivered", "cancel", "confirmed")).toBeNull();
    expect(allowedShipmentActions("shipped", "confirmed")).toEqual(["deliver"]);
  });

  it("does nothing to finished orders", () => {
    expect(allowedShipmentActions("pending", "cancelled")).toEqual([]);
    expect(allowedShipmentActions("delivered", "completed")).toEqual([]);
  });
});

describe("order status", () => {
  it("starts cash on delivery confirmed and the others awaiting payment, holding stock", () => {
    expect(initialOrderStatus("cod")).toBe("confirmed");
    expect(initialOrderStatus("card")).toBe("awaiting_payment");
    expect(initialOrderStatus("vietqr")).toBe("awaiting_payment");
    expect(holdsStock("cod")).toBe(false);
    expect(holdsStock("vietqr")).toBe(true);
  });

  it("completes when every shipment is delivered or cancelled, with one delivered", () => {
    expect(orderStatusAfterShipments("confirmed", ["delivered", "cancelled"])).toBe("completed");
    expect(orderStatusAfterShipments("confirmed", ["delivered", "shipped"])).toBe("confirmed");
    expect(orderStatusAfterShipments("confirmed", ["cancelled", "cancelled"])).toBe("cancelled");
    expect(orderStatusAfterShipments("awaiting_payment", ["cancelled"])).toBe("cancelled");
    expect(orderStatusAfterShipments("awaiting_payment", ["pending"])).toBe("awaiting_payment");
  });

  it("marks paid and lets the buyer cancel only while awaiting payment", () => {
    expect(canMarkPaid("awaiting_payment")).toBe(true);
    expect(canMarkPaid("cancelled")).toBe(false);
    expect(canMarkPaid("confirmed")).toBe(false);
    expect(buyerMayCancel("awaiting_payment")).toBe(true);
    expect(buyerMayCancel("confirmed")).toBe(false);
  });
});

describe("order codes", () => {
  it("are DH, the date in Vietnam and six unambiguous characters", () => {
    // 2025-11-21 20:00 UTC is already the 22nd in Vietnam.
    const code = newOrderCode(new Date("2025-11-21T20:00:00Z"));
    expect(code).toMatch(/^DH251122[2-9A-HJKMNP-TV-Z]{6}$/);
    expect(code.length).toBeLessThanOrEqual(25);
    expect(ORDER_CODE.test(code)).toBe(true);
  });

  it("are found in bank transfer notes written any way", () => {
    expect(orderCodesIn("CK thanh toan dh251122k7q9mx cam on")).toEqual(["DH251122K7Q9MX"]);
    expect(orderCodesIn("DH251122K7Q9MX DH251122K7Q9MX;DH251123ABCDEF")).toEqual([
      "DH251122K7Q9MX",
      "DH251123ABCDEF",
    ]);
    expect(orderCodesIn("MBVCB.123456.DH25112")).toEqual([]);
    // Look-alike characters (0, 1, I, O) are never in a code.
    expect(orderCodesIn("DH2511220O1IAB")).toEqual([]);
  });
});

describe("checkout form", () => {
  const base = {
    contactName: "  Nguyễn  Thị Lan ",
    contactPhone: "+84 912 345 678",
    contactEmail: "",
    regionId: "0b6f0e52-8f1c-4a8e-9a51-3c1f5d7f9b10",
    street: "Số 5, thôn Nà Pài",
    note: "",
    paymentMethod: "cod",
    expectedTotalVnd: "150000",
  };

  it("normalises what a buyer types", () => {
    const r = checkoutSchema.safeParse(base);
    expect(r.success).toBe(true);
    if (!r.success) return;
    expect(r.data.contactName).toBe("Nguyễn Thị Lan");
    expect(r.data.contactPhone).toBe("0912345678");
    expect(r.data.contactEmail).toBeNull();
    expect(r.data.note).toBeNull();
    expect(r.data.expectedTotalVnd).toBe(150000);
  });

  it("names each bad field with a message key", () => {
    const r = checkoutSchema.safeParse({
      ...base,
      contactName: "",
      contactPhone: "12345",
      contactEmail: "lan@",
      regionId: "../../etc",
      street: "",
      paymentMethod: "bitcoin",
    });
    expect(r.success).toBe(false);
    if (r.success) return;
    const byField = Object.fromEntries(r.error.issues.map((i) => [i.path.join("."), i.message]));
    expect(byField).toMatchObject({
      contactName: "orders.errors.nameRequired",
      contactPhone: "orders.errors.phoneInvalid",
      contactEmail: "orders.errors.emailInvalid",
      regionId: "orders.errors.communeRequired",
      street: "orders.errors.streetRequired",
      paymentMethod: "orders.errors.paymentMethodRequired",
    });
  });
});
