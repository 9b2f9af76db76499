import { asc, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { verifyPassword } from "~/domain/accounts/password.server";
import { isValidGtin } from "~/domain/labels/gtin";
import { isRegionWithinScope } from "~/domain/regions/regions.server";
import { listBatchEvents, verifyBatchChain } from "~/domain/trace/events.server";
import { db, rowsOf } from "~db/client.server";
import {
  batches,
  batchInputs,
  cooperatives,
  listingReviews,
  memberships,
  ocopCertificates,
  products,
  regions,
  users,
} from "~db/schema";
import { DEMO_PASSWORD, demoAccounts, seedDemoData, seedDemoDataIfEmpty } from "~db/seed";

// The demo's "today": certificates are dated relative to it.
const DEMO_TODAY = "2026-11-21";

async function tableCounts(): Promise<Record<string, number>> {
  const tables = rowsOf<{ table_name: string }>(
    await db().execute(
      sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`,
    ),
  ).map((t) => t.table_name);
  const counts: Record<string, number> = {};
  for (const t of tables) {
    const [row] = rowsOf<{ n: number }>(await db().execute(sql.raw(`select count(*)::int as n from "${t}"`)));
    counts[t] = row?.n ?? -1;
  }
  return counts;
}

async function userIdByEmail(email: string) {
  const [u] = await db().select({ id: users.id }).from(users).where(eq(users.email, email));
  if (!u) throw new Error(`no user ${email}`);
  return u.id;
}

beforeAll(async () => {
  // A fresh database has no users, so the first-start path seeds it.
  expect(await seedDemoDataIfEmpty(db())).toBe(true);
}, 120_000);

describe("demo data", () => {
  it("creates the six demo accounts, lower-case, Vietnamese locale, with valid unique phones", async () => {
    const rows = await db().select().from(users).orderBy(asc(users.email));
    expect(rows.map((u) => u.email).sort()).toEqual(demoAccounts.map((a) => a.email).sort());
    for (const u of rows) {
      expect(u.locale).toBe("vi");
      expect(u.phone).toMatch(/^0[35789]\d{8}$/);
      expect(u.name.length).toBeGreaterThan(3);
    }
    expect(new Set(rows.map((u) => u.phone)).size).toBe(rows.length);
    expect(rows.find((u) => u.email === "admin@ocop.test")?.name).toBe("Quản trị Chợ OCOP");
  });

  it("gives each account exactly its membership and scope", async () => {
    const rows = await db()
      .select({
        email: users.email,
        role: memberships.role,
        coopSlug: cooperatives.slug,
        regionCode: regions.code,
        regionLevel: regions.level,
        regionScheme: regions.scheme,
      })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .leftJoin(cooperatives, eq(cooperatives.id, memberships.cooperativeId))
      .leftJoin(regions, eq(regions.id, memberships.regionId));
    const byEmail = new Map(rows.map((r) => [r.email, r]));
    expect(rows).toHaveLength(6);
    expect(byEmail.get("admin@ocop.test")).toMatchObject({ role: "admin", coopSlug: null, regionCode: null });
    expect(byEmail.get("nguoimua@ocop.test")).toMatchObject({
      role: "buyer",
      coopSlug: null,
      regionCode: null,
    });
    expect(byEmail.get("htx.thanhtam@ocop.test")).toMatchObject({
      role: "manager",
      coopSlug: "htx-ruou-men-la-thanh-tam",
    });
    expect(byEmail.get("htx.vanho@ocop.test")).toMatchObject({ role: "manager", coopSlug: "htx-che-van-ho" });
    expect(byEmail.get("canbo.chodon@ocop.test")).toMatchObject({
      role: "reviewer",
      regionScheme: "legacy",
      regionLevel: "district",
      regionCode: "064",
    });
    expect(byEmail.get("canbo.sonla@ocop.test")).toMatchObject({
      role: "reviewer",
      regionScheme: "current",
      regionLevel: "province",
      regionCode: "14",
    });
  });

  it("every demo password is ocop-demo", async () => {
    const rows = await db().select({ email: users.email, hash: users.passwordHash }).from(users);
    for (const u of rows) expect(await verifyPassword(DEMO_PASSWORD, u.hash), u.email ?? "").toBe(true);
    expect(await verifyPassword("ocop-demo2", rows[0]?.hash ?? "")).toBe(false);
  });

  it("places five cooperatives at legacy communes, inside the right reviewer's area", async () => {
    const rows = await db()
      .select({ slug: cooperatives.slug, c: cooperatives, region: regions })
      .from(cooperatives)
      .innerJoin(regions, eq(regions.id, cooperatives.regionId));
    expect(rows).toHaveLength(5);
    for (const { c, region } of rows) {
      expect(region).toMatchObject({ scheme: "legacy", level: "commune" });
      expect(c.taxCode).toMatch(/^\d{10}$/);
      expect(c.phone).toMatch(/^0[35789]\d{8}$/);
      expect(["970436", "970405", "970418", "970415"]).toContain(c.bankBin);
      expect(c.story?.length ?? 0).toBeGreaterThan(80);
    }
    const thanhTam = rows.find((r) => r.slug === "htx-ruou-men-la-thanh-tam");
    expect(thanhTam?.region).toMatchObject({ code: "02041", name: "Bằng Phúc" });

    const scopeOf = async (email: string) => {
      const [m] = await db()
        .select({ regionId: memberships.regionId })
        .from(memberships)
        .where(eq(memberships.userId, await userIdByEmail(email)));
      return m?.regionId ?? "";
    };
    const choDon = await scopeOf("canbo.chodon@ocop.test");
    const sonLa = await scopeOf("canbo.sonla@ocop.test");
    const inScope = async (slug: string, scope: string) =>
      isRegionWithinScope(rows.find((r) => r.slug === slug)?.c.regionId ?? "", scope);
    expect(await inScope("htx-ruou-men-la-thanh-tam", choDon)).toBe(true);
    expect(await inScope("htx-che-van-ho", choDon)).toBe(false);
    expect(await inScope("htx-che-van-ho", sonLa)).toBe(true);
    expect(await inScope("htx-mat-ong-phu-yen", sonLa)).toBe(true);
    expect(await inScope("htx-ruou-men-la-thanh-tam", sonLa)).toBe(false);
  });

  it("lists about twenty products across the OCOP groups, with valid GTINs and unique public codes", async () => {
    const rows = await db().select().from(products);
    expect(rows.length).toBeGreaterThanOrEqual(18);
    const approvedGroups = new Set(rows.filter((p) => p.status === "approved").map((p) => p.ocopGroup));
    expect(approvedGroups.size).toBeGreaterThanOrEqual(5);
    expect(approvedGroups).toContain("tourism");
    const statuses = rows.map((p) => p.status);
    expect(statuses.filter((s) => s === "submitted").length).toBeGreaterThanOrEqual(1);
    expect(statuses).toContain("draft");
    expect(statuses).toContain("changes_requested");
    expect(new Set(rows.map((p) => p.publicCode)).size).toBe(rows.length);
    for (const p of rows) {
      expect(p.publicCode).toMatch(/^[0-9a-hjkmnp-tv-z]{10}$/);
      expect(Number.isInteger(p.priceVnd) && p.priceVnd > 0).toBe(true);
      if (p.gtin) expect(isValidGtin(p.gtin) && p.gtin.startsWith("0893")).toBe(true);
      expect(p.publishedAt !== null).toBe(p.status === "approved");
    }
    expect(rows.filter((p) => p.gtin).length).toBeGreaterThanOrEqual(3);
    expect(rows.find((p) => p.slug === "trai-nghiem-lam-ruou-men-la")?.unit).toBe("người");
  });

  it("claims OCOP certificates that match their products, one expiring within 60 days", async () => {
    const rows = await db()
      .select({ cert: ocopCertificates, product: products })
      .from(ocopCertificates)
      .innerJoin(products, eq(products.id, ocopCertificates.productId));
    expect(rows.length).toBeGreaterThanOrEqual(15);
    for (const { cert, product } of rows) {
      expect(cert.ocopGroup).toBe(product.ocopGroup);
      expect(cert.decisionNo).toMatch(/^\d+\/QĐ-[A-ZĐ]+$/);
      expect(cert.decisionDate <= DEMO_TODAY).toBe(true);
      expect(cert.decisionDate >= "2023-01-01").toBe(true);
      const [y, rest] = [Number(cert.decisionDate.slice(0, 4)), cert.decisionDate.slice(4)];
      expect(cert.expiresOn).toBe(`${y + 3}${rest}`);
      expect(cert.approvedAt !== null).toBe(product.status === "approved");
      if (product.status === "approved") expect(cert.expiresOn > DEMO_TODAY).toBe(true);
    }
    const soon = rows.filter(({ cert }) => {
      const days = (Date.parse(cert.expiresOn) - Date.parse(DEMO_TODAY)) / 86_400_000;
      return days >= 0 && days <= 60;
    });
    expect(soon.length).toBeGreaterThanOrEqual(1);
  });

  it("records each approval by the reviewer of the cooperative's area, and the reason for changes", async () => {
    const rows = await db()
      .select({
        slug: products.slug,
        status: products.status,
        coop: cooperatives.slug,
        decision: listingReviews.decision,
        reason: listingReviews.reason,
        reviewer: users.email,
      })
      .from(listingReviews)
      .innerJoin(products, eq(products.id, listingReviews.productId))
      .innerJoin(cooperatives, eq(cooperatives.id, products.cooperativeId))
      .innerJoin(users, eq(users.id, listingReviews.reviewerId));
    const approvedCount = (await db().select().from(products).where(eq(products.status, "approved"))).length;
    expect(rows.filter((r) => r.decision === "approved")).toHaveLength(approvedCount);
    for (const r of rows) {
      if (r.coop === "htx-ruou-men-la-thanh-tam") expect(r.reviewer).toBe("canbo.chodon@ocop.test");
      if (r.coop === "htx-che-van-ho" || r.coop === "htx-mat-ong-phu-yen") {
        expect(r.reviewer).toBe("canbo.sonla@ocop.test");
      }
      expect(r.decision).toBe(r.status === "approved" ? "approved" : "changes_requested");
    }
    const sentBack = rows.find((r) => r.status === "changes_requested");
    expect(sentBack?.reason?.length ?? 0).toBeGreaterThan(20);
  });

  it("records batches whose diaries are intact chains of past events", async () => {
    const rows = await db().select().from(batches);
    expect(rows.length).toBeGreaterThanOrEqual(4);
    expect(rows.some((b) => b.status === "recording")).toBe(true);
    expect(new Set(rows.map((b) => b.publicCode)).size).toBe(rows.length);
    for (const b of rows) {
      const verdict = await verifyBatchChain(b.id);
      expect(verdict, b.lot).toEqual({ intact: true, headHash: b.headHash });
      const events = await listBatchEvents(b.id);
      expect(events.length, b.lot).toBeGreaterThanOrEqual(2);
      for (const e of events) {
        expect(e.eventTime.getTime()).toBeLessThan(Date.now());
        expect(e.eventTimeZoneOffset).toBe("+07:00");
      }
      if (b.status === "released") {
        expect(b.releasedAt).not.toBeNull();
        const lab = events.find((e) => e.kind === "lab_test");
        expect(lab?.details.pass, `${b.lot} lab test`).toBe(true);
        expect(lab?.disposition).toBe("https://ref.gs1.org/cbv/Disp-conformant");
        // No spraying may still be inside its pre-harvest interval at the harvest.
        const harvest = events.find((e) => e.kind === "harvesting");
        for (const s of events.filter((e) => e.kind === "spraying")) {
          const phiDays = Number(s.details.preHarvestIntervalDays);
          expect(phiDays).toBeGreaterThan(0);
          const safeFrom = s.eventTime.getTime() + phiDays * 86_400_000;
          expect(harvest && harvest.eventTime.getTime() >= safeFrom).toBe(true);
        }
      }
    }
    const tea = rows.find((b) => b.lot === "CVH-2026-09");
    const kinds = (await listBatchEvents(tea?.id ?? "")).map((e) => e.kind);
    expect(kinds).toEqual([
      "planting",
      "fertilising",
      "spraying",
      "harvesting",
      "processing",
      "lab_test",
      "packing",
    ]);
  });

  it("links the rice wine batch to the leaf-yeast batch it consumed", async () => {
    const [link] = await db()
      .select({
        input: batches.lot,
        eventKind: sql<string>`(select kind from trace_events where id = ${batchInputs.eventId})`,
      })
      .from(batchInputs)
      .innerJoin(batches, eq(batches.id, batchInputs.inputBatchId));
    expect(link).toEqual({ input: "BML-2026-08", eventKind: "processing" });
  });

  it("changes nothing when run again, and is not re-run at start on a seeded database", async () => {
    const before = await tableCounts();
    const codesBefore = await db()
      .select({ code: products.publicCode })
      .from(products)
      .orderBy(asc(products.slug));
    await seedDemoData(db());
    expect(await tableCounts()).toEqual(before);
    expect(
      await db().select({ code: products.publicCode }).from(products).orderBy(asc(products.slug)),
    ).toEqual(codesBefore);
    expect(await seedDemoDataIfEmpty(db())).toBe(false);
    expect(await tableCounts()).toEqual(before);
    expect(before.users).toBe(6);
    expect(before.trace_events).toBeGreaterThan(0);
  });
});
