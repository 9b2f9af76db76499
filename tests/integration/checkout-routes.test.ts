/**
 * The buyer's side of checkout through its routes: the guest cart cookie, the cart page's
 * add/update/remove, the merge at log-in, the checkout form's refusals, placing COD, VietQR and
 * card orders, and who may open an order page. Loaders and actions are called as Remix calls them.
 */
import { randomUUID } from "node:crypto";
import type { AppLoadContext } from "@remix-run/node";
import { and, count, eq, isNull } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { registerBuyer } from "~/domain/accounts/account.server";
import { loader as rootLoader } from "~/root";
import { loader as myOrdersLoader } from "~/routes/account_.orders";
import { action as orderAction, loader as orderLoader } from "~/routes/don-hang.$code";
import { action as cartAction, loader as cartLoader } from "~/routes/gio-hang";
import { action as loginAction } from "~/routes/login";
import { action as checkoutAction, loader as checkoutLoader } from "~/routes/thanh-toan";
import { cacheNoStore, cachePublic } from "~/utils/cache";
import { publicPageHeaders } from "~/utils/cache.server";
import { db } from "~db/client.server";
import { cartItems, carts, cooperatives, orders, payments, products } from "~db/schema";
import { type FakeStripe, startFakeStripe } from "../support/fake-stripe";
import { availableIn, createOrderWorld, type OrderWorld } from "./order-fixtures";
import { cookieFor, createProduct, createUser, seedRegionTree } from "./review-fixtures";

let fake: FakeStripe;
let world: OrderWorld;

beforeAll(async () => {
  fake = await startFakeStripe();
  // The environment is read once per process: card payments go to the fake Stripe.
  process.env.STRIPE_SECRET_KEY = "sk_test_checkout_routes";
  process.env.STRIPE_API_HOST = fake.env.STRIPE_API_HOST;
  process.env.STRIPE_API_PORT = String(fake.env.STRIPE_API_PORT);
  process.env.STRIPE_API_PROTOCOL = fake.env.STRIPE_API_PROTOCOL;
  world = await createOrderWorld({ stock: [20, 20] });
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  // The outbox logs each message it would send; keep the output readable.
  vi.spyOn(console, "info").mockImplementation(() => {});
});
afterEach(() => {
  vi.restoreAllMocks();
  fake.setNext();
});

// ───────────────────────────── helpers ─────────────────────────────

/** A browser's cookies: what Set-Cookie wrote, sent back as Cookie. */
class Jar {
  private cookies = new Map<string, string>();
  constructor(initial?: string) {
    if (initial) this.set(initial);
  }
  set(setCookie: string) {
    const [pair = "", ...attributes] = setCookie.split(";");
    const at = pair.indexOf("=");
    const name = pair.slice(0, at).trim();
    const value = pair.slice(at + 1).trim();
    const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a));
    if (expired || value === "") this.cookies.delete(name);
    else this.cookies.set(name, value);
  }
  has(name: string) {
    return this.cookies.has(name);
  }
  get(name: string) {
    return this.cookies.get(name);
  }
  replace(name: string, value: string) {
    this.cookies.set(name, value);
  }
  header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }
}

interface Outcome {
  status: number;
  location: string | null;
  data: unknown;
  setCookies: string[];
}

/** What a loader or action returned or threw, as HTTP: status, redirect target, data, cookies set. */
async function outcome(run: () => Promise<unknown>, jar?: Jar): Promise<Outcome> {
  let result: Outcome;
  const fromInit = (value: { data?: unknown; init?: ResponseInit | null }, fallback: number): Outcome => ({
    status: value.init?.status ?? fallback,
    location: null,
    data: value.data,
    setCookies: new Headers(value.init?.headers).getSetCookie(),
  });
  try {
    const value = await run();
    if (value instanceof Response) {
      result = {
        status: value.status,
        location: value.headers.get("Location"),
        data: null,
        setCookies: value.headers.getSetCookie(),
      };
    } else {
      const v = value as { type?: string; data?: unknown; init?: ResponseInit | null };
      result = v?.type === "DataWithResponseInit" ? fromInit(v, 200) : { ...fromInit({}, 200), data: value };
    }
  } catch (thrown) {
    if (thrown instanceof Response) {
      result = {
        status: thrown.status,
        location: thrown.headers.get("Location"),
        data: null,
        setCookies: thrown.headers.getSetCookie(),
      };
    } else {
      const v = thrown as { type?: string; init?: ResponseInit | null };
      if (v?.type !== "DataWithResponseInit") throw thrown;
      result = fromInit(v as { data?: unknown; init?: ResponseInit | null }, 500);
    }
  }
  if (jar) for (const c of result.setCookies) jar.set(c);
  return result;
}

const args = (request: Request, params: Record<string, string> = {}) => ({
  request,
  params,
  context: {} as AppLoadContext,
});

function get(path: string, jar?: Jar) {
  return new Request(`http://localhost${path}`, { headers: jar ? { Cookie: jar.header() } : {} });
}
function post(path: string, fields: Record<string, string>, jar?: Jar) {
  return new Request(`http://localhost${path}`, {
    method: "POST",
    headers: jar ? { Cookie: jar.header() } : {},
    body: new URLSearchParams(fields),
  });
}

const cartPost = (fields: Record<string, string>, jar: Jar) =>
  outcome(() => cartAction(args(post("/gio-hang", fields, jar))), jar);
const addAs = (jar: Jar, productId: string, quantity: string) =>
  cartPost({ intent: "add", productId, quantity }, jar);

type CartData = {
  cart: { groups: { lines: { productId: string; quantity: number }[] }[]; totalVnd: number };
};
async function cartLines(jar: Jar) {
  const { data } = await outcome(() => cartLoader(args(get("/gio-hang", jar))));
  return (data as CartData).cart.groups.flatMap((g) => g.lines);
}

const cartCount = async () => (await db().select({ n: count() }).from(carts))[0]?.n ?? 0;
const orderCount = async () => (await db().select({ n: count() }).from(orders))[0]?.n ?? 0;

function checkoutForm(overrides: Record<string, string> = {}) {
  return {
    contactName: "Nguyễn Thị Lan",
    contactPhone: "0912 345 678",
    contactEmail: "",
    regionId: world.communeId,
    street: "Số 12, thôn Nà Pài",
    note: "",
    paymentMethod: "cod",
    ...overrides,
  };
}

/** A guest with `quantity` of cooperative `coop`'s product in their cart, and its total. */
async function guestWithCart(coop: 0 | 1 = 0, quantity = 2) {
  const jar = new Jar();
  const added = await addAs(jar, world.coops[coop].product.id, String(quantity));
  expect(added.status).toBe(302);
  const { data } = await outcome(() => checkoutLoader(args(get("/thanh-toan", jar))));
  return { jar, totalVnd: (data as { cart: { totalVnd: number } }).cart.totalVnd };
}

const checkout = (jar: Jar, fields: Record<string, string>) =>
  outcome(() => checkoutAction(args(post("/thanh-toan", fields, jar))), jar);

type Failure = {
  formError: string | null;
  fieldErrors: Record<string, string>;
  conflict: boolean;
  values: Record<string, string>;
};

// ───────────────────────────── the cart ─────────────────────────────

describe("the guest cart", () => {
  it("adding as a guest sets a signed, httpOnly cart cookie, and the cart and header show the line", async () => {
    const jar = new Jar();
    const product = world.coops[0].product;
    const added = await addAs(jar, product.id, "2");
    expect(added.status).toBe(302);
    expect(added.location).toBe("/gio-hang");
    const cookie = added.setCookies.find((c) => c.startsWith("cart="));
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Max-Age=2592000/);
    expect(jar.has("__session")).toBe(true); // the "added" flash

    expect(await cartLines(jar)).toEqual([expect.objectContaining({ productId: product.id, quantity: 2 })]);
    const root = await outcome(() => rootLoader(args(get("/", jar))));
    expect((root.data as { cartCount: number }).cartCount).toBe(2);
    // The header now shows this visitor's cart: catalog pages are no longer shared-cacheable.
    expect((await publicPageHeaders(get("/san-pham", jar)))["Cache-Control"]).toBe(cacheNoStore);
    expect((await publicPageHeaders(get("/san-pham")))["Cache-Control"]).toBe(cachePublic);

    // A cookie whose signature does not match is no cart at all.
    const forged = new Jar();
    forged.replace("cart", `${jar.get("cart")?.slice(0, -4)}AAAA`);
    expect(await cartLines(forged)).toEqual([]);
  });

  it("refuses quantities of 0, negative, beyond stock and non-numbers with a 4xx, writing nothing", async () => {
    const product = world.coops[0].product;
    const before = await cartCount();
    for (const quantity of ["0", "-3", "abc", "1.5", "", "21", "1000"]) {
      const jar = new Jar();
      const refused = await addAs(jar, product.id, quantity);
      expect(refused.status, `add ${quantity}`).toBe(400);
      expect(refused.setCookies).toEqual([]);
    }
    expect(await cartCount()).toBe(before);

    const jar = new Jar();
    await addAs(jar, product.id, "2");
    const tooMany = await addAs(jar, product.id, "19");
    expect(tooMany.status).toBe(400);
    expect(tooMany.data).toMatchObject({
      intent: "add",
      messageKey: "orders.errors.beyondStock",
      params: { stock: 20, inCart: 2, left: 18 },
      product: { name: product.name, slug: product.slug },
    });
    for (const quantity of ["-1", "abc", "21", "2.5"]) {
      const refused = await cartPost({ intent: "update", productId: product.id, quantity }, jar);
      expect(refused.status, `update ${quantity}`).toBe(400);
      expect(refused.data).toMatchObject({ intent: "update", productId: product.id, quantity });
    }
    const beyond = await cartPost({ intent: "update", productId: product.id, quantity: "25" }, jar);
    expect(beyond.data).toMatchObject({ messageKey: "orders.cart.updateBeyondStock", params: { stock: 20 } });
    expect(await cartLines(jar)).toEqual([expect.objectContaining({ quantity: 2 })]);
    expect(await availableIn(world.coops[0].batch.id)).toBe(20);
  });

  it("refuses a tampered or unsellable product id, and changes nothing", async () => {
    const jar = new Jar();
    await addAs(jar, world.coops[1].product.id, "1");
    const { product: draft } = await createProduct(world.coops[1].cooperative.id, "Chè chưa duyệt", {
      status: "draft",
    });
    for (const productId of [randomUUID(), "not-a-uuid", draft.id]) {
      const added = await addAs(jar, productId, "1");
      expect(added.status).toBe(400);
      expect(added.data).toMatchObject({ messageKey: "orders.errors.productUnavailable" });
      const updated = await cartPost({ intent: "update", productId, quantity: "1" }, jar);
      expect(updated.status).toBe(400);
      expect(updated.data).toMatchObject({ messageKey: "orders.errors.notInCart" });
    }
    const unknownIntent = await cartPost({ intent: "buy-everything", productId: draft.id }, jar);
    expect(unknownIntent.status).toBe(400);
    expect(await cartLines(jar)).toEqual([
      expect.objectContaining({ productId: world.coops[1].product.id, quantity: 1 }),
    ]);
  });

  it("updates a quantity, and 0 or remove takes the line out", async () => {
    const jar = new Jar();
    const [a, b] = world.coops;
    await addAs(jar, a.product.id, "1");
    await addAs(jar, b.product.id, "1");
    expect((await cartPost({ intent: "update", productId: a.product.id, quantity: "4" }, jar)).status).toBe(
      302,
    );
    expect((await cartLines(jar)).find((l) => l.productId === a.product.id)?.quantity).toBe(4);
    await cartPost({ intent: "update", productId: a.product.id, quantity: "0" }, jar);
    await cartPost({ intent: "remove", productId: b.product.id }, jar);
    expect(await cartLines(jar)).toEqual([]);
  });
});

describe("log-in", () => {
  it("merges the guest cart into the account's and clears the cart cookie", async () => {
    const email = `mua-${randomUUID().slice(0, 8)}@example.vn`;
    const userId = await registerBuyer({
      name: "Trần Văn Nam",
      identifier: email,
      password: "mat-khau-rat-dai-2026",
      locale: "vi",
    });
    const jar = new Jar();
    await addAs(jar, world.coops[0].product.id, "3");
    const guestCarts = await db().select({ id: carts.id }).from(carts).where(isNull(carts.userId));

    const login = await outcome(
      () =>
        loginAction(
          args(
            post(
              "/login",
              { identifier: email, password: "mat-khau-rat-dai-2026", redirectTo: "/gio-hang" },
              jar,
            ),
          ),
        ),
      jar,
    );
    expect(login.status).toBe(302);
    expect(login.location).toBe("/gio-hang");
    expect(login.setCookies.some((c) => /^cart=;.*Max-Age=0/i.test(c))).toBe(true);
    expect(jar.has("cart")).toBe(false);
    // The guest cart is gone, merged into the account's.
    expect(await db().select({ id: carts.id }).from(carts).where(isNull(carts.userId))).toHaveLength(
      guestCarts.length - 1,
    );

    const [own] = await db().select({ id: carts.id }).from(carts).where(eq(carts.userId, userId));
    if (!own) throw new Error("the account has no cart after the merge");
    const lines = await db().select().from(cartItems).where(eq(cartItems.cartId, own.id));
    expect(lines.map((l) => [l.productId, l.quantity])).toEqual([[world.coops[0].product.id, 3]]);
    // Signed in, the same page shows the merged cart.
    expect(await cartLines(jar)).toEqual([expect.objectContaining({ quantity: 3 })]);
  });
});

// ───────────────────────────── checkout ─────────────────────────────

describe("checkout", () => {
  it("sends an empty cart back to the cart page", async () => {
    const shown = await outcome(() => checkoutLoader(args(get("/thanh-toan"))));
    expect(shown).toMatchObject({ status: 302, location: "/gio-hang" });
    const posted = await checkout(new Jar(), checkoutForm());
    expect(posted).toMatchObject({ status: 302, location: "/gio-hang" });
  });

  it("keeps what was typed across the province step (GET) and lists only current communes", async () => {
    const { jar } = await guestWithCart();
    const regions = await seedRegionTree();
    const query = new URLSearchParams({
      step: "province",
      province: regions.thaiNguyen.id,
      contactName: "Lan",
      contactPhone: "0912",
      street: "Thôn Nà Pài",
    });
    const { data } = await outcome(() => checkoutLoader(args(get(`/thanh-toan?${query}`, jar))));
    const shown = data as {
      values: Record<string, string>;
      picker: { provinceId: string; communes: { id: string }[] };
    };
    expect(shown.values).toMatchObject({ contactName: "Lan", contactPhone: "0912", street: "Thôn Nà Pài" });
    expect(shown.picker.provinceId).toBe(regions.thaiNguyen.id);
    expect(shown.picker.communes.map((c) => c.id)).toEqual([regions.dongPhuc.id]);
  });

  it("refuses a malformed phone, an unknown or former commune, with 400 and no order", async () => {
    const { jar, totalVnd } = await guestWithCart();
    const regions = await seedRegionTree();
    const before = await orderCount();
    const cases: Array<[Record<string, string>, string, string]> = [
      [{ contactPhone: "12345" }, "contactPhone", "orders.errors.phoneInvalid"],
      [{ contactPhone: "0212 345 678" }, "contactPhone", "orders.errors.phoneInvalid"],
      [{ regionId: randomUUID() }, "regionId", "orders.errors.communeUnknown"],
      [{ regionId: regions.bangPhuc.id }, "regionId", "orders.errors.communeUnknown"],
      [{ regionId: regions.thaiNguyen.id }, "regionId", "orders.errors.communeUnknown"],
      [{ regionId: "" }, "regionId", "orders.errors.communeRequired"],
      [{ paymentMethod: "bitcoin" }, "paymentMethod", "orders.errors.paymentMethodRequired"],
    ];
    for (const [overrides, field, key] of cases) {
      const refused = await checkout(jar, checkoutForm({ ...overrides, expectedTotalVnd: String(totalVnd) }));
      expect(refused.status, JSON.stringify(overrides)).toBe(400);
      const failure = refused.data as Failure;
      expect(failure.fieldErrors[field]).toBe(key);
      expect(failure.values.contactName).toBe("Nguyễn Thị Lan");
    }
    expect(await orderCount()).toBe(before);
    expect(await availableIn(world.coops[0].batch.id)).toBe(20);
    expect(await cartLines(jar)).toEqual([expect.objectContaining({ quantity: 2 })]);
  });

  it("refuses a tampered expected total with 409 and a way back to the cart, placing nothing", async () => {
    const { jar, totalVnd } = await guestWithCart();
    const before = await orderCount();
    const refused = await checkout(jar, checkoutForm({ expectedTotalVnd: String(totalVnd - 1000) }));
    expect(refused.status).toBe(409);
    expect(refused.data).toMatchObject({ conflict: true, formError: "orders.errors.pricesChanged" });
    expect(await orderCount()).toBe(before);
    expect(await availableIn(world.coops[0].batch.id)).toBe(20);
  });

  it("refuses a product that went off sale since it was put in the cart (409), placing nothing", async () => {
    const { jar, totalVnd } = await guestWithCart(1, 1);
    const product = world.coops[1].product;
    await db().update(products).set({ status: "archived" }).where(eq(products.id, product.id));
    try {
      const before = await orderCount();
      const refused = await checkout(jar, checkoutForm({ expectedTotalVnd: String(totalVnd) }));
      expect(refused.status).toBe(409);
      expect(refused.data).toMatchObject({ conflict: true, formError: "orders.errors.lineUnavailable" });
      expect(await orderCount()).toBe(before);
      const page = await outcome(() => checkoutLoader(args(get("/thanh-toan", jar))));
      expect((page.data as { cart: { problems: number } }).cart.problems).toBe(1);
    } finally {
      await db().update(products).set({ status: "approved" }).where(eq(products.id, product.id));
    }
  });

  it("places a cash-on-delivery order and redirects a guest to the signed link, which only it opens", async () => {
    const { jar, totalVnd } = await guestWithCart(0, 2);
    const placed = await checkout(jar, checkoutForm({ expectedTotalVnd: String(totalVnd) }));
    expect(placed.status).toBe(302);
    const location = placed.location ?? "";
    expect(location).toMatch(/^\/don-hang\/DH\d{6}[0-9A-Z]{6}\?k=[A-Za-z0-9_-]{32}$/);
    expect(jar.has("cart")).toBe(false);
    expect(await availableIn(world.coops[0].batch.id)).toBe(18);

    const code = location.split("/")[2]?.split("?")[0] ?? "";
    const [order] = await db().select().from(orders).where(eq(orders.code, code));
    expect(order).toMatchObject({ status: "confirmed", paymentMethod: "cod", userId: null, totalVnd });

    const page = await outcome(() => orderLoader(args(get(location), { code })));
    expect(page.status).toBe(200);
    const view = page.data as {
      order: { code: string; status: string };
      guestLink: string;
      shipments: { items: { tracePath: string; lot: string }[] }[];
    };
    expect(view.order).toMatchObject({ code, status: "confirmed" });
    expect(view.guestLink.endsWith(location)).toBe(true);
    expect(view.shipments[0]?.items[0]?.lot).toBe(world.coops[0].batch.lot);
    expect(view.shipments[0]?.items[0]?.tracePath).toContain(world.coops[0].batch.publicCode);

    const key = new URL(location, "http://localhost").searchParams.get("k") ?? "";
    const wrongKey = `${key.slice(0, -1)}${key.endsWith("A") ? "B" : "A"}`;
    for (const path of [
      `/don-hang/${code}`,
      `/don-hang/${code}?k=${wrongKey}`,
      `/don-hang/${code}?k=short`,
    ]) {
      const hidden = await outcome(() => orderLoader(args(get(path), { code })));
      expect(hidden.status, path).toBe(404);
    }
    // Another signed-in buyer without the key sees nothing either.
    const stranger = new Jar(`${await cookieFor(world.coops[1].manager.id)}`);
    expect(
      (await outcome(() => orderLoader(args(get(`/don-hang/${code}`, stranger), { code })))).status,
    ).toBe(404);
  });

  it("places a signed-in buyer's order under their account: a plain link, prefilled contact, listed in their orders", async () => {
    const buyer = await createUser("Lê Thị Hoa", [{ role: "buyer" }]);
    const jar = new Jar(await cookieFor(buyer.id));
    await addAs(jar, world.coops[0].product.id, "1");
    expect(jar.has("cart")).toBe(false);
    const form = await outcome(() => checkoutLoader(args(get("/thanh-toan", jar))));
    const loaded = form.data as { values: Record<string, string>; cart: { totalVnd: number } };
    expect(loaded.values).toMatchObject({ contactName: "Lê Thị Hoa", contactEmail: buyer.email });

    const placed = await checkout(jar, checkoutForm({ expectedTotalVnd: String(loaded.cart.totalVnd) }));
    expect(placed.location).toMatch(/^\/don-hang\/DH\w+$/);
    const code = placed.location?.split("/")[2] ?? "";
    const page = await outcome(() => orderLoader(args(get(`/don-hang/${code}`, jar), { code })));
    expect(page.status).toBe(200);
    expect((page.data as { guestLink: string | null }).guestLink).toBeNull();

    const mine = await outcome(() => myOrdersLoader(args(get("/account/orders", jar))));
    expect((mine.data as { orders: { code: string }[] }).orders.map((o) => o.code)).toEqual([code]);
    // Anonymous visitors are sent to log in.
    const anonymous = await outcome(() => myOrdersLoader(args(get("/account/orders"))));
    expect(anonymous.status).toBe(302);
    expect(anonymous.location).toMatch(/^\/login\?redirectTo=/);
  });

  it("lets a guest cancel an unpaid VietQR order after seeing the QR with the receiving account", async () => {
    await db()
      .update(cooperatives)
      .set({ bankBin: "970436", bankAccountNo: "0123456789", bankAccountName: "HTX THANH TAM" })
      .where(eq(cooperatives.id, world.coops[0].cooperative.id));
    const { jar, totalVnd } = await guestWithCart(0, 1);
    const page = await outcome(() => checkoutLoader(args(get("/thanh-toan", jar))));
    expect((page.data as { methods: Record<string, boolean> }).methods).toEqual({ card: true, vietqr: true });

    const placed = await checkout(
      jar,
      checkoutForm({ paymentMethod: "vietqr", expectedTotalVnd: String(totalVnd) }),
    );
    const location = placed.location ?? "";
    const code = location.split("/")[2]?.split("?")[0] ?? "";
    const shown = await outcome(() => orderLoader(args(get(location), { code })));
    const transfer = (
      shown.data as {
        payment: { transfer: { qrDataUri: string; accountNo: string; note: string; amount: string } };
      }
    ).payment.transfer;
    expect(transfer).toMatchObject({ accountNo: "0123456789", note: code, amount: String(totalVnd) });
    expect(transfer.qrDataUri).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(await availableIn(world.coops[0].batch.id)).toBeLessThan(20);
    const held = await availableIn(world.coops[0].batch.id);

    const cancelled = await outcome(() => orderAction(args(post(location, { intent: "cancel" }), { code })));
    expect(cancelled).toMatchObject({ status: 302, location });
    const [order] = await db().select({ status: orders.status }).from(orders).where(eq(orders.code, code));
    expect(order?.status).toBe("cancelled");
    const after = await outcome(() => orderLoader(args(get(location), { code })));
    const shown2 = after.data as {
      order: { buyerMayCancel: boolean };
      shipments: { status: string; cancelReason: string | null }[];
      timeline: { kind: string }[];
    };
    expect(shown2.order.buyerMayCancel).toBe(false);
    expect(shown2.shipments).toEqual([expect.objectContaining({ status: "cancelled", cancelReason: null })]);
    expect(shown2.timeline.map((e) => e.kind)).toEqual(["placed", "cancelled"]);
    expect(await availableIn(world.coops[0].batch.id)).toBe(held + 1);
    // Once cancelled, a second cancel is a conflict, not a 500.
    const again = await outcome(() => orderAction(args(post(location, { intent: "cancel" }), { code })));
    expect(again.status).toBe(409);
  });

  it("sends a card order to Stripe with the database's lines, and retries from the order page after a failure", async () => {
    const { jar, totalVnd } = await guestWithCart(1, 3);
    fake.requests.length = 0;
    vi.spyOn(console, "warn").mockImplementation(() => {});
    // Stripe refuses the first attempt: the order stands, the buyer lands on its page.
    fake.setNext({ status: 400, type: "invalid_request_error", message: "Temporarily refused" });
    const placed = await checkout(
      jar,
      checkoutForm({ paymentMethod: "card", expectedTotalVnd: String(totalVnd) }),
    );
    expect(placed.status).toBe(302);
    const location = placed.location ?? "";
    expect(location).toMatch(/^\/don-hang\/DH\w+\?k=/);
    const code = location.split("/")[2]?.split("?")[0] ?? "";
    const [order] = await db().select().from(orders).where(eq(orders.code, code));
    if (!order) throw new Error("card order missing");
    expect(order.status).toBe("awaiting_payment");

    const page = await outcome(() => orderLoader(args(get(location), { code })));
    expect((page.data as { payment: { payByCard: boolean } }).payment.payByCard).toBe(true);

    const paid = await outcome(() => orderAction(args(post(location, { intent: "pay" }), { code })));
    expect(paid.status).toBe(303);
    expect(paid.location).toMatch(/^https:\/\/checkout\.stripe\.com\//);
    const created = fake.requests.filter((r) => r.method === "POST" && r.path === "/v1/checkout/sessions");
    const body = created.at(-1)?.body as {
      line_items: { quantity: string; price_data: { unit_amount: string; currency: string } }[];
      success_url: string;
      cancel_url: string;
      client_reference_id: string;
    };
    expect(body.line_items).toEqual([
      expect.objectContaining({
        quantity: "3",
        price_data: expect.objectContaining({
          currency: "vnd",
          unit_amount: String(world.coops[1].product.priceVnd),
        }),
      }),
    ]);
    expect(body.client_reference_id).toBe(order.id);
    expect(body.success_url).toBe(`${body.cancel_url}&paid=1`);
    expect(body.cancel_url.endsWith(location)).toBe(true);
    const [payment] = await db().select().from(payments).where(eq(payments.orderId, order.id));
    expect(payment?.providerRef).toMatch(/^cs_test_/);
    const [after] = await db().select().from(orders).where(eq(orders.id, order.id));
    expect(after?.holdExpiresAt?.getTime()).toBeGreaterThanOrEqual(Date.now() + 30 * 60_000);

    // Asked again, the open session is reused rather than a second one made.
    const again = await outcome(() => orderAction(args(post(location, { intent: "pay" }), { code })));
    expect(again).toMatchObject({ status: 303, location: paid.location });
    expect(
      fake.requests.filter((r) => r.method === "POST" && r.path === "/v1/checkout/sessions"),
    ).toHaveLength(created.length);

    // Back from Stripe with ?paid=1: "processing", and nothing is marked paid by the page.
    const back = await outcome(() => orderLoader(args(get(`${location}&paid=1`), { code })));
    expect((back.data as { payment: { processing: boolean } }).payment.processing).toBe(true);
    const [still] = await db()
      .select({ status: payments.status })
      .from(payments)
      .where(and(eq(payments.orderId, order.id)));
    expect(still?.status).toBe("pending");
  });
});
