import { eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { isDomainError } from "~/domain/errors";
import { addToCart, loadCart, mergeGuestCart } from "~/domain/orders/cart.server";
import { cancelByBuyer, releaseExpiredHolds } from "~/domain/orders/lifecycle.server";
import { orderAccessKey } from "~/domain/orders/order-link.server";
import { placeOrder } from "~/domain/orders/place-order.server";
import { getOrderView } from "~/domain/orders/read.server";
import { noteAvailable, PLACING_AT_ONCE, placingSlot, stockClock } from "~/domain/orders/stock-signal.server";
import { db } from "~db/client.server";
import { batches, orderEvents, orderItems, orders, outbox, payments } from "~db/schema";
import { availableIn, checkoutValues, createOrderWorld, placeTestOrder } from "./order-fixtures";
import { createUser } from "./review-fixtures";

async function rejection(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (isDomainError(error)) return error;
    throw error;
  }
  throw new Error("expected a refusal");
}

async function orderCount() {
  return (await db().select({ id: orders.id }).from(orders)).length;
}

describe("placing an order", () => {
  it("allocates from the earliest best-before first, splitting across batches", async () => {
    const world = await createOrderWorld({ stock: [3, 5] });
    const coop = world.coops[0];
    // A second batch of the same product that expires sooner, and one on hold that must never be used.
    const [sooner] = await db()
      .insert(batches)
      .values({
        productId: coop.product.id,
        lot: "SOONER1",
        status: "released",
        quantity: 2,
        quantityAvailable: 2,
        producedOn: "2026-01-01",
        bestBefore: "2026-06-01",
        publicCode: "osooner1",
      })
      .returning({ id: batches.id });
    const [held] = await db()
      .insert(batches)
      .values({
        productId: coop.product.id,
        lot: "HELD1",
        status: "on_hold",
        quantity: 9,
        quantityAvailable: 9,
        producedOn: "2025-12-01",
        bestBefore: "2026-02-01",
        publicCode: "oheld1",
      })
      .returning({ id: batches.id });
    const placed = await placeTestOrder(world, [4, 0], "cod");
    const items = await db()
      .select({ batchId: orderItems.batchId, quantity: orderItems.quantity })
      .from(orderItems)
      .where(eq(orderItems.orderId, placed.id));
    expect(items).toHaveLength(2);
    expect(items).toEqual(
      expect.arrayContaining([
        { batchId: sooner?.id, quantity: 2 },
        { batchId: coop.batch.id, quantity: 2 },
      ]),
    );
    const [soonerRow] = await db()
      .select()
      .from(batches)
      .where(eq(batches.id, sooner?.id ?? ""));
    expect(soonerRow?.quantityAvailable).toBe(0);
    expect(soonerRow?.status).toBe("sold_out");
    expect(await availableIn(coop.batch.id)).toBe(1);
    expect(await availableIn(held?.id ?? "")).toBe(9);
  });

  it("makes one order, one payment and one shipment per cooperative, priced from the database", async () => {
    const world = await createOrderWorld({ prices: [150_000, 85_000] });
    const placed = await placeTestOrder(world, [2, 3], "cod", { values: { expectedTotalVnd: "555000" } });
    expect(placed.totalVnd).toBe(2 * 150_000 + 3 * 85_000);
    expect(placed.shipments).toHaveLength(2);
    expect(placed.code).toMatch(/^DH\d{6}[A-Z0-9]{6}$/);
    const pay = await db().select().from(payments).where(eq(payments.orderId, placed.id));
    expect(pay).toHaveLength(1);
    expect(pay[0]).toMatchObject({ method: "cod", status: "pending", amountVnd: 555_000 });
    const [order] = await db().select().from(orders).where(eq(orders.id, placed.id));
    expect(order).toMatchObject({ status: "confirmed", holdExpiresAt: null, contactPhone: "0912345678" });
    // The cart is gone; the buyer (a guest) is told by SMS and email with the signed link.
    expect((await loadCart(placed.cart)).groups).toHaveLength(0);
    const mine = async (template: string) =>
      (await db().select().from(outbox).where(eq(outbox.template, template))).filter(
        (m) => m.params.code === placed.code,
      );
    const messages = await mine("orderPlaced");
    expect(messages.map((m) => m.channel).sort()).toEqual(["email", "sms"]);
    expect(String(messages[0]?.params.link)).toContain(
      `/don-hang/${placed.code}?k=${orderAccessKey(placed.id)}`,
    );
    // Each cooperative's managers hear of it.
    expect(await mine("orderReceived")).toHaveLength(2);
  });

  it("refuses a tampered total, a malformed phone and an unknown commune, writing nothing", async () => {
    const world = await createOrderWorld();
    const before = await orderCount();
    const stock = await availableIn(world.coops[0].batch.id);
    const changed = await rejection(
      placeTestOrder(world, [1, 0], "cod", { values: { expectedTotalVnd: "1000" } }),
    );
    expect(changed.messageKey).toBe("orders.errors.pricesChanged");
    const phone = await rejection(
      placeTestOrder(world, [1, 0], "cod", { values: { contactPhone: "12345" } }),
    );
    expect(phone.fieldErrors.contactPhone).toBe("orders.errors.phoneInvalid");
    const commune = await rejection(
      placeTestOrder(world, [1, 0], "cod", { values: { regionId: "00000000-0000-4000-8000-000000000000" } }),
    );
    expect(commune.fieldErrors.regionId).toBe("orders.errors.communeUnknown");
    expect(await orderCount()).toBe(before);
    expect(await availableIn(world.coops[0].batch.id)).toBe(stock);
  });

  it("refuses an empty or unknown cart", async () => {
    const world = await createOrderWorld();
    const error = await rejection(
      placeOrder({ token: "no-such-cart" }, null, checkoutValues(world, "cod"), { cardEnabled: false }),
    );
    expect(error.kind).toBe("conflict");
    expect(error.messageKey).toBe("orders.errors.cartEmpty");
  });

  it("never oversells: concurrent buyers for the last units, exactly that many succeed", async () => {
    const world = await createOrderWorld({ stock: [5, 20] });
    const carts: string[] = [];
    for (let i = 0; i < 12; i++)
      carts.push((await addToCart({ token: null }, world.coops[0].product.id, "1")).token);
    const results = await Promise.allSettled(
      carts.map((token) => placeOrder({ token }, null, checkoutValues(world, "cod"), { cardEnabled: false })),
    );
    const placed = results.filter((r) => r.status === "fulfilled");
    const refused = results.flatMap((r) => (r.status === "rejected" ? [r.reason] : []));
    expect(placed).toHaveLength(5);
    expect(refused).toHaveLength(7);
    for (const reason of refused) {
      expect(isDomainError(reason) && reason.messageKey).toBe("orders.errors.soldOutAtCheckout");
    }
    const [batch] = await db().select().from(batches).where(eq(batches.id, world.coops[0].batch.id));
    expect(batch).toMatchObject({ quantityAvailable: 0, status: "sold_out" });
  });

  it('tells a buyer queued behind a sell-out "sold out" at once, and serves buyers who start after a restock', async () => {
    const world = await createOrderWorld({ stock: [3, 20] });
    const productId = world.coops[0].product.id;
    const late = await addToCart({ token: null }, productId, "1");
    const ordersBefore = await orderCount();
    // Every slot busy: the next order waits in this process, before the database.
    const releases: (() => void)[] = [];
    const busy = Array.from({ length: PLACING_AT_ONCE }, () =>
      placingSlot(() => new Promise<void>((resolve) => releases.push(resolve))),
    );
    const waiting = placeOrder({ token: late.token }, null, checkoutValues(world, "cod"), {
      cardEnabled: false,
    });
    await vi.waitFor(() => expect(placingSlot.pendingCount).toBe(1));
    // Meanwhile another order learns that none is left (as take_stock reports after the last unit).
    noteAvailable(productId, 0, stockClock());
    for (const release of releases) release();
    await Promise.all(busy);
    const refused = await rejection(waiting);
    expect(refused.messageKey).toBe("orders.errors.soldOutAtCheckout");
    // Answered without the database: the 3 units are still there, no order was written.
    expect(await availableIn(world.coops[0].batch.id)).toBe(3);
    expect(await orderCount()).toBe(ordersBefore);
    // A buyer who starts now is not held back by that count: the database sells them two units.
    const next = await addToCart({ token: null }, productId, "2");
    await placeOrder({ token: next.token }, null, checkoutValues(world, "cod"), { cardEnabled: false });
    expect(await availableIn(world.coops[0].batch.id)).toBe(1);
  });

  it("places one order when the same cart is submitted twice at once", async () => {
    const world = await createOrderWorld();
    const { token } = await addToCart({ token: null }, world.coops[0].product.id, "2");
    const results = await Promise.allSettled([
      placeOrder({ token }, null, checkoutValues(world, "cod"), { cardEnabled: false }),
      placeOrder({ token }, null, checkoutValues(world, "cod"), { cardEnabled: false }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await availableIn(world.coops[0].batch.id)).toBe(18);
  });

  it("offers the card only when Stripe is configured", async () => {
    const world = await createOrderWorld();
    const error = await rejection(placeTestOrder(world, [1, 0], "card", { cardEnabled: false }));
    expect(error.fieldErrors.paymentMethod).toBe("orders.errors.cardUnavailable");
  });
});

describe("holds on unpaid orders", () => {
  it("keeps the stock of an unpaid transfer until the hold runs out, then gives it back", async () => {
    const world = await createOrderWorld({ stock: [4, 4] });
    // The Sơn La cooperative has no bank account: a one-cooperative transfer goes to Thái Nguyên's.
    const { cooperatives } = await import("~db/schema");
    await db()
      .update(cooperatives)
      .set({ bankBin: "970436", bankAccountNo: "1234567890", bankAccountName: "HTX THANH TAM" })
      .where(eq(cooperatives.id, world.coops[0].cooperative.id));
    const now = new Date("2026-11-22T03:00:00Z");
    const placed = await placeTestOrder(world, [4, 0], "vietqr", { now });
    expect(placed.holdExpiresAt?.toISOString()).toBe("2026-11-22T03:30:00.000Z");
    const [pay] = await db().select().from(payments).where(eq(payments.orderId, placed.id));
    expect(pay).toMatchObject({ payeeBankBin: "970436", payeeAccountNo: "1234567890" });
    const [sold] = await db().select().from(batches).where(eq(batches.id, world.coops[0].batch.id));
    expect(sold).toMatchObject({ quantityAvailable: 0, status: "sold_out" });

    expect(await releaseExpiredHolds(new Date("2026-11-22T03:29:59Z"))).toEqual({ released: 0 });
    expect(await releaseExpiredHolds(new Date("2026-11-22T03:30:00Z"))).toEqual({ released: 1 });
    expect(await releaseExpiredHolds(new Date("2026-11-22T04:00:00Z"))).toEqual({ released: 0 });

    const [order] = await db().select().from(orders).where(eq(orders.id, placed.id));
    expect(order?.status).toBe("cancelled");
    const [back] = await db().select().from(batches).where(eq(batches.id, world.coops[0].batch.id));
    expect(back).toMatchObject({ quantityAvailable: 4, status: "released" });
    const kinds = (await db().select().from(orderEvents).where(eq(orderEvents.orderId, placed.id))).map(
      (e) => e.kind,
    );
    expect(kinds).toEqual(["placed", "hold_expired", "cancelled"]);
    expect(await db().select().from(outbox).where(eq(outbox.template, "orderExpired"))).not.toHaveLength(0);
  });

  it("does not offer a transfer for several cooperatives without the marketplace's account", async () => {
    const world = await createOrderWorld();
    const error = await rejection(placeTestOrder(world, [1, 1], "vietqr"));
    expect(error.fieldErrors.paymentMethod).toBe("orders.errors.transferUnavailable");
  });

  it("lets the buyer cancel before paying, and not after", async () => {
    const world = await createOrderWorld({ stock: [3, 3] });
    const card = await placeTestOrder(world, [3, 0], "card");
    expect(await availableIn(world.coops[0].batch.id)).toBe(0);
    await cancelByBuyer(card.id, null);
    expect(await availableIn(world.coops[0].batch.id)).toBe(3);
    const cod = await placeTestOrder(world, [1, 0], "cod");
    const error = await rejection(cancelByBuyer(cod.id, null));
    expect(error.messageKey).toBe("orders.errors.buyerCannotCancel");
  });
});

describe("carts and order access", () => {
  it("merges a guest cart into the account at log-in, capped at the stock", async () => {
    const world = await createOrderWorld({ stock: [5, 5] });
    const buyer = await createUser("Người mua", []);
    await addToCart({ userId: buyer.id }, world.coops[0].product.id, "3");
    const { token } = await addToCart({ token: null }, world.coops[0].product.id, "4");
    await addToCart({ token }, world.coops[1].product.id, "1");
    expect(await mergeGuestCart(token, buyer.id)).toBe(2);
    const cart = await loadCart({ userId: buyer.id });
    const quantities = cart.groups.flatMap((g) => g.lines.map((l) => [l.name, l.quantity]));
    expect(quantities).toEqual(
      expect.arrayContaining([
        [world.coops[0].product.name, 5],
        [world.coops[1].product.name, 1],
      ]),
    );
    expect((await loadCart({ token })).groups).toHaveLength(0);
  });

  it("refuses quantities of zero, below zero, beyond stock or not numbers", async () => {
    const world = await createOrderWorld({ stock: [2, 2] });
    const id = world.coops[0].product.id;
    for (const [qty, key] of [
      ["0", "orders.errors.quantityTooSmall"],
      ["-1", "orders.errors.quantityTooSmall"],
      ["abc", "orders.errors.quantityNotNumber"],
      ["3", "orders.errors.beyondStock"],
    ] as const) {
      expect((await rejection(addToCart({ token: null }, id, qty))).messageKey).toBe(key);
    }
    expect((await rejection(addToCart({ token: null }, "not-a-product", "1"))).messageKey).toBe(
      "orders.errors.productUnavailable",
    );
  });

  it("shows a guest's order only with its signed link, with a trace link per item", async () => {
    const world = await createOrderWorld();
    const placed = await placeTestOrder(world, [1, 2], "cod");
    await expect(getOrderView(placed.code, { kind: "guest", key: null })).rejects.toMatchObject({
      kind: "not_found",
    });
    await expect(getOrderView(placed.code, { kind: "guest", key: "x".repeat(32) })).rejects.toMatchObject({
      kind: "not_found",
    });
    const view = await getOrderView(placed.code.toLowerCase(), {
      kind: "guest",
      key: orderAccessKey(placed.id),
    });
    expect(view.shipments).toHaveLength(2);
    const paths = view.shipments.flatMap((s) => s.items.map((i) => i.tracePath));
    expect(paths).toEqual(expect.arrayContaining([`/t/${world.coops[0].batch.publicCode}`]));
    // A manager sees only their own cooperative's part; another buyer sees nothing.
    const seller = await getOrderView(placed.code, { kind: "seller", actor: world.coops[1].manager });
    expect(seller.shipments.map((s) => s.cooperativeId)).toEqual([world.coops[1].cooperative.id]);
    await expect(getOrderView(placed.code, { kind: "buyer", userId: world.admin.id })).rejects.toMatchObject({
      kind: "not_found",
    });
  });
});
