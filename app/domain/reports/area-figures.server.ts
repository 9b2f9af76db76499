import { and, count, eq, gte, type SQL, sql } from "drizzle-orm";
import { todayInVietnam } from "~/utils/format";
import { type Db, db as defaultDb, rowsOf } from "~db/client.server";
import { cooperatives, listingReviews, products } from "~db/schema";
import { EXPIRY_WARNING_DAYS, type OcopGroup, ocopGroups } from "../listings/ocop";
import {
  coopRegion,
  coopRegionSuccessor,
  inReviewerScope,
  placeColumns,
  type Reviewer,
} from "../listings/review.server";
import { type ListingStatus, listingStatuses } from "../listings/state";
import { median } from "./stats";

/** The newest certificate of each product (a product may have claimed several over time). */
const newestCertificate = sql`(select distinct on (c.product_id) c.* from ocop_certificates c
  order by c.product_id, c.created_at desc, c.id desc)`;

function addDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export interface ExpiringCertificate {
  productId: string;
  productName: string;
  cooperativeName: string;
  decisionNo: string;
  stars: number;
  expiresOn: string;
}

export interface AreaFigures {
  today: string;
  byStatus: Record<ListingStatus, number>;
  byStars: Record<3 | 4 | 5, number>;
  byGroup: Record<OcopGroup, number>;
  byPlace: Array<{ regionId: string; name: string; district: string | null; n: number }>;
  decisions: number;
  medianDecisionHours: number | null;
  expiring: ExpiringCertificate[];
  summary: {
    cooperatives: number;
    sellingCooperatives: number;
    approvedListings: number;
    orders: number;
    onlineOrders: number;
    unitsSold: number;
    revenueVnd: number;
    scans: number;
  };
}

const num = (v: unknown) => Number(v ?? 0);

/**
 * Figures for the reviewer's area (all of their region scopes together): listings by state,
 * approved OCOP products by stars, group and commune, review turnaround, certificates about to
 * expire, and the success measures of the district reports (cooperatives selling online,
 * sales, online payments, scans).
 *
 * Turnaround: products keep only their latest submission time, so each decision is measured
 * from that time; decisions older than the latest submission (made before a resubmission) are
 * left out rather than counted with a negative or inflated duration.
 */
export async function getAreaFigures(
  reviewer: Reviewer,
  { today = todayInVietnam() }: { today?: string } = {},
  tx: Db = defaultDb(),
): Promise<AreaFigures> {
  const scope: SQL = inReviewerScope(reviewer.id, cooperatives.regionId);
  const scopeRaw = (regionId: SQL) => inReviewerScope(reviewer.id, regionId);
  const until = addDays(today, EXPIRY_WARNING_DAYS);

  const [statusRows, starsRows, groupRows, placeRows, durations, expiring, coopRows, salesRows, scanRows] =
    await Promise.all([
      tx
        .select({ status: products.status, n: count() })
        .from(products)
        .innerJoin(cooperatives, eq(cooperatives.id, products.cooperativeId))
        .where(scope)
        .groupBy(products.status),
      tx.execute(sql`
        select c.stars, count(*)::int as n
        from products p
        join cooperatives co on co.id = p.cooperative_id
        join ${newestCertificate} c on c.product_id = p.id
        where p.status = 'approved' and c.approved_at is not null and c.expires_on >= ${today}
          and ${scopeRaw(sql`co.region_id`)}
        group by c.stars`),
      tx
        .select({ group: products.ocopGroup, n: count() })
        .from(products)
        .innerJoin(cooperatives, eq(cooperatives.id, products.cooperativeId))
        .where(and(scope, eq(products.status, "approved")))
        .groupBy(products.ocopGroup),
      tx
        .select({
          regionId: coopRegion.id,
          name: coopRegion.name,
          district: placeColumns().district,
          n: count(),
        })
        .from(products)
        .innerJoin(cooperatives, eq(cooperatives.id, products.cooperativeId))
        .innerJoin(coopRegion, eq(coopRegion.id, cooperatives.regionId))
        .leftJoin(coopRegionSuccessor, eq(coopRegionSuccessor.id, coopRegion.successorId))
        .where(and(scope, eq(products.status, "approved")))
        .groupBy(coopRegion.id, coopRegion.name, coopRegion.path)
        .orderBy(sql`count(*) desc`, coopRegion.name),
      tx
        .select({
          hours: sql<number>`extract(epoch from (${listingReviews.createdAt} - ${products.submittedAt})) / 3600.0`,
        })
        .from(listingReviews)
        .innerJoin(products, eq(products.id, listingReviews.productId))
        .innerJoin(cooperatives, eq(cooperatives.id, products.cooperativeId))
        .where(
          and(
            scope,
            sql`${products.submittedAt} is not null`,
            gte(listingReviews.createdAt, products.submittedAt),
          ),
        ),
      tx.execute(sql`
        select p.id as "productId", p.name as "productName", co.name as "cooperativeName",
          c.decision_no as "decisionNo", c.stars, c.expires_on::text as "expiresOn"
        from products p
        join cooperatives co on co.id = p.cooperative_id
        join ${newestCertificate} c on c.product_id = p.id
        where p.status <> 'archived' and c.expires_on >= ${today} and c.expires_on <= ${until}
          and ${scopeRaw(sql`co.region_id`)}
        order by c.expires_on, p.name`),
      tx
        .select({
          cooperatives: count(),
          selling: sql<number>`count(*) filter (where exists (
            select 1 from products sp where sp.cooperative_id = "cooperatives"."id" and sp.status = 'approved'))`,
        })
        .from(cooperatives)
        .where(scope),
      tx.execute(sql`
        select count(distinct s.id)::int as orders,
          count(distinct s.id) filter (where o.payment_method in ('card', 'vietqr'))::int as online,
          coalesce(sum(i.quantity), 0)::bigint as units,
          coalesce(sum(i.quantity::bigint * i.unit_price_vnd), 0)::bigint as revenue
        from order_shipments s
        join orders o on o.id = s.order_id
        join order_items i on i.shipment_id = s.id
        join cooperatives co on co.id = s.cooperative_id
        where s.status <> 'cancelled' and o.status in ('confirmed', 'completed')
          and ${scopeRaw(sql`co.region_id`)}`),
      tx.execute(sql`
        select count(*)::int as n
        from scans sc
        join batches b on b.id = sc.batch_id
        join products p on p.id = b.product_id
        join cooperatives co on co.id = p.cooperative_id
        where ${scopeRaw(sql`co.region_id`)}`),
    ]);

  const byStatus = Object.fromEntries(listingStatuses.map((s) => [s, 0])) as Record<ListingStatus, number>;
  for (const r of statusRows) byStatus[r.status] = r.n;
  const byStars: Record<3 | 4 | 5, number> = { 3: 0, 4: 0, 5: 0 };
  for (const r of rowsOf<{ stars: number; n: number }>(starsRows)) {
    const stars = Number(r.stars);
    if (stars === 3 || stars === 4 || stars === 5) byStars[stars] = num(r.n);
  }
  const byGroup = Object.fromEntries(ocopGroups.map((g) => [g, 0])) as Record<OcopGroup, number>;
  for (const r of groupRows) byGroup[r.group] = r.n;
  const hours = durations.map((d) => Number(d.hours));
  const coops = coopRows[0];
  const sales = rowsOf<{ orders: number; online: number; units: string | number; revenue: string | number }>(
    salesRows,
  )[0];
  const scans = rowsOf<{ n: number }>(scanRows)[0];
  return {
    today,
    byStatus,
    byStars,
    byGroup,
    byPlace: placeRows.map((r) => ({ regionId: r.regionId, name: r.name, district: r.district, n: r.n })),
    decisions: hours.length,
    medianDecisionHours: median(hours),
    expiring: rowsOf<ExpiringCertificate>(expiring).map((e) => ({ ...e, stars: Number(e.stars) })),
    summary: {
      cooperatives: num(coops?.cooperatives),
      sellingCooperatives: num(coops?.selling),
      approvedListings: byStatus.approved,
      orders: num(sales?.orders),
      onlineOrders: num(sales?.online),
      unitsSold: num(sales?.units),
      revenueVnd: num(sales?.revenue),
      scans: num(scans?.n),
    },
  };
}
