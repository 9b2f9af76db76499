/**
 * The storefront's ways in: OCOP groups and provinces with public products, and the batches
 * released most recently ("new harvests"). Public listings only; each list is one query.
 */
import { sql } from "drizzle-orm";
import { type OcopGroup, ocopGroups } from "~/domain/listings/ocop";
import { type Db, db as defaultDb, rowsOf } from "~db/client.server";

export interface GroupCount {
  group: OcopGroup;
  count: number;
}

/** Every OCOP group in the official order, with how many public products it has (0 included). */
export async function catalogGroups(tx: Db = defaultDb()): Promise<GroupCount[]> {
  const rows = rowsOf<{ ocop_group: OcopGroup; n: number | string }>(
    await tx.execute(sql`select ocop_group, count(*) as n from products
      where status = 'approved' group by ocop_group`),
  );
  const counts = new Map(rows.map((r) => [r.ocop_group, Number(r.n)]));
  return ocopGroups.map((group) => ({ group, count: counts.get(group) ?? 0 }));
}

export interface ProvinceCount {
  /** Region id: the `province` filter of the product list. */
  id: string;
  name: string;
  count: number;
}

/**
 * Provinces that have public products, by name. A cooperative registered under a pre-2025
 * commune counts under the province that took the commune over, as the search filter does.
 */
export async function catalogProvinces(tx: Db = defaultDb()): Promise<ProvinceCount[]> {
  const rows = rowsOf<{ id: string; name: string; n: number | string }>(
    await tx.execute(sql`select prov.id, prov.name, count(*) as n
      from products p
      join cooperatives c on c.id = p.cooperative_id
      join regions r on r.id = c.region_id
      left join regions s on s.id = r.successor_id
      join regions prov on prov.id = nullif(split_part(coalesce(s.path, r.path), '/', 2), '')::uuid
      where p.status = 'approved'
      group by prov.id, prov.name`),
  );
  return rows
    .map((r) => ({ id: r.id, name: r.name, count: Number(r.n) }))
    .sort((a, b) => a.name.localeCompare(b.name, "vi"));
}

export interface FreshBatch {
  id: string;
  lot: string;
  publicCode: string;
  producedOn: string;
  releasedAt: Date | null;
  quantityAvailable: number;
  product: { slug: string; name: string; unit: string; gtin: string | null };
  cooperativeName: string;
}

/** Batches on sale of public products, the most recently released first. */
export async function newlyReleasedBatches(
  { limit = 6 }: { limit?: number } = {},
  tx: Db = defaultDb(),
): Promise<FreshBatch[]> {
  const rows = rowsOf<{
    id: string;
    lot: string;
    public_code: string;
    produced_on: string;
    released_at: string | Date | null;
    quantity_available: number;
    slug: string;
    name: string;
    unit: string;
    gtin: string | null;
    cooperative_name: string;
  }>(
    await tx.execute(sql`select b.id, b.lot, b.public_code, b.produced_on::text as produced_on, b.released_at,
        b.quantity_available, p.slug, p.name, p.unit, p.gtin, c.name as cooperative_name
      from batches b
      join products p on p.id = b.product_id
      join cooperatives c on c.id = p.cooperative_id
      where p.status = 'approved' and b.status = 'released' and b.quantity_available > 0
      order by b.released_at desc nulls last, b.produced_on desc, b.id
      limit ${limit}`),
  );
  return rows.map((r) => ({
    id: r.id,
    lot: r.lot,
    publicCode: r.public_code,
    producedOn: r.produced_on,
    releasedAt: r.released_at === null ? null : new Date(r.released_at),
    quantityAvailable: Number(r.quantity_available),
    product: { slug: r.slug, name: r.name, unit: r.unit, gtin: r.gtin },
    cooperativeName: r.cooperative_name,
  }));
}
