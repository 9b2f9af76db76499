import { and, count, desc, eq, inArray, ne } from "drizzle-orm";
import { type CertificateState, certificateState, daysUntil } from "~/domain/listings/ocop";
import { latestCertificatesOf } from "~/domain/listings/products.server";
import { type ListingStatus, listingStatuses } from "~/domain/listings/state";
import { countSellerShipments } from "~/domain/orders/read.server";
import { countPendingTransfers } from "~/domain/orders/transfers.server";
import { batchesWaitingForRelease } from "~/domain/trace/batches.server";
import { type Db, db as defaultDb } from "~db/client.server";
import { listingReviews, products } from "~db/schema";
import { type Actor, assertManagesCooperative, managedCooperativeCondition } from "./access.server";

export interface Dashboard {
  counts: Record<ListingStatus, number>;
  /** Listings a reviewer sent back, with the reviewer's reason. */
  needsChanges: {
    id: string;
    name: string;
    status: "changes_requested" | "rejected";
    reason: string | null;
  }[];
  /** Certificates that have expired or expire within the warning window, soonest first. */
  certificates: { id: string; name: string; expiresOn: string; state: CertificateState; daysLeft: number }[];
  /** Drafts not yet sent for review, and whether each has its OCOP claim yet. */
  drafts: { id: string; name: string; hasCertificate: boolean }[];
  /** Batches still being recorded, oldest production date first. */
  waitingRelease: { id: string; lot: string; productName: string }[];
  /** Orders paid (or cash on delivery) whose parcel is not packed yet. */
  toPack: number;
  /** Bank transfers to the cooperative's account that wait for a manager to confirm them. */
  transfersToConfirm: number;
}

/** Today's to-dos of a cooperative's manager. */
export async function managerDashboard(
  actor: Actor,
  cooperativeId: string,
  today: string,
  tx: Db = defaultDb(),
): Promise<Dashboard> {
  await assertManagesCooperative(actor, cooperativeId, tx);
  const owned = and(
    eq(products.cooperativeId, cooperativeId),
    managedCooperativeCondition(actor, products.cooperativeId),
  );
  const [statusCounts, live] = await Promise.all([
    tx.select({ status: products.status, n: count() }).from(products).where(owned).groupBy(products.status),
    tx
      .select({ id: products.id, name: products.name, status: products.status })
      .from(products)
      .where(and(owned, ne(products.status, "archived")))
      .orderBy(desc(products.updatedAt)),
  ]);
  const counts = Object.fromEntries(listingStatuses.map((s) => [s, 0])) as Record<ListingStatus, number>;
  for (const row of statusCounts) counts[row.status] = row.n;

  const sentBack = live.filter(
    (p): p is typeof p & { status: "changes_requested" | "rejected" } =>
      p.status === "changes_requested" || p.status === "rejected",
  );
  const [certs, reviews] = await Promise.all([
    latestCertificatesOf(
      live.map((p) => p.id),
      tx,
    ),
    sentBack.length
      ? tx
          .selectDistinctOn([listingReviews.productId], {
            productId: listingReviews.productId,
            reason: listingReviews.reason,
          })
          .from(listingReviews)
          .where(
            inArray(
              listingReviews.productId,
              sentBack.map((p) => p.id),
            ),
          )
          .orderBy(listingReviews.productId, desc(listingReviews.createdAt))
      : Promise.resolve([]),
  ]);
  const reasonOf = new Map(reviews.map((r) => [r.productId, r.reason]));
  const waitingRelease = await batchesWaitingForRelease(actor, cooperativeId, tx);
  const toPack = await countSellerShipments(actor, "to_pack", cooperativeId, tx);
  const transfersToConfirm = await countPendingTransfers(cooperativeId, tx);

  const certificates = live
    .flatMap((p) => {
      const cert = certs.get(p.id);
      if (!cert) return [];
      const state = certificateState(cert.expiresOn, today);
      return state === "valid"
        ? []
        : [
            {
              id: p.id,
              name: p.name,
              expiresOn: cert.expiresOn,
              state,
              daysLeft: daysUntil(cert.expiresOn, today),
            },
          ];
    })
    .sort((a, b) => a.daysLeft - b.daysLeft);

  return {
    counts,
    needsChanges: sentBack.map((p) => ({
      id: p.id,
      name: p.name,
      status: p.status,
      reason: reasonOf.get(p.id) ?? null,
    })),
    certificates,
    drafts: live
      .filter((p) => p.status === "draft")
      .map((p) => ({ id: p.id, name: p.name, hasCertificate: certs.has(p.id) })),
    waitingRelease: waitingRelease.map((b) => ({ id: b.id, lot: b.lot, productName: b.productName })),
    toPack,
    transfersToConfirm,
  };
}
