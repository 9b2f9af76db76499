import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db, getDbHandle, openDb, rowsOf } from "../../db/client.server";

describe("migrations", () => {
  it("creates every table of the model, with the search extensions", async () => {
    const tables = rowsOf<{ table_name: string }>(
      await db().execute(sql`select table_name from information_schema.tables where table_schema = 'public'`),
    ).map((r) => r.table_name);
    for (const name of [
      "regions",
      "users",
      "memberships",
      "login_attempts",
      "cooperatives",
      "products",
      "product_photos",
      "ocop_certificates",
      "listing_reviews",
      "batches",
      "trace_events",
      "batch_inputs",
      "units",
      "scans",
      "carts",
      "cart_items",
      "orders",
      "order_shipments",
      "order_items",
      "payments",
      "payment_events",
      "outbox",
      "audit_log",
    ]) {
      expect(tables).toContain(name);
    }
    const [row] = rowsOf<{ folded: string }>(
      await db().execute(sql`select f_unaccent('Rượu men lá Đồng Phúc') as folded`),
    );
    expect(row?.folded).toBe("Ruou men la Dong Phuc");
  });

  it("gives every foreign key an index", async () => {
    const missing = rowsOf<{ fk: string }>(
      await db().execute(sql`
        select c.conname as fk
        from pg_constraint c
        where c.contype = 'f' and c.connamespace = 'public'::regnamespace
          and not exists (
            select 1 from pg_index i
            where i.indrelid = c.conrelid
              and (i.indkey::int2[])[0:array_length(c.conkey, 1) - 1] = c.conkey::int2[]
          )`),
    );
    expect(missing.map((m) => m.fk)).toEqual([]);
  });

  it("is a no-op when run again", async () => {
    const kind = getDbHandle().kind;
    if (kind === "pglite") {
      const dump = await getDbHandle().dump?.();
      const again = await openDb({ pgliteDir: "memory://", loadDataDir: dump, migrate: true });
      const [row] = rowsOf<{ n: number }>(
        await again.db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`),
      );
      expect(row?.n).toBeGreaterThanOrEqual(3);
      await again.close();
    } else {
      const [before] = rowsOf<{ n: number }>(
        await db().execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`),
      );
      expect(before?.n).toBeGreaterThanOrEqual(3);
    }
  });
});
