/**
 * Builders for the order tests: two cooperatives, each with a manager, an approved product and
 * one released batch, a current commune to deliver to, and a way to place an order through the
 * real cart and checkout code. Every call makes new rows, so a test file can build several worlds.
 */
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { findSessionUser, type SessionUser } from "~/domain/accounts/users.server";
import { addToCart, type CartRef } from "~/domain/orders/cart.server";
import { type PlacedOrder, placeOrder } from "~/domain/orders/place-order.server";
import type { PaymentMethod } from "~/domain/orders/state";
import { type Db, db } from "~db/client.server";
import { batches, ocopCertificates, orderShipments, products } from "~db/schema";
import { createCooperative, createProduct, createUser, seedRegionTree } from "./review-fixtures";

const short = () => randomUUID().slice(0, 8);

export interface CoopFixture {
  cooperative: { id: string; slug: string; name: string };
  /** A manager of this cooperative only, as the session would load them. */
  manager: SessionUser;
  product: { id: string; slug: string; name: string; priceVnd: number };
  batch: { id: string; lot: string; publicCode: string };
}

export interface OrderWorld {
  /** A current commune (Đồng Phúc, Thái Nguyên): a valid delivery address. */
  communeId: string;
  coops: [CoopFixture, CoopFixture];
  /** A platform admin. */
  admin: SessionUser;
}

export interface OrderWorldOptions {
  /** Units on sale in each cooperative's batch (default 20 and 20). */
  stock?: [number, number];
  /** Each product's price in đồng (default 150.000 and 85.000). */
  prices?: [number, number];
}

async function sessionUser(id: string, tx: Db): Promise<SessionUser> {
  const user = await findSessionUser(id, tx);
  if (!user) throw new Error(`user ${id} missing`);
  return user;
}

async function approvedProductWithBatch(
  cooperativeId: string,
  name: string,
  priceVnd: number,
  available: number,
  tx: Db,
) {
  const { product } = await createProduct(
    cooperativeId,
    name,
    { status: "submitted", decisionDate: "2025-03-15", expiresOn: "2028-03-15" },
    tx,
  );
  await tx
    .update(products)
    .set({ status: "approved", publishedAt: new Date(), priceVnd })
    .where(eq(products.id, product.id));
  await tx
    .update(ocopCertificates)
    .set({ approvedAt: new Date() })
    .where(eq(ocopCertificates.productId, product.id));
  const lot = `L${short().toUpperCase()}`;
  const [batch] = await tx
    .insert(batches)
    .values({
      productId: product.id,
      lot,
      status: "released",
      quantity: Math.max(available, 1),
      quantityAvailable: available,
      producedOn: "2026-01-10",
      bestBefore: "2027-01-10",
      publicCode: `o${short()}`,
      releasedAt: new Date(),
    })
    .returning({ id: batches.id, lot: batches.lot, publicCode: batches.publicCode });
  if (!batch) throw new Error("batch insert failed");
  return { product: { id: product.id, slug: product.slug, name: product.name, priceVnd }, batch };
}

/** Two cooperatives (Thái Nguyên and Sơn La), each selling one product from one released batch. */
export async function createOrderWorld(options: OrderWorldOptions = {}, tx: Db = db()): Promise<OrderWorld> {
  const [stockA, stockB] = options.stock ?? [20, 20];
  const [priceA, priceB] = options.prices ?? [150_000, 85_000];
  const regions = await seedRegionTree(tx);
  const build = async (
    coopName: string,
    regionId: string,
    productName: string,
    price: number,
    stock: number,
  ): Promise<CoopFixture> => {
    const coop = await createCooperative(`${coopName} ${short()}`, regionId, tx);
    const user = await createUser(`Quản lý ${coopName}`, [{ role: "manager", cooperativeId: coop.id }], tx);
    const { product, batch } = await approvedProductWithBatch(coop.id, productName, price, stock, tx);
    return {
      cooperative: { id: coop.id, slug: coop.slug, name: coop.name },
      manager: await sessionUser(user.id, tx),
      product,
      batch,
    };
  };
  const a = await build("HTX Thanh Tâm", regions.dongPhuc.id, "Rượu men lá Bằng Phúc", priceA, stockA);
  const b = await build("HTX Chè Vân Hồ", regions.vanHo.id, "Chè shan tuyết Vân Hồ", priceB, stockB);
  const admin = await createUser("Quản trị", [{ role: "admin" }], tx);
  return { communeId: regions.dongPhuc.id, coops: [a, b], admin: await sessionUser(admin.id, tx) };
}

/** The checkout form as a buyer would send it. */
export function checkoutValues(
  world: OrderWorld,
  method: PaymentMethod,
  overrides: Record<string, string> = {},
): Record<string, string> {
  return {
    contactName: "Nguyễn Thị Lan",
    contactPhone: "0912 345 678",
    contactEmail: "lan@example.vn",
    regionId: world.communeId,
    street: "Số 12, thôn Nà Pài",
    note: "",
    paymentMethod: method,
    ...overrides,
  };
}

export interface PlacedTestOrder extends PlacedOrder {
  cart: CartRef;
  /** One per cooperative that has items in the order, in the order of `world.coops`. */
  shipments: Array<{ id: string; cooperativeId: string }>;
}

export interface PlaceTestOrderOptions {
  /** A signed-in buyer; a guest (cookie cart) when omitted. */
  buyerUserId?: string | null;
  now?: Date;
  /** Defaults to true, so card orders can be placed. */
  cardEnabled?: boolean;
  /** Extra or replaced checkout fields. */
  values?: Record<string, string>;
}

/**
 * Fills a cart with `quantities[i]` of cooperative i's product (0 leaves it out) and places the
 * order with `method`, through addToCart and placeOrder.
 */
export async function placeTestOrder(
  world: OrderWorld,
  quantities: [number, number],
  method: PaymentMethod,
  options: PlaceTestOrderOptions = {},
  tx: Db = db(),
): Promise<PlacedTestOrder> {
  const buyerUserId = options.buyerUserId ?? null;
  let cart: CartRef = buyerUserId ? { userId: buyerUserId } : { token: null };
  for (const [i, coop] of world.coops.entries()) {
    const quantity = quantities[i] ?? 0;
    if (quantity <= 0) continue;
    const added = await addToCart(cart, coop.product.id, String(quantity), tx);
    if (!buyerUserId) cart = { token: added.token };
  }
  const placed = await placeOrder(
    cart,
    buyerUserId,
    checkoutValues(world, method, options.values),
    { cardEnabled: options.cardEnabled ?? true, ...(options.now ? { now: options.now } : {}) },
    tx,
  );
  const rows = await tx
    .select({ id: orderShipments.id, cooperativeId: orderShipments.cooperativeId })
    .from(orderShipments)
    .where(eq(orderShipments.orderId, placed.id));
  const position = (cooperativeId: string) =>
    world.coops.findIndex((c) => c.cooperative.id === cooperativeId);
  const shipments = rows.sort((x, y) => position(x.cooperativeId) - position(y.cooperativeId));
  return { ...placed, cart, shipments };
}

/** Units still on sale in a batch. */
export async function availableIn(batchId: string, tx: Db = db()): Promise<number> {
  const [row] = await tx
    .select({ available: batches.quantityAvailable })
    .from(batches)
    .where(eq(batches.id, batchId));
  if (!row) throw new Error(`batch ${batchId} missing`);
  return row.available;
}
