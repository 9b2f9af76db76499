import { and, asc, Column, count, desc, eq, getTableName, is, type SQL, sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { alias } from "drizzle-orm/pg-core";
import { todayInVietnam } from "~/utils/format";
import { type Db, db as defaultDb } from "~db/client.server";
import {
  cooperatives,
  listingReviews,
  ocopCertificates,
  productPhotos,
  products,
  regions,
  users,
} from "~db/schema";
import { recordAudit } from "../audit/audit.server";
import { conflict, forbidden, invalid, notFound } from "../errors";
import { notifyCooperativeManagers } from "../messaging/outbox.server";
import type { MessageTemplate } from "../messaging/render";
import { certificateState } from "./ocop";
import { type QueueStatus, queueStatuses, REASON_MAX_LENGTH, REASON_MIN_LENGTH } from "./review";
import { decisionAction, type ListingStatus, type ReviewDecision, reasonRequired, transition } from "./state";

/** Who is reviewing: only the id is trusted; scopes and roles are read from the database in each query. */
export { type QueueStatus, queueStatuses } from "./review";

export interface Reviewer {
  id: string;
}

export const QUEUE_PAGE_SIZE = 25;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A column written with its table name. Drizzle leaves columns unqualified in the select list of
 * a single-table query, where inside these subqueries they would bind to the wrong table.
 */
function qualified(ref: AnyPgColumn | SQL): SQL {
  return is(ref, Column) ? sql`${sql.identifier(getTableName(ref.table))}.${sql.identifier(ref.name)}` : ref;
}

/**
 * The one scope test: a cooperative's region lies inside one of the reviewer's region subtrees,
 * directly or through the current unit that took over a legacy one.
 */
export function inReviewerScope(reviewerId: string, regionId: AnyPgColumn | SQL): SQL<boolean> {
  return sql<boolean>`exists (
    select 1 from memberships scope_m
    join regions scope_s on scope_s.id = scope_m.region_id
    join regions scope_r on scope_r.id = ${qualified(regionId)}
    left join regions scope_succ on scope_succ.id = scope_r.successor_id
    where scope_m.user_id = ${reviewerId} and scope_m.role = 'reviewer'
      and (scope_r.path like scope_s.path || '%' or scope_succ.path like scope_s.path || '%'))`;
}

/** A reviewer never decides on the listings of a cooperative they manage themselves. */
export function managesCooperative(userId: string, cooperativeId: AnyPgColumn | SQL): SQL<boolean> {
  return sql<boolean>`exists (
    select 1 from memberships own_m
    where own_m.user_id = ${userId} and own_m.role = 'manager' and own_m.cooperative_id = ${qualified(cooperativeId)})`;
}

/** Where a cooperative is, by names: commune, district (legacy only), province, and today's unit for a legacy one. */
export interface Place {
  commune: string | null;
  district: string | null;
  province: string | null;
  legacy: boolean;
  currentCommune: string | null;
  currentProvince: string | null;
}

/** The cooperative's region and its successor, joined under these names wherever a place is shown. */
export const coopRegion = alias(regions, "coop_region");
export const coopRegionSuccessor = alias(regions, "coop_region_successor");

/** Columns naming the levels above (and including) `coopRegion`, and of its successor. */
export function placeColumns() {
  const r = coopRegion;
  const succ = coopRegionSuccessor;
  const ancestor = (path: AnyPgColumn, level: "province" | "district" | "commune") =>
    sql<string | null>`(select anc.name from regions anc
      where ${qualified(path)} like anc.path || '%' and anc.level = ${level} order by length(anc.path) desc limit 1)`;
  return {
    commune: ancestor(r.path, "commune"),
    district: ancestor(r.path, "district"),
    province: ancestor(r.path, "province"),
    scheme: r.scheme,
    currentCommune: succ.name,
    currentProvince: ancestor(succ.path, "province"),
  };
}

export function toPlace(row: {
  commune: string | null;
  district: string | null;
  province: string | null;
  scheme: "current" | "legacy";
  currentCommune: string | null;
  currentProvince: string | null;
}): Place {
  return {
    commune: row.commune,
    district: row.district,
    province: row.province,
    legacy: row.scheme === "legacy",
    currentCommune: row.currentCommune,
    currentProvince: row.currentProvince,
  };
}

const newestCertificateStars = sql<number | null>`(select c.stars from ocop_certificates c
  where c.product_id = ${qualified(products.id)} order by c.created_at desc, c.id desc limit 1)`;

export interface QueueItem {
  productId: string;
  productName: string;
  status: ListingStatus;
  cooperativeName: string;
  place: Place;
  submittedAt: Date | null;
  claimedStars: number | null;
}

/**
 * Listings of cooperatives inside any of the reviewer's areas, oldest submission first, leaving
 * out the cooperatives the reviewer manages; with the count in each state for the tabs.
 */
export async function listReviewQueue(
  reviewer: Reviewer,
  { status = "submitted", page = 1 }: { status?: QueueStatus; page?: number } = {},
  tx: Db = defaultDb(),
) {
  const r = coopRegion;
  const succ = coopRegionSuccessor;
  const visible = and(
    inReviewerScope(reviewer.id, cooperatives.regionId),
    sql`not ${managesCooperative(reviewer.id, cooperatives.id)}`,
  );
  const current = Math.max(1, Math.floor(page));
  const [rows, counted] = await Promise.all([
    tx
      .select({
        productId: products.id,
        productName: products.name,
        status: products.status,
        submittedAt: products.submittedAt,
        cooperativeName: cooperatives.name,
        claimedStars: newestCertificateStars,
        ...placeColumns(),
      })
      .from(products)
      .innerJoin(cooperatives, eq(cooperatives.id, products.cooperativeId))
      .innerJoin(r, eq(r.id, cooperatives.regionId))
      .leftJoin(succ, eq(succ.id, r.successorId))
      .where(and(eq(products.status, status), visible))
      .orderBy(sql`${products.submittedAt} asc nulls last`, asc(products.createdAt), asc(products.id))
      .limit(QUEUE_PAGE_SIZE)
      .offset((current - 1) * QUEUE_PAGE_SIZE),
    tx
      .select({ status: products.status, n: count() })
      .from(products)
      .innerJoin(cooperatives, eq(cooperatives.id, products.cooperativeId))
      .where(visible)
      .groupBy(products.status),
  ]);
  const counts = Object.fromEntries(queueStatuses.map((s) => [s, 0])) as Record<QueueStatus, number>;
  for (const c of counted) if (c.status in counts) counts[c.status as QueueStatus] = c.n;
  const items: QueueItem[] = rows.map((row) => ({
    productId: row.productId,
    productName: row.productName,
    status: row.status,
    cooperativeName: row.cooperativeName,
    submittedAt: row.submittedAt,
    claimedStars: row.claimedStars === null ? null : Number(row.claimedStars),
    place: toPlace(row),
  }));
  const total = counts[status];
  return {
    status,
    page: current,
    pageSize: QUEUE_PAGE_SIZE,
    total,
    pageCount: Math.max(1, Math.ceil(total / QUEUE_PAGE_SIZE)),
    items,
    counts,
  };
}

/** Whether the user has at least one review area at all (an empty queue means something else then). */
export async function reviewAreaNames(reviewer: Reviewer, tx: Db = defaultDb()) {
  const rows = await tx.execute(sql`
    select s.name, s.level, s.scheme from memberships m join regions s on s.id = m.region_id
    where m.user_id = ${reviewer.id} and m.role = 'reviewer' order by s.name`);
  const list = (Array.isArray(rows) ? rows : (rows as { rows: unknown[] }).rows) as Array<{
    name: string;
    level: "province" | "district" | "commune";
    scheme: "current" | "legacy";
  }>;
  return list;
}

/** Loads a product with the scope verdicts; throws not found, out of scope, or own cooperative. */
async function loadScopedProduct(reviewer: Reviewer, productId: string, tx: Db, lock: boolean) {
  if (!UUID.test(productId)) throw notFound();
  const r = coopRegion;
  const succ = coopRegionSuccessor;
  const query = tx
    .select({
      id: products.id,
      name: products.name,
      description: products.description,
      priceVnd: products.priceVnd,
      unit: products.unit,
      gtin: products.gtin,
      ocopGroup: products.ocopGroup,
      status: products.status,
      submittedAt: products.submittedAt,
      publishedAt: products.publishedAt,
      cooperativeId: cooperatives.id,
      cooperativeName: cooperatives.name,
      cooperativeSlug: cooperatives.slug,
      cooperativePhone: cooperatives.phone,
      cooperativeTaxCode: cooperatives.taxCode,
      inScope: inReviewerScope(reviewer.id, cooperatives.regionId),
      ownCooperative: managesCooperative(reviewer.id, cooperatives.id),
      ...placeColumns(),
    })
    .from(products)
    .innerJoin(cooperatives, eq(cooperatives.id, products.cooperativeId))
    .innerJoin(r, eq(r.id, cooperatives.regionId))
    .leftJoin(succ, eq(succ.id, r.successorId))
    .where(eq(products.id, productId));
  // The row lock serialises decisions on one listing: a second reviewer waits, then sees the new state.
  const [row] = lock ? await query.for("update", { of: products }) : await query;
  if (!row) throw notFound();
  if (!row.inScope) throw forbidden("review.errors.outOfScope");
  if (row.ownCooperative) throw forbidden("review.errors.ownCooperative");
  return row;
}

async function newestCertificate(productId: string, tx: Db) {
  const [cert] = await tx
    .select()
    .from(ocopCertificates)
    .where(eq(ocopCertificates.productId, productId))
    .orderBy(desc(ocopCertificates.createdAt), desc(ocopCertificates.id))
    .limit(1);
  return cert ?? null;
}

async function decisionsOf(productId: string, tx: Db) {
  return tx
    .select({
      id: listingReviews.id,
      decision: listingReviews.decision,
      reason: listingReviews.reason,
      createdAt: listingReviews.createdAt,
      reviewerName: users.name,
    })
    .from(listingReviews)
    .innerJoin(users, eq(users.id, listingReviews.reviewerId))
    .where(eq(listingReviews.productId, productId))
    .orderBy(desc(listingReviews.createdAt), desc(listingReviews.id));
}

/** Everything a reviewer needs to judge one listing: the claim, its evidence, the product, its history. */
export async function getReviewCase(reviewer: Reviewer, productId: string, tx: Db = defaultDb()) {
  const row = await loadScopedProduct(reviewer, productId, tx, false);
  const [certificate, photos, decisions] = await Promise.all([
    newestCertificate(row.id, tx),
    tx
      .select({
        storageKey: productPhotos.storageKey,
        width: productPhotos.width,
        height: productPhotos.height,
        alt: productPhotos.alt,
      })
      .from(productPhotos)
      .where(eq(productPhotos.productId, row.id))
      .orderBy(asc(productPhotos.position), asc(productPhotos.createdAt)),
    decisionsOf(row.id, tx),
  ]);
  return {
    product: {
      id: row.id,
      name: row.name,
      description: row.description,
      priceVnd: row.priceVnd,
      unit: row.unit,
      gtin: row.gtin,
      ocopGroup: row.ocopGroup,
      status: row.status,
      submittedAt: row.submittedAt,
      publishedAt: row.publishedAt,
    },
    certificate: certificate
      ? {
          id: certificate.id,
          stars: certificate.stars,
          score: certificate.score,
          decisionNo: certificate.decisionNo,
          decisionDate: certificate.decisionDate,
          authority: certificate.authority,
          ocopGroup: certificate.ocopGroup,
          expiresOn: certificate.expiresOn,
          evidenceKey: certificate.evidenceKey,
          approvedAt: certificate.approvedAt,
        }
      : null,
    cooperative: {
      id: row.cooperativeId,
      name: row.cooperativeName,
      slug: row.cooperativeSlug,
      phone: row.cooperativePhone,
      taxCode: row.cooperativeTaxCode,
      place: toPlace(row),
    },
    photos,
    decisions,
    /** Whether a decision can be taken now. */
    decidable: transition(row.status, "approve") !== null,
  };
}

export interface DecisionInput {
  productId: string;
  decision: ReviewDecision;
  reason?: string | null;
  /** The status the reviewer saw; a different one means someone else acted first. */
  expectedStatus?: ListingStatus;
  /** The submission the reviewer saw (ISO time); a newer one means the claim was sent again since. */
  expectedSubmittedAt?: string | null;
}

const templateFor: Record<ReviewDecision, MessageTemplate> = {
  approved: "listingApproved",
  changes_requested: "listingChangesRequested",
  rejected: "listingRejected",
};

/** The written reason, checked: required (≥ 5 characters) when asking for changes or rejecting. */
export function checkReason(decision: ReviewDecision, reason: string | null | undefined): string | null {
  const text = (reason ?? "").trim();
  if (text.length > REASON_MAX_LENGTH)
    throw invalid("validation.formSummary", { reason: "review.errors.reasonTooLong" });
  if (!reasonRequired(decision)) return text || null;
  if (text.length === 0) throw invalid("validation.formSummary", { reason: "review.errors.reasonRequired" });
  if (text.length < REASON_MIN_LENGTH)
    throw invalid("validation.formSummary", { reason: "review.errors.reasonTooShort" });
  return text;
}

/**
 * Records a reviewer's decision on a listing, in one transaction: the listing row is locked, the
 * scope re-checked, the state machine consulted; then the review, the new status, the certificate
 * approval, the audit entry and the managers' messages are written together. When another
 * reviewer decided first, throws a conflict naming them.
 */
export async function decideListing(reviewer: Reviewer, input: DecisionInput, tx: Db = defaultDb()) {
  const reason = checkReason(input.decision, input.reason);
  return tx.transaction(async (t) => {
    const product = await loadScopedProduct(reviewer, input.productId, t, true);
    const next = transition(product.status, decisionAction[input.decision]);
    const statusMoved = input.expectedStatus !== undefined && input.expectedStatus !== product.status;
    if (next === null || statusMoved) {
      const [latest] = await decisionsOf(product.id, t);
      if (latest) {
        throw conflict("review.errors.alreadyDecided", {
          by: latest.reviewerName,
          at: latest.createdAt.toISOString(),
          decision: latest.decision,
        });
      }
      throw conflict("review.errors.notAwaitingReview");
    }
    if (
      input.expectedSubmittedAt &&
      product.submittedAt &&
      product.submittedAt.getTime() !== new Date(input.expectedSubmittedAt).getTime()
    ) {
      throw conflict("review.errors.changedSinceOpened");
    }
    const certificate = await newestCertificate(product.id, t);
    if (input.decision === "approved") {
      if (!certificate)
        throw invalid("review.errors.noCertificate", { decision: "review.errors.noCertificate" });
      if (certificateState(certificate.expiresOn, todayInVietnam()) === "expired") {
        throw invalid("review.errors.certificateExpired", { decision: "review.errors.certificateExpired" });
      }
    }
    const [review] = await t
      .insert(listingReviews)
      .values({
        productId: product.id,
        certificateId: certificate?.id ?? null,
        reviewerId: reviewer.id,
        decision: input.decision,
        reason,
      })
      .returning({ id: listingReviews.id, createdAt: listingReviews.createdAt });
    await t
      .update(products)
      .set({
        status: next,
        ...(next === "approved" ? { publishedAt: sql`coalesce(${products.publishedAt}, now())` } : {}),
      })
      .where(eq(products.id, product.id));
    if (input.decision === "approved" && certificate) {
      await t
        .update(ocopCertificates)
        .set({ approvedAt: sql`now()` })
        .where(eq(ocopCertificates.id, certificate.id));
    }
    await recordAudit(
      {
        actorId: reviewer.id,
        action: `listing.${input.decision}`,
        entityType: "product",
        entityId: product.id,
        data: {
          product: product.name,
          from: product.status,
          to: next,
          certificateId: certificate?.id ?? null,
          decisionNo: certificate?.decisionNo ?? null,
          reason,
        },
      },
      t,
    );
    await notifyCooperativeManagers(
      product.cooperativeId,
      templateFor[input.decision],
      { product: product.name, reason },
      t,
    );
    return { reviewId: review?.id ?? "", status: next, productName: product.name };
  });
}
