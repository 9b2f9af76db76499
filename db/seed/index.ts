import { and, eq, inArray, sql } from "drizzle-orm";
import { hashPassword } from "../../app/domain/accounts/password.server";
import { randomPublicCode } from "../../app/domain/labels/public-code";
import { upsertRegions } from "../../app/domain/regions/regions.server";
import { appendTraceEvent, listBatchEvents } from "../../app/domain/trace/events.server";
import { diarySteps, labTestDisposition } from "../../app/domain/trace/vocabulary";
import type { Db } from "../client.server";
import { rowsOf } from "../client.server";
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
} from "../schema";
import { DEMO_PASSWORD, demoAccounts } from "./accounts";
import { seedBatches } from "./data/batches";
import { seedCooperatives } from "./data/cooperatives";
import { type SeedProduct, seedProducts } from "./data/products";
import { seedRegions } from "./data/regions";

export { DEMO_PASSWORD, type DemoAccount, demoAccounts } from "./accounts";

// Who reviewed each cooperative's listings: the officer whose area covers it, else the admin.
const reviewerEmailByCooperative: Record<string, string> = {
  "htx-ruou-men-la-thanh-tam": "canbo.chodon@ocop.test",
  "htx-che-van-ho": "canbo.sonla@ocop.test",
  "htx-mat-ong-phu-yen": "canbo.sonla@ocop.test",
};
const ADMIN_EMAIL = "admin@ocop.test";

const localTime = (isoDate: string, time: string) => new Date(`${isoDate}T${time}+07:00`);

function addDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Decision date + 36 months; the demo decisions fall on days every month has. */
function certificateExpiry(decisionDate: string): string {
  return `${Number(decisionDate.slice(0, 4)) + 3}${decisionDate.slice(4)}`;
}

const must = <T>(value: T | undefined, what: string): T => {
  if (value === undefined) throw new Error(`Demo data refers to an unknown ${what}`);
  return value;
};

async function regionIdsByKey(tx: Db): Promise<Map<string, string>> {
  const rows = await tx
    .select({ id: regions.id, scheme: regions.scheme, level: regions.level, code: regions.code })
    .from(regions);
  return new Map(rows.map((r) => [`${r.scheme}/${r.level}/${r.code}`, r.id]));
}

async function seedCooperativeRows(tx: Db, regionIds: Map<string, string>): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const c of seedCooperatives) {
    const [found] = await tx
      .select({ id: cooperatives.id })
      .from(cooperatives)
      .where(eq(cooperatives.slug, c.slug));
    if (found) {
      ids.set(c.slug, found.id);
      continue;
    }
    const [row] = await tx
      .insert(cooperatives)
      .values({
        slug: c.slug,
        name: c.name,
        taxCode: c.taxCode,
        regionId: must(regionIds.get(`legacy/commune/${c.communeCode}`), `commune ${c.communeCode}`),
        street: c.street,
        phone: c.phone,
        email: c.email,
        story: c.story,
        bankBin: c.bankBin,
        bankAccountNo: c.bankAccountNo,
        bankAccountName: c.bankAccountName,
      })
      .returning({ id: cooperatives.id });
    ids.set(c.slug, must(row, "cooperative insert").id);
  }
  return ids;
}

async function seedAccounts(
  tx: Db,
  cooperativeIds: Map<string, string>,
  regionIds: Map<string, string>,
): Promise<Map<string, string>> {
  const emails = demoAccounts.map((a) => a.email);
  const existing = await tx
    .select({ id: users.id, email: users.email })
    .from(users)
    .where(inArray(users.email, emails));
  const ids = new Map(existing.map((u) => [u.email ?? "", u.id]));
  // scrypt is deliberately slow: hash once per run, and only when an account is missing.
  let passwordHash: string | undefined;
  for (const account of demoAccounts) {
    let userId = ids.get(account.email);
    if (!userId) {
      passwordHash ??= await hashPassword(DEMO_PASSWORD);
      const [row] = await tx
        .insert(users)
        .values({
          email: account.email,
          phone: account.phone,
          name: account.name,
          passwordHash,
          locale: "vi",
        })
        .returning({ id: users.id });
      userId = must(row, "user insert").id;
      ids.set(account.email, userId);
    }
    const scope = account.scope;
    await tx
      .insert(memberships)
      .values({
        userId,
        role: account.role,
        cooperativeId:
          scope && "cooperativeSlug" in scope
            ? must(cooperativeIds.get(scope.cooperativeSlug), `cooperative ${scope.cooperativeSlug}`)
            : null,
        regionId:
          scope && "region" in scope
            ? must(
                regionIds.get(`${scope.region.scheme}/${scope.region.level}/${scope.region.code}`),
                `region ${scope.region.code}`,
              )
            : null,
      })
      .onConflictDoNothing();
  }
  return ids;
}

async function seedReview(
  tx: Db,
  p: SeedProduct,
  productId: string,
  certificateId: string | null,
  userIds: Map<string, string>,
) {
  if (p.status !== "approved" && p.status !== "changes_requested") return;
  const [reviewed] = await tx
    .select({ id: listingReviews.id })
    .from(listingReviews)
    .where(eq(listingReviews.productId, productId))
    .limit(1);
  if (reviewed) return;
  const reviewerEmail = reviewerEmailByCooperative[p.cooperativeSlug] ?? ADMIN_EMAIL;
  const reviewedOn = p.approvedOn ?? addDays(must(p.submittedOn ?? undefined, "submission date"), 2);
  await tx.insert(listingReviews).values({
    productId,
    certificateId,
    reviewerId: must(userIds.get(reviewerEmail), `account ${reviewerEmail}`),
    decision: p.status === "approved" ? "approved" : "changes_requested",
    reason: p.status === "approved" ? null : must(p.changesRequested, `reason for ${p.slug}`),
    createdAt: localTime(reviewedOn, "14:00:00"),
  });
}

async function seedProductRows(
  tx: Db,
  cooperativeIds: Map<string, string>,
  userIds: Map<string, string>,
): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const p of seedProducts) {
    const publishedAt = p.approvedOn ? localTime(p.approvedOn, "14:00:00") : null;
    let [found] = await tx.select({ id: products.id }).from(products).where(eq(products.slug, p.slug));
    if (!found) {
      [found] = await tx
        .insert(products)
        .values({
          cooperativeId: must(cooperativeIds.get(p.cooperativeSlug), `cooperative ${p.cooperativeSlug}`),
          slug: p.slug,
          name: p.name,
          description: p.description,
          ocopGroup: p.ocopGroup,
          unit: p.unit,
          priceVnd: p.priceVnd,
          gtin: p.gtin,
          publicCode: randomPublicCode(),
          status: p.status,
          submittedAt: p.submittedOn ? localTime(p.submittedOn, "09:00:00") : null,
          publishedAt: p.status === "approved" ? publishedAt : null,
          // Dated as if listed back then, so "listed since" figures look like a real history.
          ...(p.submittedOn ? { createdAt: localTime(p.submittedOn, "08:00:00") } : {}),
        })
        .returning({ id: products.id });
    }
    const productId = must(found, "product insert").id;
    ids.set(p.slug, productId);

    let certificateId: string | null = null;
    if (p.certificate) {
      const c = p.certificate;
      let [cert] = await tx
        .select({ id: ocopCertificates.id })
        .from(ocopCertificates)
        .where(and(eq(ocopCertificates.productId, productId), eq(ocopCertificates.decisionNo, c.decisionNo)));
      if (!cert) {
        [cert] = await tx
          .insert(ocopCertificates)
          .values({
            productId,
            stars: c.stars,
            score: c.score,
            decisionNo: c.decisionNo,
            decisionDate: c.decisionDate,
            authority: c.authority,
            ocopGroup: p.ocopGroup,
            expiresOn: certificateExpiry(c.decisionDate),
            approvedAt: p.status === "approved" ? publishedAt : null,
          })
          .returning({ id: ocopCertificates.id });
      }
      certificateId = must(cert, "certificate insert").id;
    }
    await seedReview(tx, p, productId, certificateId, userIds);
  }
  return ids;
}

async function seedBatchRows(
  tx: Db,
  productIds: Map<string, string>,
  userIds: Map<string, string>,
  regionIds: Map<string, string>,
) {
  const cooperativeOf = new Map(seedProducts.map((p) => [p.slug, p.cooperativeSlug]));
  const batchIds = new Map<string, string>();
  for (const b of seedBatches) {
    const productId = must(productIds.get(b.productSlug), `product ${b.productSlug}`);
    let [found] = await tx
      .select({ id: batches.id })
      .from(batches)
      .where(and(eq(batches.productId, productId), eq(batches.lot, b.lot)));
    if (!found) {
      [found] = await tx
        .insert(batches)
        .values({
          productId,
          lot: b.lot,
          status: b.status,
          quantity: b.quantity,
          quantityAvailable: b.quantityAvailable,
          producedOn: b.producedOn,
          bestBefore: b.bestBefore,
          publicCode: randomPublicCode(),
          releasedAt: b.releasedAt ? new Date(b.releasedAt) : null,
          createdAt: new Date(must(b.events[0], `first event of ${b.lot}`).at),
        })
        .returning({ id: batches.id });
    }
    const batchId = must(found, "batch insert").id;
    batchIds.set(`${b.productSlug}/${b.lot}`, batchId);

    // The diary is append-only, so a batch that already has entries is left exactly as it is.
    let events = await listBatchEvents(batchId, tx);
    if (events.length === 0) {
      const cooperative = must(
        seedCooperatives.find((c) => c.slug === cooperativeOf.get(b.productSlug)),
        `cooperative of ${b.productSlug}`,
      );
      const regionId = must(regionIds.get(`legacy/commune/${cooperative.communeCode}`), "commune");
      const recordedBy = b.recordedByEmail
        ? must(userIds.get(b.recordedByEmail), `account ${b.recordedByEmail}`)
        : null;
      for (const e of b.events) {
        const step = diarySteps[e.kind];
        events.push(
          await appendTraceEvent(
            {
              batchId,
              kind: e.kind,
              eventType: step.eventType,
              bizStep: step.bizStep,
              disposition:
                e.kind === "lab_test" ? labTestDisposition(e.details.pass === true) : step.disposition,
              eventTime: new Date(e.at),
              regionId,
              placeText: cooperative.place.text,
              latitude: cooperative.place.latitude,
              longitude: cooperative.place.longitude,
              details: e.details,
              recordedBy,
            },
            tx,
          ),
        );
      }
      events = events.sort((x, y) => x.seq - y.seq);
    }

    if (b.inputs?.length) {
      const [linked] = await tx
        .select({ id: batchInputs.id })
        .from(batchInputs)
        .where(eq(batchInputs.outputBatchId, batchId))
        .limit(1);
      if (!linked) {
        for (const input of b.inputs) {
          await tx.insert(batchInputs).values({
            outputBatchId: batchId,
            inputBatchId: must(batchIds.get(`${input.productSlug}/${input.lot}`), `batch ${input.lot}`),
            eventId: events.find((e) => e.seq === input.eventIndex + 1)?.id ?? null,
            quantity: input.quantity,
          });
        }
      }
    }
  }
}

/**
 * Demo data. Idempotent: every record is looked up by its natural key (email, slug, product and
 * lot; a batch's diary as a whole) and only what is missing is added, so running it again
 * changes nothing. Uses the real domain code for regions, passwords and trace events.
 */
export async function seedDemoData(db: Db): Promise<void> {
  await db.transaction(async (tx) => {
    await upsertRegions(
      seedRegions.map((r) => ({ ...r, code: r.code ?? `${r.scheme}-${r.level}-${r.name}` })),
      tx,
    );
    const regionIds = await regionIdsByKey(tx);
    const cooperativeIds = await seedCooperativeRows(tx, regionIds);
    const userIds = await seedAccounts(tx, cooperativeIds, regionIds);
    const productIds = await seedProductRows(tx, cooperativeIds, userIds);
    await seedBatchRows(tx, productIds, userIds, regionIds);
  });
}

/** Seeds only a database without users (first start); true when it seeded. */
export async function seedDemoDataIfEmpty(db: Db): Promise<boolean> {
  const [row] = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from users`));
  if ((row?.n ?? 0) > 0) return false;
  await seedDemoData(db);
  return true;
}

export interface DemoDataCounts {
  users: number;
  cooperatives: number;
  products: number;
  batches: number;
  events: number;
}

/** Row counts of the main tables, for the seed script's summary. */
export async function countDemoData(db: Db): Promise<DemoDataCounts> {
  const [row] = rowsOf<DemoDataCounts>(
    await db.execute(sql`select
      (select count(*)::int from users) as users,
      (select count(*)::int from cooperatives) as cooperatives,
      (select count(*)::int from products) as products,
      (select count(*)::int from batches) as batches,
      (select count(*)::int from trace_events) as events`),
  );
  return must(row, "count row");
}
