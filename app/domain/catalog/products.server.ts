/**
 * Public read models of the storefront: products and cooperatives as a shopper sees them.
 * Only approved listings are public; a batch is on sale while it is released and has stock
 * (on hold, sold out, closed and still-recording batches never are), earliest best-before first,
 * so what is sold first is what expires first. Stars show only through visibleStars.
 * Lists are read in a fixed number of queries (lateral joins), never one query per product.
 */
import { and, asc, eq, type SQL, sql } from "drizzle-orm";
import type { SearchItem } from "~/domain/catalog/search.server";
import { type OcopGroup, visibleStars } from "~/domain/listings/ocop";
import {
  coopRegion,
  coopRegionSuccessor,
  type Place,
  placeColumns,
  toPlace,
} from "~/domain/listings/review.server";
import { photoUrl } from "~/domain/storage/keys";
import { todayInVietnam } from "~/utils/format";
import { type Db, db as defaultDb, rowsOf } from "~db/client.server";
import { cooperatives, ocopCertificates, productPhotos, products } from "~db/schema";

/** A product as a card in a list: the same shape the search returns. */
export type CatalogCard = SearchItem;

/** The card's view model (components/ProductCard): thumbnail URL instead of the storage key. */
export function cardView(card: CatalogCard) {
  return {
    slug: card.slug,
    name: card.name,
    priceVnd: card.priceVnd,
    unit: card.unit,
    cooperativeName: card.cooperativeName,
    provinceName: card.provinceName,
    stars: card.stars,
    inStock: card.inStock,
    photo: card.photo
      ? {
          url: photoUrl(card.photo.storageKey, "small"),
          width: card.photo.width,
          height: card.photo.height,
          alt: card.photo.alt,
        }
      : null,
  };
}

/** Where a cooperative is, for shoppers: today's commune and province, and the pre-2025 name if it changed. */
export interface PublicPlace {
  /** "Đồng Phúc, Thái Nguyên" */
  now: string;
  /** "Bằng Phúc, Chợ Đồn, Bắc Kạn" for a place registered under a unit that no longer exists. */
  formerly: string | null;
}

export function publicPlace(place: Place): PublicPlace {
  const registered = [place.commune, place.district, place.province].filter(Boolean).join(", ");
  if (!place.legacy)
    return { now: [place.commune, place.province].filter(Boolean).join(", "), formerly: null };
  const now = [place.currentCommune, place.currentProvince].filter(Boolean).join(", ");
  return now ? { now, formerly: registered } : { now: registered, formerly: null };
}

/** A batch a shopper can buy from now. */
export interface BatchOnSale {
  id: string;
  productId: string;
  lot: string;
  publicCode: string;
  /** Production or harvest date (ISO). */
  producedOn: string;
  bestBefore: string | null;
  quantityAvailable: number;
  releasedAt: Date | null;
}

export interface PublicCertificate {
  stars: number;
  score: number;
  decisionNo: string;
  decisionDate: string;
  authority: string;
  expiresOn: string;
  approvedAt: Date;
}

export interface PublicProduct {
  id: string;
  slug: string;
  name: string;
  description: string;
  group: OcopGroup;
  unit: string;
  priceVnd: number;
  /** GTIN-14, or null. */
  gtin: string | null;
  publishedAt: Date | null;
  updatedAt: Date;
  cooperative: { id: string; slug: string; name: string; place: PublicPlace };
  photos: { storageKey: string; width: number; height: number; alt: string }[];
  /** Stars to show (approved, unexpired claim), else null. */
  stars: number | null;
  /** The current claim when a reviewer approved it (shown with its validity); null otherwise. */
  certificate: PublicCertificate | null;
  /** Earliest best-before first. */
  batches: BatchOnSale[];
  /** Units for sale across those batches. */
  stock: number;
}

const onSale = sql`b.status = 'released' and b.quantity_available > 0`;

interface BatchRow {
  id: string;
  product_id: string;
  lot: string;
  public_code: string;
  produced_on: string;
  best_before: string | null;
  quantity_available: number;
  released_at: string | Date | null;
}

/**
 * The batches on sale of each product, earliest best-before first (no best-before last), then
 * the oldest production. The order the cart should allocate in.
 */
export async function listBatchesOnSale(
  productIds: string[],
  tx: Db = defaultDb(),
): Promise<Map<string, BatchOnSale[]>> {
  const byProduct = new Map<string, BatchOnSale[]>();
  if (!productIds.length) return byProduct;
  const rows = rowsOf<BatchRow>(
    await tx.execute(sql`select b.id, b.product_id, b.lot, b.public_code, b.produced_on::text as produced_on,
        b.best_before::text as best_before, b.quantity_available, b.released_at
      from batches b
      where b.product_id in (${sql.join(
        productIds.map((id) => sql`${id}::uuid`),
        sql`, `,
      )}) and ${onSale}
      order by b.product_id, b.best_before asc nulls last, b.produced_on asc, b.lot asc`),
  );
  for (const r of rows) {
    const list = byProduct.get(r.product_id) ?? [];
    list.push({
      id: r.id,
      productId: r.product_id,
      lot: r.lot,
      publicCode: r.public_code,
      producedOn: r.produced_on,
      bestBefore: r.best_before,
      quantityAvailable: Number(r.quantity_available),
      releasedAt: r.released_at === null ? null : new Date(r.released_at),
    });
    byProduct.set(r.product_id, list);
  }
  return byProduct;
}

/** Units for sale of each public product (0 when none is on sale); unknown or non-public ids are absent. */
export async function stockOfProducts(
  productIds: string[],
  tx: Db = defaultDb(),
): Promise<Map<string, number>> {
  const stock = new Map<string, number>();
  if (!productIds.length) return stock;
  const rows = rowsOf<{ id: string; stock: number | string }>(
    await tx.execute(sql`select p.id, coalesce((select sum(b.quantity_available) from batches b
        where b.product_id = p.id and ${onSale}), 0) as stock
      from products p
      where p.status = 'approved' and p.id in (${sql.join(
        productIds.map((id) => sql`${id}::uuid`),
        sql`, `,
      )})`),
  );
  for (const r of rows) stock.set(r.id, Number(r.stock));
  return stock;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What the cart needs to accept a line: a public product, its price now, and its stock. */
export interface PurchasableProduct {
  id: string;
  slug: string;
  name: string;
  unit: string;
  priceVnd: number;
  cooperativeId: string;
  cooperativeName: string;
  stock: number;
  batches: BatchOnSale[];
}

/** The product by id if it is public (approved), with its batches on sale; null otherwise. */
export async function findPurchasableProduct(
  productId: string,
  tx: Db = defaultDb(),
): Promise<PurchasableProduct | null> {
  if (!UUID.test(productId)) return null;
  const [row] = await tx
    .select({
      id: products.id,
      slug: products.slug,
      name: products.name,
      unit: products.unit,
      priceVnd: products.priceVnd,
      cooperativeId: products.cooperativeId,
      cooperativeName: cooperatives.name,
    })
    .from(products)
    .innerJoin(cooperatives, eq(cooperatives.id, products.cooperativeId))
    .where(and(eq(products.id, productId), eq(products.status, "approved")))
    .limit(1);
  if (!row) return null;
  const batches = (await listBatchesOnSale([row.id], tx)).get(row.id) ?? [];
  return { ...row, batches, stock: batches.reduce((n, b) => n + b.quantityAvailable, 0) };
}

/**
 * The public product page: null unless the slug names an approved listing. Four queries: the
 * product with its cooperative and place, its photos, its current certificate, its batches.
 */
export async function getPublicProduct(
  slug: string,
  { today = todayInVietnam() }: { today?: string } = {},
  tx: Db = defaultDb(),
): Promise<PublicProduct | null> {
  const [row] = await tx
    .select({
      id: products.id,
      slug: products.slug,
      name: products.name,
      description: products.description,
      group: products.ocopGroup,
      unit: products.unit,
      priceVnd: products.priceVnd,
      gtin: products.gtin,
      publishedAt: products.publishedAt,
      updatedAt: products.updatedAt,
      cooperativeId: cooperatives.id,
      cooperativeSlug: cooperatives.slug,
      cooperativeName: cooperatives.name,
      ...placeColumns(),
    })
    .from(products)
    .innerJoin(cooperatives, eq(cooperatives.id, products.cooperativeId))
    .innerJoin(coopRegion, eq(coopRegion.id, cooperatives.regionId))
    .leftJoin(coopRegionSuccessor, eq(coopRegionSuccessor.id, coopRegion.successorId))
    .where(and(eq(products.slug, slug), eq(products.status, "approved")))
    .limit(1);
  if (!row) return null;
  const [photos, certificates, batchesByProduct] = await Promise.all([
    tx
      .select({
        storageKey: productPhotos.storageKey,
        width: productPhotos.width,
        height: productPhotos.height,
        alt: productPhotos.alt,
      })
      .from(productPhotos)
      .where(eq(productPhotos.productId, row.id))
      .orderBy(asc(productPhotos.position), asc(productPhotos.createdAt), asc(productPhotos.id)),
    tx
      .select()
      .from(ocopCertificates)
      .where(eq(ocopCertificates.productId, row.id))
      .orderBy(sql`${ocopCertificates.createdAt} desc, ${ocopCertificates.id} desc`)
      .limit(1),
    listBatchesOnSale([row.id], tx),
  ]);
  const cert = certificates[0] ?? null;
  const batches = batchesByProduct.get(row.id) ?? [];
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    description: row.description,
    group: row.group,
    unit: row.unit,
    priceVnd: row.priceVnd,
    gtin: row.gtin,
    publishedAt: row.publishedAt,
    updatedAt: row.updatedAt,
    cooperative: {
      id: row.cooperativeId,
      slug: row.cooperativeSlug,
      name: row.cooperativeName,
      place: publicPlace(toPlace(row)),
    },
    photos,
    stars: visibleStars(cert, today),
    certificate: cert?.approvedAt
      ? {
          stars: cert.stars,
          score: cert.score,
          decisionNo: cert.decisionNo,
          decisionDate: cert.decisionDate,
          authority: cert.authority,
          expiresOn: cert.expiresOn,
          approvedAt: cert.approvedAt,
        }
      : null,
    batches,
    stock: batches.reduce((n, b) => n + b.quantityAvailable, 0),
  };
}

interface CardRow {
  id: string;
  slug: string;
  name: string;
  price_vnd: number;
  unit: string;
  ocop_group: OcopGroup;
  cooperative_name: string;
  cooperative_slug: string;
  province_name: string | null;
  cert_stars: number | null;
  cert_expires_on: string | null;
  cert_approved_at: string | Date | null;
  in_stock: boolean;
  photo_key: string | null;
  photo_alt: string | null;
  photo_width: number | null;
  photo_height: number | null;
}

/** The current (pre-2025 units: today's) province of the cooperative `c`, as a region id. */
const provinceIdOfCoop = sql`nullif(split_part(coalesce(s.path, r.path), '/', 2), '')::uuid`;

/**
 * Public product cards in one query: `where` narrows the approved products `p` (cooperative `c`),
 * `order` sorts them (it may use cert_stars_shown and in_stock).
 */
async function productCards(
  { where, order, limit, today }: { where?: SQL; order: SQL; limit: number; today: string },
  tx: Db,
): Promise<CatalogCard[]> {
  const rows = rowsOf<CardRow>(
    await tx.execute(sql`select * from (
      select p.id, p.slug, p.name, p.price_vnd, p.unit, p.ocop_group, p.published_at,
        c.name as cooperative_name, c.slug as cooperative_slug, prov.name as province_name,
        cert.stars as cert_stars, cert.expires_on::text as cert_expires_on, cert.approved_at as cert_approved_at,
        case when cert.approved_at is not null and cert.expires_on >= ${today}::date then cert.stars else 0 end
          as cert_stars_shown,
        exists (select 1 from batches b where b.product_id = p.id and ${onSale}) as in_stock,
        photo.storage_key as photo_key, photo.alt as photo_alt, photo.width as photo_width,
        photo.height as photo_height
      from products p
      join cooperatives c on c.id = p.cooperative_id
      join regions r on r.id = c.region_id
      left join regions s on s.id = r.successor_id
      left join regions prov on prov.id = ${provinceIdOfCoop}
      left join lateral (
        select oc.stars, oc.expires_on, oc.approved_at from ocop_certificates oc
        where oc.product_id = p.id order by oc.created_at desc, oc.id desc limit 1
      ) cert on true
      left join lateral (
        select ph.storage_key, ph.alt, ph.width, ph.height from product_photos ph
        where ph.product_id = p.id order by ph.position, ph.created_at, ph.id limit 1
      ) photo on true
      where p.status = 'approved'${where ? sql` and ${where}` : sql``}
    ) cards
    order by ${order}
    limit ${limit}`),
  );
  return rows.map((row) => ({
    id: row.id,
    slug: row.slug,
    name: row.name,
    priceVnd: Number(row.price_vnd),
    unit: row.unit,
    group: row.ocop_group,
    cooperativeName: row.cooperative_name,
    cooperativeSlug: row.cooperative_slug,
    provinceName: row.province_name,
    stars: visibleStars(
      row.cert_stars === null || row.cert_expires_on === null
        ? null
        : { stars: Number(row.cert_stars), expiresOn: row.cert_expires_on, approvedAt: row.cert_approved_at },
      today,
    ),
    inStock: Boolean(row.in_stock),
    photo:
      row.photo_key === null
        ? null
        : {
            storageKey: row.photo_key,
            alt: row.photo_alt ?? "",
            width: Number(row.photo_width ?? 0),
            height: Number(row.photo_height ?? 0),
          },
  }));
}

/** A cooperative's shop page. */
export interface PublicCooperative {
  id: string;
  slug: string;
  name: string;
  story: string | null;
  phone: string | null;
  email: string | null;
  street: string | null;
  logoKey: string | null;
  updatedAt: Date;
  place: PublicPlace;
  products: CatalogCard[];
}

/** Enough for any cooperative's range; the shop page is one page. */
export const COOPERATIVE_PRODUCTS_LIMIT = 200;

/**
 * The cooperative's shop page with its public products (in stock first, then more stars, then
 * newest); null for an unknown slug or a cooperative with no approved listing yet, which has
 * nothing to show a shopper.
 */
export async function getPublicCooperative(
  slug: string,
  { today = todayInVietnam() }: { today?: string } = {},
  tx: Db = defaultDb(),
): Promise<PublicCooperative | null> {
  const [row] = await tx
    .select({
      id: cooperatives.id,
      slug: cooperatives.slug,
      name: cooperatives.name,
      story: cooperatives.story,
      phone: cooperatives.phone,
      email: cooperatives.email,
      street: cooperatives.street,
      logoKey: cooperatives.logoKey,
      updatedAt: cooperatives.updatedAt,
      ...placeColumns(),
    })
    .from(cooperatives)
    .innerJoin(coopRegion, eq(coopRegion.id, cooperatives.regionId))
    .leftJoin(coopRegionSuccessor, eq(coopRegionSuccessor.id, coopRegion.successorId))
    .where(eq(cooperatives.slug, slug))
    .limit(1);
  if (!row) return null;
  const cards = await productCards(
    {
      where: sql`p.cooperative_id = ${row.id}`,
      order: sql`in_stock desc, cert_stars_shown desc, published_at desc nulls last, id`,
      limit: COOPERATIVE_PRODUCTS_LIMIT,
      today,
    },
    tx,
  );
  if (!cards.length) return null;
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    story: row.story,
    phone: row.phone,
    email: row.email,
    street: row.street,
    logoKey: row.logoKey,
    updatedAt: row.updatedAt,
    place: publicPlace(toPlace(row)),
    products: cards,
  };
}

/** Products for the home page: in stock, with visible stars first, the newest listings first. */
export async function featuredProducts(
  { limit = 8, today = todayInVietnam() }: { limit?: number; today?: string } = {},
  tx: Db = defaultDb(),
): Promise<CatalogCard[]> {
  return productCards(
    {
      where: sql`exists (select 1 from batches b where b.product_id = p.id and ${onSale})`,
      order: sql`cert_stars_shown desc, published_at desc nulls last, id`,
      limit,
      today,
    },
    tx,
  );
}

/** Every public product and shop page, with the date it last changed, for the sitemap. */
export async function sitemapEntries(tx: Db = defaultDb()) {
  const [productRows, cooperativeRows] = await Promise.all([
    tx.execute(sql`select p.slug, p.updated_at as lastmod from products p
      where p.status = 'approved' order by p.slug`),
    tx.execute(sql`select c.slug, greatest(c.updated_at, max(p.updated_at)) as lastmod
      from cooperatives c join products p on p.cooperative_id = c.id and p.status = 'approved'
      group by c.id, c.slug, c.updated_at order by c.slug`),
  ]);
  const toEntry = (r: { slug: string; lastmod: string | Date }) => ({
    slug: r.slug,
    lastmod: new Date(r.lastmod),
  });
  type Row = { slug: string; lastmod: string | Date };
  return {
    products: rowsOf<Row>(productRows).map(toEntry),
    cooperatives: rowsOf<Row>(cooperativeRows).map(toEntry),
  };
}
