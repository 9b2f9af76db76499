// The cooperative's side of an order: the inbox, the order page's steps (pack, ship, deliver,
// cancel), bank transfer confirmation and the bank statement import, through the real routes and
// domain functions on a real database.
import { and, eq, sql } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { managerDashboard } from "~/domain/cooperatives/dashboard.server";
import { isDomainError } from "~/domain/errors";
import { advanceShipment, cancelByBuyer, confirmTransfer } from "~/domain/orders/lifecycle.server";
import { listSellerShipments } from "~/domain/orders/read.server";
import { importStatement } from "~/domain/orders/statement.server";
import { action as adminTransfersAction, loader as adminTransfersLoader } from "~/routes/admin.transfers";
import { loader as manageLayoutLoader } from "~/routes/manage";
import { loader as inboxLoader } from "~/routes/manage.orders._index";
import { action as orderAction, loader as orderLoader } from "~/routes/manage.orders.$code";
import {
  action as cancelAction,
  loader as cancelLoader,
} from "~/routes/manage.orders.$code_.shipments.$shipmentId.cancel";
import { action as statementAction } from "~/routes/manage.orders.statement";
import { createUserSessionCookie } from "~/utils/auth.server";
import { todayInVietnam } from "~/utils/format";
import { db } from "~db/client.server";
import {
  auditLog,
  batches,
  cooperatives,
  orderEvents,
  orderShipments,
  orders,
  outbox,
  payments,
} from "~db/schema";
import { availableIn, createOrderWorld, type OrderWorld, placeTestOrder } from "./order-fixtures";
import { createUser } from "./review-fixtures";

// Orders from several cooperatives are paid into the marketplace's account.
process.env.PLATFORM_BANK_BIN = "970415";
process.env.PLATFORM_BANK_ACCOUNT_NO = "1122334455";
process.env.PLATFORM_BANK_ACCOUNT_NAME = "CONG TY CHO OCOP";

// The outbox logs each message in development; keep the test output readable.
beforeAll(() => {
  vi.spyOn(console, "info").mockImplementation(() => {});
});
afterEach(() => {
  vi.mocked(console.info).mockClear();
});

// ───────────────────────── request helpers ─────────────────────────

const cookies = new Map<string, string>();
async function cookieOf(user: { id: string }) {
  let cookie = cookies.get(user.id);
  if (!cookie) {
    cookie = (await createUserSessionCookie(user.id)).split(";")[0] ?? "";
    cookies.set(user.id, cookie);
  }
  return cookie;
}

async function get(url: string, who: { id: string }) {
  return new Request(`http://localhost${url}`, { headers: { Cookie: await cookieOf(who) } });
}

async function post(url: string, who: { id: string }, fields: Record<string, string>, file?: File) {
  const body = new FormData();
  for (const [k, v] of Object.entries(fields)) body.append(k, v);
  if (file) body.append("file", file);
  return new Request(`http://localhost${url}`, {
    method: "POST",
    body,
    headers: { Cookie: await cookieOf(who), Origin: "http://localhost" },
  });
}

const args = (request: Request, params: Record<string, string> = {}) =>
  ({ request, params, context: {} }) as never;

/** What a loader or action returned or threw: status, redirect target and data. */
async function outcome(run: () => Promise<unknown>): Promise<{
  status: number;
  location: string | null;
  data: Record<string, unknown>;
}> {
  const shape = (value: unknown, thrown: boolean) => {
    if (value instanceof Response)
      return { status: value.status, location: value.headers.get("Location"), data: {} };
    const init = (value as { init?: ResponseInit | null })?.init;
    if (thrown && !init?.status) throw value;
    const body = ((value as { data?: unknown })?.data ?? value) as Record<string, unknown>;
    return { status: init?.status ?? 200, location: null, data: body };
  };
  try {
    return shape(await run(), false);
  } catch (thrown) {
    return shape(thrown, true);
  }
}

async function refusal(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (isDomainError(error)) return error;
    throw error;
  }
  throw new Error("expected a refusal");
}

// ───────────────────────── data helpers ─────────────────────────

async function shipmentOf(id: string) {
  const [row] = await db().select().from(orderShipments).where(eq(orderShipments.id, id));
  if (!row) throw new Error(`shipment ${id} missing`);
  return row;
}
async function orderOf(id: string) {
  const [row] = await db().select().from(orders).where(eq(orders.id, id));
  if (!row) throw new Error(`order ${id} missing`);
  return row;
}
async function paymentOf(orderId: string) {
  const [row] = await db().select().from(payments).where(eq(payments.orderId, orderId));
  if (!row) throw new Error(`payment of ${orderId} missing`);
  return row;
}
async function eventCount(orderId: string) {
  const [row] = await db()
    .select({ n: sql<number>`count(*)::int` })
    .from(orderEvents)
    .where(eq(orderEvents.orderId, orderId));
  return Number(row?.n ?? 0);
}
async function messagesAbout(code: string, template: string) {
  return (await db().select().from(outbox).where(eq(outbox.template, template))).filter(
    (m) => m.params.code === code,
  );
}
/** Each cooperative's own account, so a one-cooperative transfer goes straight to it. */
async function giveBankAccounts(world: OrderWorld) {
  for (const [i, c] of world.coops.entries()) {
    await db()
      .update(cooperatives)
      .set({ bankBin: "970436", bankAccountNo: `00110022${i}`, bankAccountName: `HTX ${i}` })
      .where(eq(cooperatives.id, c.cooperative.id));
  }
}

const orderUrl = (code: string, slug: string) => `/manage/orders/${code}?coop=${slug}`;

// ───────────────────────── tests ─────────────────────────

describe("the order inbox", () => {
  it("lists the cooperative's shipments per filter with counts, items and buyer, and nobody else's", async () => {
    const world = await createOrderWorld();
    const [a, b] = world.coops;
    const cod = await placeTestOrder(world, [2, 0], "cod");
    const unpaid = await placeTestOrder(world, [1, 0], "card");
    const shared = await placeTestOrder(world, [1, 3], "cod");

    const page = await outcome(async () =>
      inboxLoader(args(await get(`/manage/orders?coop=${a.cooperative.slug}`, a.manager))),
    );
    expect(page.status).toBe(200);
    const rows = page.data.rows as Array<Record<string, unknown>>;
    expect(rows.map((r) => r.code).sort()).toEqual([cod.code, shared.code].sort());
    const codRow = rows.find((r) => r.code === cod.code);
    expect(codRow).toMatchObject({
      buyer: "Nguyễn Thị Lan",
      items: [{ name: a.product.name, quantity: 2 }],
      subtotalVnd: 2 * a.product.priceVnd,
      paymentMethod: "cod",
      paymentStatus: "pending",
      status: "pending",
    });
    // The shared order shows only this cooperative's part.
    expect(rows.find((r) => r.code === shared.code)).toMatchObject({
      items: [{ name: a.product.name, quantity: 1 }],
      subtotalVnd: a.product.priceVnd,
    });
    expect(page.data.counts).toMatchObject({ to_pack: 2, awaiting_payment: 1, all: 3, done: 0 });

    const waiting = await outcome(async () =>
      inboxLoader(
        args(await get(`/manage/orders?coop=${a.cooperative.slug}&filter=awaiting_payment`, a.manager)),
      ),
    );
    expect((waiting.data.rows as Array<{ code: string }>).map((r) => r.code)).toEqual([unpaid.code]);

    const other = await listSellerShipments(b.manager, { filter: "all", cooperativeId: b.cooperative.id });
    expect(other.rows.map((r) => r.orderCode)).toEqual([shared.code]);

    const bad = await outcome(async () =>
      inboxLoader(args(await get(`/manage/orders?coop=${a.cooperative.slug}&filter=everything`, a.manager))),
    );
    expect(bad.status).toBe(400);
    // Someone else's cooperative in ?coop= is not found.
    const foreign = await outcome(async () =>
      inboxLoader(args(await get(`/manage/orders?coop=${b.cooperative.slug}`, a.manager))),
    );
    expect(foreign.status).toBe(404);
  });

  it("counts orders to pack in the navigation and on the manager's to-do page", async () => {
    const world = await createOrderWorld();
    const [a] = world.coops;
    await placeTestOrder(world, [1, 0], "cod");
    await placeTestOrder(world, [1, 0], "cod");
    const layout = await outcome(async () =>
      manageLayoutLoader(args(await get(`/manage?coop=${a.cooperative.slug}`, a.manager))),
    );
    expect(layout.data.toPack).toBe(2);
    const home = await managerDashboard(a.manager, a.cooperative.id, todayInVietnam());
    expect(home.toPack).toBe(2);
    expect(home.transfersToConfirm).toBe(0);
  });
});

describe("fulfilling a cash-on-delivery order", () => {
  it("packs, ships with carrier and tracking number, delivers; the order is then paid and completed", async () => {
    const world = await createOrderWorld();
    const [a] = world.coops;
    const placed = await placeTestOrder(world, [2, 0], "cod");
    const shipmentId = placed.shipments[0]?.id ?? "";
    const url = orderUrl(placed.code, a.cooperative.slug);

    const view = await outcome(async () =>
      orderLoader(args(await get(url, a.manager), { code: placed.code })),
    );
    expect(view.status).toBe(200);
    const shipments = view.data.shipments as Array<{
      id: string;
      actions: string[];
      items: { tracePath: string }[];
    }>;
    expect(shipments).toHaveLength(1);
    expect(shipments[0]?.actions).toEqual(["pack", "cancel"]);
    expect(shipments[0]?.items[0]?.tracePath).toMatch(/^\/t\/|^\/01\//);
    expect(view.data.order).toMatchObject({ contactPhone: "0912345678", contactName: "Nguyễn Thị Lan" });

    const packed = await outcome(async () =>
      orderAction(args(await post(url, a.manager, { intent: "pack", shipmentId }), { code: placed.code })),
    );
    expect(packed.status).toBe(302);
    expect(packed.location).toBe(url);
    expect((await shipmentOf(shipmentId)).status).toBe("packed");

    // Shipping needs a carrier and a tracking number: refused beside the fields, nothing written.
    const events = await eventCount(placed.id);
    const missing = await outcome(async () =>
      orderAction(args(await post(url, a.manager, { intent: "ship", shipmentId }), { code: placed.code })),
    );
    expect(missing.status).toBe(400);
    expect(missing.data.fieldErrors).toEqual({
      carrier: "orders.errors.carrierRequired",
      trackingNo: "orders.errors.trackingRequired",
    });
    const badTracking = await outcome(async () =>
      orderAction(
        args(
          await post(url, a.manager, {
            intent: "ship",
            shipmentId,
            carrier: "Viettel Post",
            trackingNo: "mã?",
          }),
          {
            code: placed.code,
          },
        ),
      ),
    );
    expect(badTracking.status).toBe(400);
    expect(badTracking.data.fieldErrors).toEqual({ trackingNo: "orders.errors.trackingInvalid" });
    expect((badTracking.data.values as Record<string, string>).carrier).toBe("Viettel Post");
    expect((await shipmentOf(shipmentId)).status).toBe("packed");
    expect(await eventCount(placed.id)).toBe(events);

    const shipped = await outcome(async () =>
      orderAction(
        args(
          await post(url, a.manager, {
            intent: "ship",
            shipmentId,
            carrier: " Viettel Post ",
            trackingNo: "VTP123456789",
          }),
          { code: placed.code },
        ),
      ),
    );
    expect(shipped.status).toBe(302);
    expect(await shipmentOf(shipmentId)).toMatchObject({
      status: "shipped",
      carrier: "Viettel Post",
      trackingNo: "VTP123456789",
    });
    const told = await messagesAbout(placed.code, "orderShipped");
    expect(told.map((m) => m.channel).sort()).toEqual(["email", "sms"]);
    expect(told[0]?.params).toMatchObject({ carrier: "Viettel Post", trackingNo: "VTP123456789" });

    // Packing again is a step that no longer applies: 409, nothing changes.
    const again = await outcome(async () =>
      orderAction(args(await post(url, a.manager, { intent: "pack", shipmentId }), { code: placed.code })),
    );
    expect(again.status).toBe(409);
    expect(again.data.formError).toBe("orders.errors.stepNotAllowed");

    const delivered = await outcome(async () =>
      orderAction(args(await post(url, a.manager, { intent: "deliver", shipmentId }), { code: placed.code })),
    );
    expect(delivered.status).toBe(302);
    expect((await shipmentOf(shipmentId)).status).toBe("delivered");
    expect((await orderOf(placed.id)).status).toBe("completed");
    expect(await paymentOf(placed.id)).toMatchObject({
      status: "succeeded",
      receivedVnd: 2 * a.product.priceVnd,
    });
    expect(await messagesAbout(placed.code, "orderDelivered")).not.toHaveLength(0);

    const after = await outcome(async () =>
      orderLoader(args(await get(url, a.manager), { code: placed.code })),
    );
    // Entries written in one transaction share their time, so only the set is fixed after "placed".
    const kinds = (after.data.timeline as Array<{ kind: string }>).map((e) => e.kind);
    expect(kinds[0]).toBe("placed");
    expect([...kinds].sort()).toEqual(["completed", "delivered", "packed", "paid", "placed", "shipped"]);
    expect((after.data.shipments as Array<{ actions: string[] }>)[0]?.actions).toEqual([]);
  });

  it("shows a manager of another cooperative nothing: the page, the steps and the cancel page are not found", async () => {
    const world = await createOrderWorld();
    const [a, b] = world.coops;
    const placed = await placeTestOrder(world, [1, 0], "cod");
    const shipmentId = placed.shipments[0]?.id ?? "";
    const url = `/manage/orders/${placed.code}`;
    expect(
      (await outcome(async () => orderLoader(args(await get(url, b.manager), { code: placed.code })))).status,
    ).toBe(404);
    const step = await outcome(async () =>
      orderAction(args(await post(url, b.manager, { intent: "pack", shipmentId }), { code: placed.code })),
    );
    expect(step.status).toBe(404);
    const cancelPage = await outcome(async () =>
      cancelLoader(
        args(await get(`${url}/shipments/${shipmentId}/cancel`, b.manager), {
          code: placed.code,
          shipmentId,
        }),
      ),
    );
    expect(cancelPage.status).toBe(404);
    expect((await refusal(advanceShipment(b.manager, shipmentId, { action: "pack" }))).kind).toBe(
      "not_found",
    );
    expect((await shipmentOf(shipmentId)).status).toBe("pending");
    // A shipment id of another order under this order's code is not found either.
    const mine = await placeTestOrder(world, [0, 1], "cod");
    const crossed = await outcome(async () =>
      orderAction(
        args(await post(`/manage/orders/${mine.code}`, b.manager, { intent: "pack", shipmentId }), {
          code: mine.code,
        }),
      ),
    );
    expect(crossed.status).toBe(404);
    // A buyer is refused the back office; an anonymous visitor is sent to log in.
    const buyer = await createUser("Người mua", [{ role: "buyer" }]);
    expect(
      (await outcome(async () => orderLoader(args(await get(url, buyer), { code: placed.code })))).status,
    ).toBe(403);
    const anonymous = await outcome(async () =>
      orderLoader(args(new Request(`http://localhost${url}`), { code: placed.code })),
    );
    expect(anonymous.status).toBe(302);
    expect(anonymous.location).toMatch(/^\/login\?redirectTo=/);
    // An admin sees every part.
    const admin = await outcome(async () =>
      orderLoader(args(await get(url, world.admin), { code: placed.code })),
    );
    expect(admin.status).toBe(200);
    expect(a.cooperative.id).not.toBe(b.cooperative.id);
  });
});

describe("cancelling a shipment", () => {
  it("asks for a reason first, then returns the stock (a sold-out batch is on sale again) and tells the buyer", async () => {
    const world = await createOrderWorld({ stock: [3, 20] });
    const [a] = world.coops;
    const buyer = await createUser("Người mua", [{ role: "buyer" }]);
    const placed = await placeTestOrder(world, [3, 0], "cod", { buyerUserId: buyer.id });
    const shipmentId = placed.shipments[0]?.id ?? "";
    const [soldOut] = await db().select().from(batches).where(eq(batches.id, a.batch.id));
    expect(soldOut).toMatchObject({ status: "sold_out", quantityAvailable: 0 });

    const url = `/manage/orders/${placed.code}/shipments/${shipmentId}/cancel?coop=${a.cooperative.slug}`;
    const confirmPage = await outcome(async () =>
      cancelLoader(args(await get(url, a.manager), { code: placed.code, shipmentId })),
    );
    expect(confirmPage.status).toBe(200);
    expect(confirmPage.data).toMatchObject({
      code: placed.code,
      wholeOrder: true,
      refund: null,
      items: [{ productName: a.product.name, quantity: 3, lot: a.batch.lot }],
    });

    const noReason = await outcome(async () =>
      cancelAction(args(await post(url, a.manager, { reason: " " }), { code: placed.code, shipmentId })),
    );
    expect(noReason.status).toBe(400);
    expect(noReason.data.fieldErrors).toEqual({ reason: "orders.errors.reasonRequired" });
    expect((await shipmentOf(shipmentId)).status).toBe("pending");
    expect(await availableIn(a.batch.id)).toBe(0);

    const done = await outcome(async () =>
      cancelAction(
        args(await post(url, a.manager, { reason: "Lô hàng bị hỏng do mưa lũ" }), {
          code: placed.code,
          shipmentId,
        }),
      ),
    );
    expect(done.status).toBe(302);
    expect(done.location).toBe(orderUrl(placed.code, a.cooperative.slug));
    expect(await shipmentOf(shipmentId)).toMatchObject({
      status: "cancelled",
      cancelReason: "Lô hàng bị hỏng do mưa lũ",
    });
    const [restocked] = await db().select().from(batches).where(eq(batches.id, a.batch.id));
    expect(restocked).toMatchObject({ status: "released", quantityAvailable: 3 });
    expect((await orderOf(placed.id)).status).toBe("cancelled");
    const message = await messagesAbout(placed.code, "shipmentCancelled");
    expect(message).toHaveLength(1);
    expect(message[0]).toMatchObject({ channel: "inbox", recipientUserId: buyer.id });
    expect(message[0]?.params.reason).toBe("Lô hàng bị hỏng do mưa lũ");

    // Nothing left to cancel: the confirmation page sends the manager back to the order.
    const gone = await outcome(async () =>
      cancelLoader(args(await get(url, a.manager), { code: placed.code, shipmentId })),
    );
    expect(gone.status).toBe(302);
  });

  it("keeps the rest of a shared order going when one cooperative cancels its part", async () => {
    const world = await createOrderWorld();
    const [a, b] = world.coops;
    const placed = await placeTestOrder(world, [1, 2], "cod");
    const [sa, sb] = placed.shipments;
    const page = await outcome(async () =>
      cancelLoader(
        args(await get(`/manage/orders/${placed.code}/shipments/${sa?.id}/cancel`, a.manager), {
          code: placed.code,
          shipmentId: sa?.id ?? "",
        }),
      ),
    );
    expect(page.data.wholeOrder).toBe(false);
    await advanceShipment(a.manager, sa?.id ?? "", { action: "cancel", reason: "Hết hàng trong kho" });
    expect((await orderOf(placed.id)).status).toBe("confirmed");
    expect(await availableIn(a.batch.id)).toBe(20);
    expect(await availableIn(b.batch.id)).toBe(18);
    expect((await shipmentOf(sb?.id ?? "")).status).toBe("pending");
  });
});

describe("unpaid card and bank-transfer orders", () => {
  it("cannot be packed (409), only cancelled, until they are paid", async () => {
    const world = await createOrderWorld();
    const [a] = world.coops;
    await giveBankAccounts(world);
    for (const method of ["card", "vietqr"] as const) {
      const placed = await placeTestOrder(world, [1, 0], method);
      const shipmentId = placed.shipments[0]?.id ?? "";
      const url = orderUrl(placed.code, a.cooperative.slug);
      const view = await outcome(async () =>
        orderLoader(args(await get(url, a.manager), { code: placed.code })),
      );
      expect((view.data.shipments as Array<{ actions: string[] }>)[0]?.actions).toEqual(["cancel"]);
      const events = await eventCount(placed.id);
      const refused = await outcome(async () =>
        orderAction(args(await post(url, a.manager, { intent: "pack", shipmentId }), { code: placed.code })),
      );
      expect(refused.status, method).toBe(409);
      expect(refused.data.formError).toBe("orders.errors.notPaidYet");
      expect((await shipmentOf(shipmentId)).status).toBe("pending");
      expect(await eventCount(placed.id)).toBe(events);
    }
  });
});

describe("confirming a bank transfer", () => {
  it("reads the amount leniently, refuses a short amount beside the field, then marks the order paid", async () => {
    const world = await createOrderWorld();
    const [a, b] = world.coops;
    await giveBankAccounts(world);
    const placed = await placeTestOrder(world, [1, 0], "vietqr");
    const url = orderUrl(placed.code, a.cooperative.slug);
    const view = await outcome(async () =>
      orderLoader(args(await get(url, a.manager), { code: placed.code })),
    );
    expect(view.data.payment).toMatchObject({ canConfirm: true, toPlatform: false });
    expect((view.data.payment as { account: string }).account).toContain("001100220");
    expect((await managerDashboard(a.manager, a.cooperative.id, todayInVietnam())).transfersToConfirm).toBe(
      1,
    );

    const garbled = await outcome(async () =>
      orderAction(
        args(await post(url, a.manager, { intent: "confirm", receivedVnd: "một trăm" }), {
          code: placed.code,
        }),
      ),
    );
    expect(garbled.status).toBe(400);
    expect(garbled.data.fieldErrors).toEqual({ receivedVnd: "orders.errors.amountInvalid" });

    const short = await outcome(async () =>
      orderAction(
        args(await post(url, a.manager, { intent: "confirm", receivedVnd: "100.000" }), {
          code: placed.code,
        }),
      ),
    );
    expect(short.status).toBe(400);
    expect(short.data.fieldErrors).toEqual({ receivedVnd: "orders.errors.amountShort" });
    expect(short.data.formErrorParams).toEqual({ received: 100000, total: 150000, missing: 50000 });
    expect(await paymentOf(placed.id)).toMatchObject({ status: "pending", receivedVnd: null });

    // Another cooperative's manager cannot see it, let alone confirm it.
    expect((await refusal(confirmTransfer(b.manager, placed.id, 150000))).kind).toBe("not_found");

    const ok = await outcome(async () =>
      orderAction(
        args(await post(url, a.manager, { intent: "confirm", receivedVnd: "150,000 ₫" }), {
          code: placed.code,
        }),
      ),
    );
    expect(ok.status).toBe(302);
    expect(await paymentOf(placed.id)).toMatchObject({ status: "succeeded", receivedVnd: 150000 });
    expect((await orderOf(placed.id)).status).toBe("confirmed");
    const audit = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, placed.id), eq(auditLog.action, "payment.transfer_confirmed")));
    expect(audit).toHaveLength(1);
    const paid = await outcome(async () =>
      orderLoader(args(await get(url, a.manager), { code: placed.code })),
    );
    expect(paid.data.payment).toMatchObject({ canConfirm: false });
    expect((paid.data.shipments as Array<{ actions: string[] }>)[0]?.actions).toEqual(["pack", "cancel"]);
  });

  it("leaves transfers to the marketplace's account to admins", async () => {
    const world = await createOrderWorld();
    const [a] = world.coops;
    await giveBankAccounts(world);
    const shared = await placeTestOrder(world, [1, 1], "vietqr");
    const url = orderUrl(shared.code, a.cooperative.slug);
    const view = await outcome(async () =>
      orderLoader(args(await get(url, a.manager), { code: shared.code })),
    );
    expect(view.data.payment).toMatchObject({ canConfirm: false, toPlatform: true });
    const tried = await outcome(async () =>
      orderAction(
        args(await post(url, a.manager, { intent: "confirm", receivedVnd: "235.000" }), {
          code: shared.code,
        }),
      ),
    );
    expect(tried.status).toBe(404);
    expect((await refusal(confirmTransfer(a.manager, shared.id, 235000))).kind).toBe("not_found");
    expect((await paymentOf(shared.id)).status).toBe("pending");

    const list = await outcome(async () =>
      adminTransfersLoader(args(await get("/admin/transfers", world.admin))),
    );
    expect((list.data.pending as Array<{ code: string }>).map((p) => p.code)).toContain(shared.code);
    // Managers are not let in.
    expect(
      (await outcome(async () => adminTransfersLoader(args(await get("/admin/transfers", a.manager)))))
        .status,
    ).toBe(403);
    const orderId = shared.id;
    const short = await outcome(async () =>
      adminTransfersAction(
        args(
          await post("/admin/transfers", world.admin, { intent: "confirm", orderId, receivedVnd: "200.000" }),
        ),
      ),
    );
    expect(short.status).toBe(400);
    const ok = await outcome(async () =>
      adminTransfersAction(
        args(
          await post("/admin/transfers", world.admin, { intent: "confirm", orderId, receivedVnd: "235.000" }),
        ),
      ),
    );
    expect(ok.status).toBe(302);
    expect(await paymentOf(shared.id)).toMatchObject({ status: "succeeded", receivedVnd: 235000 });
    // A transfer to a cooperative's own account is not confirmed from the admin's transfer page.
    const own = await placeTestOrder(world, [1, 0], "vietqr");
    const elsewhere = await outcome(async () =>
      adminTransfersAction(
        args(
          await post("/admin/transfers", world.admin, {
            intent: "confirm",
            orderId: own.id,
            receivedVnd: "150.000",
          }),
        ),
      ),
    );
    expect(elsewhere.status).toBe(404);
    expect((await paymentOf(own.id)).status).toBe("pending");
  });
});

describe("importing a bank statement", () => {
  async function statementWorld() {
    const world = await createOrderWorld({ stock: [50, 50] });
    await giveBankAccounts(world);
    const [a, b] = world.coops;
    const one = await placeTestOrder(world, [1, 0], "vietqr"); // 150.000
    const two = await placeTestOrder(world, [2, 0], "vietqr"); // 300.000
    const paidBefore = await placeTestOrder(world, [1, 0], "vietqr");
    await confirmTransfer(a.manager, paidBefore.id, 150000);
    const calledOff = await placeTestOrder(world, [1, 0], "vietqr");
    await cancelByBuyer(calledOff.id, null);
    const theirs = await placeTestOrder(world, [0, 1], "vietqr"); // coop B's account, 85.000
    const pairA = await placeTestOrder(world, [1, 0], "vietqr");
    const pairB = await placeTestOrder(world, [2, 0], "vietqr");
    return { world, a, b, one, two, paidBefore, calledOff, theirs, pairA, pairB };
  }

  it("confirms each order paid in full, in one go, and reports every line", async () => {
    const { a, one, two, paidBefore, calledOff, theirs, pairA, pairB } = await statementWorld();
    const csv = [
      "NGAN HANG TMCP NGOAI THUONG VIET NAM;;;;",
      "Ngày giao dịch;Số tham chiếu;Nội dung;Ghi nợ;Ghi có",
      `21/11/2026;FT001;NGUYEN THI LAN CK ${one.code.toLowerCase()};;150.000`,
      `21/11/2026;FT002;CK ${two.code};;200.000`,
      `21/11/2026;FT003;TRAN VAN B ${theirs.code};;85.000`,
      "21/11/2026;FT004;Lai tien gui;;12.345",
      `21/11/2026;FT005;${paidBefore.code};;150.000`,
      `21/11/2026;FT006;${calledOff.code};;150.000`,
      "21/11/2026;FT007;Phi SMS Banking;11.000;",
      "21/11/2026;FT008;DH999999ZZZZZZ;;150.000",
      `22/11/2026;FT009;${pairA.code} ${pairB.code};;450.000`,
      `22/11/2026;FT010;NGUYEN THI LAN CK ${one.code};;150.000`,
    ].join("\r\n");
    const result = await importStatement(a.manager, csv, { payee: a.cooperative.id });
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(result.rows.map((r) => [r.line, r.code, r.outcome])).toEqual([
      [3, one.code, "confirmed"],
      [4, two.code, "amount_short"],
      [5, theirs.code, "not_found"],
      [6, null, "no_code"],
      [7, paidBefore.code, "already_paid"],
      [8, calledOff.code, "cancelled"],
      [9, null, "not_credit"],
      [10, "DH999999ZZZZZZ", "not_found"],
      [11, pairA.code, "confirmed"],
      [11, pairB.code, "confirmed"],
      [12, one.code, "already_paid"],
    ]);
    expect(result.counts).toMatchObject({ confirmed: 3, amount_short: 1, not_found: 2, already_paid: 2 });
    // Another cooperative's order is neither confirmed nor described.
    expect(result.rows.find((r) => r.code === theirs.code)?.orderTotalVnd).toBeNull();
    expect(result.rows.find((r) => r.code === two.code)).toMatchObject({
      orderTotalVnd: 300000,
      appliedVnd: 200000,
    });

    expect(await paymentOf(one.id)).toMatchObject({ status: "succeeded", receivedVnd: 150000 });
    expect(await paymentOf(pairA.id)).toMatchObject({ status: "succeeded", receivedVnd: 150000 });
    expect(await paymentOf(pairB.id)).toMatchObject({ status: "succeeded", receivedVnd: 300000 });
    expect((await paymentOf(two.id)).status).toBe("pending");
    expect((await paymentOf(theirs.id)).status).toBe("pending");
    expect((await orderOf(theirs.id)).status).toBe("awaiting_payment");
    const paidEvent = await db()
      .select()
      .from(orderEvents)
      .where(and(eq(orderEvents.orderId, one.id), eq(orderEvents.kind, "paid")));
    expect(paidEvent.map((e) => e.details.source)).toEqual(["statement"]);
    expect(await messagesAbout(one.code, "orderPaid")).not.toHaveLength(0);
  });

  it("refuses a file with an unreadable amount as a whole (400 with line numbers), writing nothing", async () => {
    const { a, one, two } = await statementWorld();
    const csv = `Nội dung,Số tiền\nCK ${one.code},150.000\nCK ${two.code},ba tram nghin\n`;
    const file = new File([`\uFEFF${csv}`], "saoke.csv", { type: "text/csv" });
    const answer = await outcome(async () =>
      statementAction(
        args(
          await post(
            `/manage/orders/statement?coop=${a.cooperative.slug}`,
            a.manager,
            { intent: "statement" },
            file,
          ),
        ),
      ),
    );
    expect(answer.status).toBe(400);
    expect(answer.data).toMatchObject({
      ok: false,
      issues: [
        {
          line: 3,
          messageKey: "fulfilment.statement.errors.amountInvalid",
          params: { value: "ba tram nghin" },
        },
      ],
    });
    expect((await paymentOf(one.id)).status).toBe("pending");

    const latin1 = new File([new Uint8Array([0x4e, 0xf4, 0x69, 0x20, 0x64, 0x75, 0x6e, 0x67])], "saoke.csv");
    const notUtf8 = await outcome(async () =>
      statementAction(
        args(
          await post(
            `/manage/orders/statement?coop=${a.cooperative.slug}`,
            a.manager,
            { intent: "statement" },
            latin1,
          ),
        ),
      ),
    );
    expect(notUtf8.status).toBe(400);
    expect(notUtf8.data.messageKey).toBe("fulfilment.statement.errors.notUtf8");
    const none = await outcome(async () =>
      statementAction(
        args(
          await post(`/manage/orders/statement?coop=${a.cooperative.slug}`, a.manager, {
            intent: "statement",
          }),
        ),
      ),
    );
    expect(none.status).toBe(400);
    expect(none.data.messageKey).toBe("fulfilment.statement.errors.fileRequired");

    // The same upload, readable, confirms through the page and reports per line.
    const good = new File([csv.replace("ba tram nghin", "300.000")], "saoke.csv", { type: "text/csv" });
    const imported = await outcome(async () =>
      statementAction(
        args(
          await post(
            `/manage/orders/statement?coop=${a.cooperative.slug}`,
            a.manager,
            { intent: "statement" },
            good,
          ),
        ),
      ),
    );
    expect(imported.status).toBe(200);
    expect((imported.data.report as { counts: Record<string, number> }).counts.confirmed).toBe(2);
    expect((await paymentOf(two.id)).status).toBe("succeeded");
  });

  it("confirms only transfers to the statement's own account, and only for someone who may", async () => {
    const { world, a, b, one, theirs } = await statementWorld();
    const shared = await placeTestOrder(world, [1, 1], "vietqr"); // to the marketplace's account, 235.000
    const csv = `Description,Amount\n${one.code},150000\n${theirs.code},85000\n${shared.code},235000\n`;

    // Coop B's manager importing coop A's statement: their own order is confirmed, not coop A's.
    const byB = await importStatement(b.manager, csv, { payee: b.cooperative.id });
    expect(byB.ok && byB.rows.map((r) => r.outcome)).toEqual(["not_found", "confirmed", "not_found"]);
    expect((await paymentOf(one.id)).status).toBe("pending");

    // Managers cannot import for the marketplace's account or for a cooperative they don't run.
    expect((await refusal(importStatement(a.manager, csv, { payee: null }))).kind).toBe("forbidden");
    expect((await refusal(importStatement(a.manager, csv, { payee: b.cooperative.id }))).kind).toBe(
      "forbidden",
    );

    // The admin's import of the marketplace statement confirms the shared order only.
    const file = new File([csv], "platform.csv", { type: "text/csv" });
    const answer = await outcome(async () =>
      adminTransfersAction(args(await post("/admin/transfers", world.admin, { intent: "statement" }, file))),
    );
    expect(answer.status).toBe(200);
    const rows = (answer.data.report as { rows: Array<{ code: string; outcome: string }> }).rows;
    expect(rows.map((r) => [r.code, r.outcome])).toEqual([
      [one.code, "not_found"],
      [theirs.code, "not_found"],
      [shared.code, "confirmed"],
    ]);
    expect((await paymentOf(shared.id)).status).toBe("succeeded");
    expect((await paymentOf(one.id)).status).toBe("pending");
  });
});
