import { and, eq, sql } from "drizzle-orm";
import { recordAudit } from "~/domain/audit/audit.server";
import { type Actor, isAdmin, managedCooperativeIds } from "~/domain/cooperatives/access.server";
import { conflict, invalid } from "~/domain/errors";
import { notifyCooperativeManagers } from "~/domain/messaging/outbox.server";
import { isRegionWithinScope } from "~/domain/regions/regions.server";
import {
  evidenceProblem,
  evidenceType,
  isEmptyUpload,
  type UploadedFile,
} from "~/domain/storage/images.server";
import { isStorageKey } from "~/domain/storage/keys";
import { deleteFilesQuietly, fileStorage, newStorageKey } from "~/domain/storage/storage.server";
import { todayInVietnam } from "~/utils/format";
import { type Db, db as defaultDb, rowsOf } from "~db/client.server";
import { cooperatives, ocopCertificates, products } from "~db/schema";
import { type CertificateFormInput, validateCertificateInput } from "./certificates";
import { findOwnedProduct, latestCertificate } from "./owned.server";
import { type ListingStatus, transition } from "./state";

/**
 * Records a new OCOP claim for a product: a new certificate row (older rows stay as history;
 * the newest is the current claim), unapproved, so its stars stay hidden until a reviewer
 * approves it. An approved listing goes back to review; a claim in another OCOP group moves
 * the product to that group. The evidence scan is required, except that a correction may keep
 * the previous claim's scan.
 */
export async function addCertificateClaim(
  actor: Actor,
  productId: string,
  input: CertificateFormInput,
  evidence: UploadedFile | null,
  { today = todayInVietnam() }: { today?: string } = {},
  tx: Db = defaultDb(),
): Promise<{ id: string; status: ListingStatus; statusChanged: boolean }> {
  const product = await findOwnedProduct(actor, productId, tx);
  if (product.status === "archived") throw conflict("manage.errors.archivedReadOnly");
  const previous = await latestCertificate(product.id, tx);

  const result = validateCertificateInput(input, today);
  const fieldErrors = result.ok ? {} : { ...result.fieldErrors };
  const hasFile = evidence && !isEmptyUpload(evidence);
  if (hasFile) {
    const problem = evidenceProblem(evidence);
    if (problem) fieldErrors.evidence = problem;
  } else if (!previous?.evidenceKey) {
    fieldErrors.evidence = "manage.errors.evidenceRequired";
  }
  if (!result.ok || Object.keys(fieldErrors).length) throw invalid("validation.formSummary", fieldErrors);
  const data = result.data;

  let newKey: string | null = null;
  if (hasFile) {
    const type = evidenceType(evidence);
    if (!type || !evidence.bytes)
      throw invalid("validation.formSummary", { evidence: "manage.errors.notImageOrPdf" });
    newKey = newStorageKey("certificates", type.ext);
    await fileStorage().put(newKey, evidence.bytes, type.mime);
  }

  try {
    return await tx.transaction(async (t) => {
      const locked = await findOwnedProduct(actor, productId, t, { lock: true });
      if (locked.status === "archived") throw conflict("manage.errors.archivedReadOnly");
      const [row] = await t
        .insert(ocopCertificates)
        .values({
          productId: locked.id,
          stars: data.stars,
          score: data.score,
          decisionNo: data.decisionNo,
          decisionDate: data.decisionDate,
          authority: data.authority,
          ocopGroup: data.ocopGroup,
          expiresOn: data.expiresOn,
          evidenceKey: newKey ?? previous?.evidenceKey ?? null,
        })
        .returning({ id: ocopCertificates.id });
      if (!row) throw new Error("certificate insert returned nothing");
      const status = transition(locked.status, "claim_changed") ?? locked.status;
      const groupChanged = data.ocopGroup !== locked.ocopGroup;
      if (status !== locked.status || groupChanged) {
        await t
          .update(products)
          .set({
            status,
            ocopGroup: data.ocopGroup,
            ...(status === "submitted" && locked.status !== "submitted" ? { submittedAt: new Date() } : {}),
          })
          .where(eq(products.id, locked.id));
      }
      await recordAudit(
        {
          actorId: actor.id,
          action: "certificate.claimed",
          entityType: "product",
          entityId: locked.id,
          data: {
            certificateId: row.id,
            stars: data.stars,
            score: data.score,
            decisionNo: data.decisionNo,
            decisionDate: data.decisionDate,
            newEvidence: newKey !== null,
            ...(groupChanged ? { groupFrom: locked.ocopGroup, groupTo: data.ocopGroup } : {}),
            ...(status !== locked.status ? { from: locked.status, to: status } : {}),
          },
        },
        t,
      );
      return { id: row.id, status, statusChanged: status !== locked.status };
    });
  } catch (error) {
    if (newKey) await deleteFilesQuietly([newKey]);
    throw error;
  }
}

/**
 * Sends approved listings whose current certificate has expired back to review (their stars
 * are hidden by visibleStars meanwhile), with an audit entry and a message to the cooperative's
 * managers. Meant for a daily background job; running it twice changes nothing more.
 */
export async function expireCertificates(
  today: string = todayInVietnam(),
  tx: Db = defaultDb(),
): Promise<{ expired: string[] }> {
  const due = rowsOf<{
    id: string;
    name: string;
    cooperative_id: string;
    certificate_id: string;
    expires_on: string;
  }>(
    await tx.execute(sql`
      select p.id, p.name, p.cooperative_id, c.id as certificate_id, c.expires_on::text as expires_on
      from products p
      join lateral (
        select id, expires_on from ocop_certificates
        where product_id = p.id
        order by created_at desc, id desc
        limit 1
      ) c on true
      where p.status = 'approved' and c.expires_on < ${today}::date`),
  );
  const next = transition("approved", "certificate_expired");
  if (!next) return { expired: [] };
  const expired: string[] = [];
  for (const row of due) {
    const changed = await tx.transaction(async (t) => {
      // Only if still approved: a manager or reviewer may have acted since the look-up.
      const [updated] = await t
        .update(products)
        .set({ status: next, submittedAt: new Date() })
        .where(and(eq(products.id, row.id), eq(products.status, "approved")))
        .returning({ id: products.id });
      if (!updated) return false;
      await recordAudit(
        {
          actorId: null,
          action: "listing.certificate_expired",
          entityType: "product",
          entityId: row.id,
          data: { certificateId: row.certificate_id, expiresOn: row.expires_on, from: "approved", to: next },
        },
        t,
      );
      await notifyCooperativeManagers(row.cooperative_id, "certificateExpired", { product: row.name }, t);
      return true;
    });
    if (changed) expired.push(row.id);
  }
  return { expired };
}

/**
 * Whether the actor may see a certificate scan: the owning cooperative's managers, reviewers
 * whose region covers the cooperative, and admins. A key no certificate uses is refused.
 */
export async function mayViewEvidence(
  actor: Actor | null,
  key: string,
  tx: Db = defaultDb(),
): Promise<boolean> {
  if (!actor || !isStorageKey(key)) return false;
  const owners = await tx
    .selectDistinct({ cooperativeId: cooperatives.id, regionId: cooperatives.regionId })
    .from(ocopCertificates)
    .innerJoin(products, eq(products.id, ocopCertificates.productId))
    .innerJoin(cooperatives, eq(cooperatives.id, products.cooperativeId))
    .where(eq(ocopCertificates.evidenceKey, key));
  if (!owners.length) return false;
  if (isAdmin(actor)) return true;
  const managed = new Set(managedCooperativeIds(actor));
  if (owners.some((o) => managed.has(o.cooperativeId))) return true;
  const scopes = actor.memberships.flatMap((m) => (m.role === "reviewer" && m.regionId ? [m.regionId] : []));
  for (const owner of owners) {
    for (const scope of scopes) {
      if (await isRegionWithinScope(owner.regionId, scope, tx)) return true;
    }
  }
  return false;
}
