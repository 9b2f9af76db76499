/**
 * Carts: a guest's is found by the random token in its cookie, a signed-in buyer's by the user.
 * At log-in the guest cart is merged into the account's. A cart keeps products and quantities
 * only; prices and stock are read fresh each time it is shown, and again, under row locks,
 * when the order is placed.
 */
import { randomBytes } from "node:crypto";
import { and, eq, inArray, lt, type SQL, sql } from "drizzle-orm";
import { listBatchesOnSale } from "~/domain/catalog/products.server";
import { invalid } from "~/domain/errors";
import { photoUrl } from "~/domain/storage/keys";
import { type Db, db as defaultDb } from "~db/client.server";
import { cartItems, carts, cooperatives, productPhotos, products } from "~db/schema";

/** The most of one product a single order may take. */
export const MAX_LINE_QUANTITY = 999;
/** A guest cart untouched this long is forgotten (its cookie lives as long). */
export const GUEST_CART_DAYS = 30;

export type CartRef = { userId: string; token?: string | null } | { userId?: null; token: string | null };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const newCartToken = () => randomBytes(24).toString("base64url");

/** Parses a quantity typed by a person: a whole number from `min` to MAX_LINE_QUANTITY. */
export function parseQuantity(raw: unknown, { min = 1 } = {}): number {
  const text = typeof raw === "string" ? raw.trim() : "";
  if (!/^-?\d+$/.test(text))
    throw invalid("orders.errors.quantityNotNumber", { quantity: "orders.errors.quantityNotNumber" });
  const n = Number(text);
  if (n < min) {
    const key = min === 0 ? "orders.errors.quantityNegative" : "orders.errors.quantityTooSmall";
    throw invalid(key, { quantity: key });
  }
  if (n > MAX_LINE_QUANTITY) {
    throw invalid(
      "orders.errors.quantityTooLarge",
      { quantity: "orders.errors.quantityTooLarge" },
      { max: MAX_LINE_QUANTITY },
    );
  }
  return n;
}

/** The cart's id for this visitor, or null when they have none yet. */
/** Which cart is the visitor's: the account's, or the guest cart of their cookie token; null for neither. */
export function cartOwnerCondition(ref: CartRef): SQL | null {
  if (ref.userId) return eq(carts.userId, ref.userId);
  if (ref.token) return and(eq(carts.token, ref.token), sql`${carts.userId} is null`) ?? null;
  return null;
}

export async function findCartId(ref: CartRef, tx: Db = defaultDb()): Promise<string | null> {
  const where = cartOwnerCondition(ref);
  if (!where) return null;
  const [row] = await tx.select({ id: carts.id }).from(carts).where(where).limit(1);
  return row?.id ?? null;
}

/** The visitor's cart, created on first use. A guest gets a new token to keep in a cookie. */
async function ensureCart(ref: CartRef, tx: Db): Promise<{ id: string; token: string }> {
  const existing = await findCartId(ref, tx);
  if (existing) {
    const [row] = await tx
      .update(carts)
      .set({ updatedAt: new Date() })
      .where(eq(carts.id, existing))
      .returning({ id: carts.id, token: carts.token });
    if (row) return row;
  }
  const token = newCartToken();
  const [row] = await tx
    .insert(carts)
    .values({ userId: ref.userId ?? null, token })
    .returning({ id: carts.id, token: carts.token });
  if (!row) throw new Error("cart insert returned nothing");
  return row;
}

/** Units on sale of one public product, or null when it is not public (unknown, archived, in review). */
async function sellable(productId: string, tx: Db): Promise<{ stock: number } | null> {
  if (!UUID.test(productId)) return null;
  const [row] = await tx
    .select({ id: products.id })
    .from(products)
    .where(and(eq(products.id, productId), eq(products.status, "approved")))
    .limit(1);
  if (!row) return null;
  const batches = (await listBatchesOnSale([row.id], tx)).get(row.id) ?? [];
  return { stock: batches.reduce((n, b) => n + b.quantityAvailable, 0) };
}

async function quantityInCart(cartId: string, productId: string, tx: Db): Promise<number> {
  const [row] = await tx
    .select({ quantity: cartItems.quantity })
    .from(cartItems)
    .where(and(eq(cartItems.cartId, cartId), eq(cartItems.productId, productId)));
  return row?.quantity ?? 0;
}

/**
 * Adds `quantity` of a product (on top of what the cart already has). Refused when the product
 * is not on sale or the cart would then hold more than its stock. Returns the cart token.
 */
export async function addToCart(
  ref: CartRef,
  productId: string,
  rawQuantity: unknown,
  tx: Db = defaultDb(),
): Promise<{ token: string; quantity: number }> {
  const quantity = parseQuantity(rawQuantity);
  return tx.transaction(async (t) => {
    const product = await sellable(productId, t);
    if (!product) throw invalid("orders.errors.productUnavailable");
    if (product.stock === 0) throw invalid("orders.errors.soldOut");
    const cartId = await findCartId(ref, t);
    const already = cartId ? await quantityInCart(cartId, productId, t) : 0;
    const wanted = already + quantity;
    if (wanted > product.stock || wanted > MAX_LINE_QUANTITY) {
      const left = Math.max(0, Math.min(product.stock, MAX_LINE_QUANTITY) - already);
      throw invalid(
        "orders.errors.beyondStock",
        { quantity: "orders.errors.beyondStock" },
        { stock: product.stock, inCart: already, left },
      );
    }
    const cart = await ensureCart(ref, t);
    await t
      .insert(cartItems)
      .values({ cartId: cart.id, productId, quantity: wanted })
      .onConflictDoUpdate({ target: [cartItems.cartId, cartItems.productId], set: { quantity: wanted } });
    return { token: cart.token, quantity: wanted };
  });
}

/** Sets a line's quantity; 0 removes the line. More than the stock is refused. */
export async function setCartQuantity(
  ref: CartRef,
  productId: string,
  rawQuantity: unknown,
  tx: Db = defaultDb(),
): Promise<void> {
  const quantity = parseQuantity(rawQuantity, { min: 0 });
  await tx.transaction(async (t) => {
    const cartId = await findCartId(ref, t);
    if (!cartId || !UUID.test(productId)) throw invalid("orders.errors.notInCart");
    const present = await quantityInCart(cartId, productId, t);
    if (present === 0) throw invalid("orders.errors.notInCart");
    if (quantity === 0) {
      await t.delete(cartItems).where(and(eq(cartItems.cartId, cartId), eq(cartItems.productId, productId)));
      return;
    }
    const product = await sellable(productId, t);
    if (!product) throw invalid("orders.errors.productUnavailable");
    if (quantity > product.stock) {
      throw invalid(
        "orders.errors.beyondStock",
        { quantity: "orders.errors.beyondStock" },
        { stock: product.stock, inCart: present, left: product.stock },
      );
    }
    await t
      .update(cartItems)
      .set({ quantity })
      .where(and(eq(cartItems.cartId, cartId), eq(cartItems.productId, productId)));
    await t.update(carts).set({ updatedAt: new Date() }).where(eq(carts.id, cartId));
  });
}

export async function removeFromCart(ref: CartRef, productId: string, tx: Db = defaultDb()): Promise<void> {
  const cartId = await findCartId(ref, tx);
  if (!cartId || !UUID.test(productId)) return;
  await tx.delete(cartItems).where(and(eq(cartItems.cartId, cartId), eq(cartItems.productId, productId)));
}

/**
 * At log-in: the guest cart's lines join the account's cart (quantities added, capped at the
 * stock) and the guest cart is removed. Nothing happens without a guest cart.
 */
export async function mergeGuestCart(
  guestToken: string | null,
  userId: string,
  tx: Db = defaultDb(),
): Promise<number> {
  if (!guestToken) return 0;
  return tx.transaction(async (t) => {
    const guestId = await findCartId({ token: guestToken }, t);
    if (!guestId) return 0;
    const lines = await t.select().from(cartItems).where(eq(cartItems.cartId, guestId));
    if (lines.length > 0) {
      const cart = await ensureCart({ userId }, t);
      const stock = await listBatchesOnSale(
        lines.map((l) => l.productId),
        t,
      );
      for (const line of lines) {
        const available = (stock.get(line.productId) ?? []).reduce((n, b) => n + b.quantityAvailable, 0);
        const already = await quantityInCart(cart.id, line.productId, t);
        const merged = Math.min(already + line.quantity, Math.max(available, already), MAX_LINE_QUANTITY);
        if (merged <= 0) continue;
        await t
          .insert(cartItems)
          .values({ cartId: cart.id, productId: line.productId, quantity: merged })
          .onConflictDoUpdate({ target: [cartItems.cartId, cartItems.productId], set: { quantity: merged } });
      }
    }
    await t.delete(carts).where(eq(carts.id, guestId));
    return lines.length;
  });
}

export type CartLineProblem = "unavailable" | "soldOut" | "beyondStock" | null;

export interface CartLine {
  productId: string;
  slug: string;
  name: string;
  unit: string;
  priceVnd: number;
  quantity: number;
  stock: number;
  lineTotalVnd: number;
  photo: { url: string; width: number; height: number; alt: string } | null;
  problem: CartLineProblem;
}

export interface CartGroup {
  cooperativeId: string;
  cooperativeName: string;
  cooperativeSlug: string;
  lines: CartLine[];
  subtotalVnd: number;
}

export interface CartView {
  id: string | null;
  groups: CartGroup[];
  itemCount: number;
  totalVnd: number;
  /** Lines that cannot be bought as they are (the checkout refuses until fixed). */
  problems: number;
}

export const emptyCart: CartView = { id: null, groups: [], itemCount: 0, totalVnd: 0, problems: 0 };

/** The cart as the buyer sees it: lines by cooperative, today's prices and stock, problems marked. */
export async function loadCart(ref: CartRef, tx: Db = defaultDb()): Promise<CartView> {
  const cartId = await findCartId(ref, tx);
  if (!cartId) return emptyCart;
  const rows = await tx
    .select({
      productId: products.id,
      slug: products.slug,
      name: products.name,
      unit: products.unit,
      priceVnd: products.priceVnd,
      status: products.status,
      quantity: cartItems.quantity,
      cooperativeId: cooperatives.id,
      cooperativeName: cooperatives.name,
      cooperativeSlug: cooperatives.slug,
      addedAt: cartItems.createdAt,
    })
    .from(cartItems)
    .innerJoin(products, eq(products.id, cartItems.productId))
    .innerJoin(cooperatives, eq(cooperatives.id, products.cooperativeId))
    .where(eq(cartItems.cartId, cartId))
    .orderBy(cooperatives.name, cartItems.createdAt);
  if (rows.length === 0) return { ...emptyCart, id: cartId };
  const ids = rows.map((r) => r.productId);
  const [batchMap, photos] = await Promise.all([
    listBatchesOnSale(ids, tx),
    tx
      .selectDistinctOn([productPhotos.productId], {
        productId: productPhotos.productId,
        storageKey: productPhotos.storageKey,
        width: productPhotos.width,
        height: productPhotos.height,
        alt: productPhotos.alt,
      })
      .from(productPhotos)
      .where(inArray(productPhotos.productId, ids))
      .orderBy(productPhotos.productId, productPhotos.position),
  ]);
  const photoOf = new Map(photos.map((p) => [p.productId, p]));
  const groups = new Map<string, CartGroup>();
  let itemCount = 0;
  let totalVnd = 0;
  let problems = 0;
  for (const r of rows) {
    const stock = (batchMap.get(r.productId) ?? []).reduce((n, b) => n + b.quantityAvailable, 0);
    const problem: CartLineProblem =
      r.status !== "approved"
        ? "unavailable"
        : stock === 0
          ? "soldOut"
          : r.quantity > stock
            ? "beyondStock"
            : null;
    const photo = photoOf.get(r.productId);
    const line: CartLine = {
      productId: r.productId,
      slug: r.slug,
      name: r.name,
      unit: r.unit,
      priceVnd: r.priceVnd,
      quantity: r.quantity,
      stock: r.status === "approved" ? stock : 0,
      lineTotalVnd: r.priceVnd * r.quantity,
      photo: photo
        ? {
            url: photoUrl(photo.storageKey, "small"),
            width: photo.width,
            height: photo.height,
            alt: photo.alt,
          }
        : null,
      problem,
    };
    const group = groups.get(r.cooperativeId) ?? {
      cooperativeId: r.cooperativeId,
      cooperativeName: r.cooperativeName,
      cooperativeSlug: r.cooperativeSlug,
      lines: [],
      subtotalVnd: 0,
    };
    group.lines.push(line);
    if (problem) {
      problems++;
    } else {
      group.subtotalVnd += line.lineTotalVnd;
      totalVnd += line.lineTotalVnd;
      itemCount += line.quantity;
    }
    groups.set(r.cooperativeId, group);
  }
  return { id: cartId, groups: [...groups.values()], itemCount, totalVnd, problems };
}

/** Number of units in the cart, for the header badge. */
export async function cartItemCount(ref: CartRef, tx: Db = defaultDb()): Promise<number> {
  const cartId = await findCartId(ref, tx);
  if (!cartId) return 0;
  const [row] = await tx
    .select({ n: sql<number>`coalesce(sum(${cartItems.quantity}), 0)::int` })
    .from(cartItems)
    .where(eq(cartItems.cartId, cartId));
  return Number(row?.n ?? 0);
}

/** Guest carts untouched for GUEST_CART_DAYS are deleted (their cookies have expired too). */
export async function purgeStaleGuestCarts(
  now: Date = new Date(),
  tx: Db = defaultDb(),
): Promise<{ removed: number }> {
  const cutoff = new Date(now.getTime() - GUEST_CART_DAYS * 24 * 60 * 60 * 1000);
  const removed = await tx
    .delete(carts)
    .where(and(sql`${carts.userId} is null`, lt(carts.updatedAt, cutoff)))
    .returning({ id: carts.id });
  return { removed: removed.length };
}
