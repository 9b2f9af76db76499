/**
 * The cooperative manager's side of traceability: batches, their diary, release and hold.
 * Every function takes the acting user and keeps to the batches of cooperatives that user may
 * manage (access.server.ts, inside each query's where): another cooperative's batch is simply
 * not found. Diary entries go through appendTraceEvent, the one writer of trace events.
 */
import { and, asc, count, desc, eq, inArray, ne, sql } from "drizzle-orm";
import type { SessionUser } from "~/domain/accounts/users.server";
import { recordAudit } from "~/domain/audit/audit.server";
import {
  type Actor,
  assertManagesCooperative,
  managedCooperativeCondition,
  UUID,
} from "~/domain/cooperatives/access.server";
import { conflict, DomainError, invalid, notFound } from "~/domain/errors";
import { lotPrefix, suggestLot } from "~/domain/labels/digital-link";
import { randomPublicCode } from "~/domain/labels/public-code";
import type { OcopGroup } from "~/domain/listings/ocop";
import { findOwnedProduct, uniqueConstraintOf } from "~/domain/listings/owned.server";
import { type PreparedPhoto, storePreparedPhotos } from "~/domain/listings/photos.server";
import {
  imageProblem,
  isEmptyUpload,
  resizeToWidths,
  type UploadedFile,
} from "~/domain/storage/images.server";
import { PHOTO_WIDTHS } from "~/domain/storage/keys";
import { MAX_EVIDENCE_BYTES, sniffFileType } from "~/domain/storage/sniff";
import { deleteFilesQuietly, fileStorage, newStorageKey } from "~/domain/storage/storage.server";
import { parseWith } from "~/utils/forms";
import { type Db, db as defaultDb } from "~db/client.server";
import {
  auditLog,
  batches,
  batchInputs,
  cooperatives,
  orderItems,
  orders,
  products,
  regions,
  traceEvents,
  units,
  users,
} from "~db/schema";
import { type BatchStatus, batchTransition } from "./batch-state";
import {
  type DiaryEntryInput,
  HOLD_REASON_MAX,
  MAX_PHOTOS_PER_ENTRY,
  openBatchSchema,
  parseDiaryEntry,
  type RecordableKind,
  vietnamToday,
} from "./diary";
import { appendTraceEvent, listBatchEvents, type TraceEventRow, verifyBatchChain } from "./events.server";
import { notifyTraceChanged } from "./page-cache.server";
import { effectiveEvents, type ReleaseBlocker, releaseBlockers } from "./release-gates";
import { diarySteps, labTestDisposition } from "./vocabulary";

export type BatchRow = typeof batches.$inferSelect;

export interface OwnedBatch {
  batch: BatchRow;
  product: {
    id: string;
    name: string;
    unit: string;
    ocopGroup: OcopGroup;
    gtin: string | null;
    status: (typeof products.$inferSelect)["status"];
  };
  cooperative: { id: string; slug: string; name: string; regionId: string };
}

/** A release refused by the gates: every blocker, for the manager to fix in one go. */
export class ReleaseRefused extends DomainError {
  constructor(readonly blockers: ReleaseBlocker[]) {
    super("conflict", "batches.errors.releaseBlocked");
    this.name = "ReleaseRefused";
  }
}

/**
 * The batch with its product and cooperative, if the actor may manage that cooperative;
 * otherwise "not found". `lock` takes a row lock on the batch for a status change.
 */
export async function findOwnedBatch(
  actor: Actor,
  batchId: string,
  tx: Db = defaultDb(),
  { lock = false } = {},
): Promise<OwnedBatch> {
  if (!UUID.test(batchId)) throw notFound("trace.errors.batchNotFound");
  const query = tx
    .select({
      batch: batches,
      product: {
        id: products.id,
        name: products.name,
        unit: products.unit,
        ocopGroup: products.ocopGroup,
        gtin: products.gtin,
        status: products.status,
      },
      cooperative: {
        id: cooperatives.id,
        slug: cooperatives.slug,
        name: cooperatives.name,
        regionId: cooperatives.regionId,
      },
    })
    .from(batches)
    .innerJoin(products, eq(products.id, batches.productId))
    .innerJoin(cooperatives, eq(cooperatives.id, products.cooperativeId))
    .where(and(eq(batches.id, batchId), managedCooperativeCondition(actor, products.cooperativeId)))
    .limit(1);
  const [row] = lock ? await query.for("update", { of: batches }) : await query;
  if (!row) throw notFound("trace.errors.batchNotFound");
  return row;
}

export interface BatchListItem {
  id: string;
  lot: string;
  status: BatchStatus;
  quantity: number;
  quantityAvailable: number;
  producedOn: string;
  bestBefore: string | null;
  productId: string;
  productName: string;
  unit: string;
  entries: number;
}

/** A cooperative's batches, newest first. */
export async function listCooperativeBatches(
  actor: Actor,
  cooperativeId: string,
  tx: Db = defaultDb(),
): Promise<BatchListItem[]> {
  await assertManagesCooperative(actor, cooperativeId, tx);
  return tx
    .select({
      id: batches.id,
      lot: batches.lot,
      status: batches.status,
      quantity: batches.quantity,
      quantityAvailable: batches.quantityAvailable,
      producedOn: batches.producedOn,
      bestBefore: batches.bestBefore,
      productId: products.id,
      productName: products.name,
      unit: products.unit,
      entries: sql<number>`(select count(*) from ${traceEvents} where ${traceEvents.batchId} = ${batches.id})::int`,
    })
    .from(batches)
    .innerJoin(products, eq(products.id, batches.productId))
    .where(
      and(
        eq(products.cooperativeId, cooperativeId),
        managedCooperativeCondition(actor, products.cooperativeId),
      ),
    )
    .orderBy(desc(batches.createdAt), asc(batches.lot));
}

/** Batches of a cooperative still being recorded: the "waiting for release" to-do. */
export async function batchesWaitingForRelease(actor: Actor, cooperativeId: string, tx: Db = defaultDb()) {
  return tx
    .select({ id: batches.id, lot: batches.lot, productName: products.name, producedOn: batches.producedOn })
    .from(batches)
    .innerJoin(products, eq(products.id, batches.productId))
    .where(
      and(
        eq(products.cooperativeId, cooperativeId),
        managedCooperativeCondition(actor, products.cooperativeId),
        eq(batches.status, "recording"),
      ),
    )
    .orderBy(asc(batches.producedOn), asc(batches.lot));
}

/** The products a batch can be opened for: the cooperative's listings that are not archived. */
export async function batchableProducts(actor: Actor, cooperativeId: string, tx: Db = defaultDb()) {
  await assertManagesCooperative(actor, cooperativeId, tx);
  const rows = await tx
    .select({ id: products.id, name: products.name, unit: products.unit, status: products.status })
    .from(products)
    .where(
      and(
        eq(products.cooperativeId, cooperativeId),
        managedCooperativeCondition(actor, products.cooperativeId),
        ne(products.status, "archived"),
      ),
    );
  return rows.sort((a, b) => a.name.localeCompare(b.name, "vi"));
}

/** What the new-batch form starts with for a product: a free lot code and today's date. */
export async function newBatchDefaults(
  actor: Actor,
  productId: string,
  now = new Date(),
  tx: Db = defaultDb(),
) {
  const product = await findOwnedProduct(actor, productId, tx);
  if (product.status === "archived") throw notFound();
  const lots = await tx.select({ lot: batches.lot }).from(batches).where(eq(batches.productId, product.id));
  const today = vietnamToday(now);
  return {
    product: { id: product.id, name: product.name, unit: product.unit, cooperativeId: product.cooperativeId },
    lot: suggestLot(
      lotPrefix(product.name),
      today,
      lots.map((l) => l.lot),
    ),
    producedOn: today,
  };
}

const lotTaken = () => invalid("validation.formSummary", { lot: "batches.errors.lotTaken" });

/**
 * Opens a batch: lot code unique per product (a clash is a field error, nothing written),
 * quantity in the product's unit, production date not in the future, best-before not before it.
 */
export async function openBatch(
  actor: Actor,
  values: Record<string, string>,
  { now = new Date() } = {},
  tx: Db = defaultDb(),
): Promise<{ id: string }> {
  const parsed = parseWith(openBatchSchema(now), values);
  if (!parsed.ok) throw parsed.error;
  const input = parsed.data;
  const product = await findOwnedProduct(actor, input.productId, tx);
  if (product.status === "archived") {
    throw invalid("validation.formSummary", { productId: "batches.errors.productArchived" });
  }
  // A clash of the random public code is astronomically rare; one more draw settles it.
  for (let attempt = 1; ; attempt++) {
    try {
      return await tx.transaction(async (t) => {
        const [taken] = await t
          .select({ id: batches.id })
          .from(batches)
          .where(and(eq(batches.productId, product.id), sql`upper(${batches.lot}) = upper(${input.lot})`))
          .limit(1);
        if (taken) throw lotTaken();
        const [row] = await t
          .insert(batches)
          .values({
            productId: product.id,
            lot: input.lot,
            status: "recording",
            quantity: input.quantity,
            quantityAvailable: input.quantity,
            producedOn: input.producedOn,
            bestBefore: input.bestBefore,
            publicCode: randomPublicCode(),
          })
          .returning({ id: batches.id });
        if (!row) throw new Error("batch insert returned nothing");
        await recordAudit(
          {
            actorId: actor.id,
            action: "batch.opened",
            entityType: "batch",
            entityId: row.id,
            data: { productId: product.id, lot: input.lot, quantity: input.quantity },
          },
          t,
        );
        return row;
      });
    } catch (error) {
      const constraint = uniqueConstraintOf(error);
      if (constraint === "batches_product_lot_key") throw lotTaken();
      if (constraint === "batches_public_code_key" && attempt < 3) continue;
      throw error;
    }
  }
}

export interface PlaceChoice {
  id: string;
  name: string;
  /** A unit of the pre-July-2025 map (the cooperative's registered address may still use one). */
  legacy: boolean;
}

/**
 * Where diary entries can be placed: the cooperative's own commune first, then the communes of
 * its province on today's map (for a former province, the one that took it over).
 */
export async function placeChoices(
  cooperativeRegionId: string,
  tx: Db = defaultDb(),
): Promise<PlaceChoice[]> {
  const [own] = await tx
    .select({ id: regions.id, name: regions.name, scheme: regions.scheme, path: regions.path })
    .from(regions)
    .where(eq(regions.id, cooperativeRegionId));
  if (!own) return [];
  const [province] = await tx
    .select({ id: regions.id, scheme: regions.scheme, path: regions.path, successorId: regions.successorId })
    .from(regions)
    .where(and(eq(regions.level, "province"), sql`${own.path} like ${regions.path} || '%'`))
    .limit(1);
  let currentPath: string | null = province?.scheme === "current" ? province.path : null;
  if (province?.scheme === "legacy" && province.successorId) {
    const [successor] = await tx
      .select({ path: regions.path })
      .from(regions)
      .where(eq(regions.id, province.successorId));
    currentPath = successor?.path ?? null;
  }
  const communes = currentPath
    ? await tx
        .select({ id: regions.id, name: regions.name })
        .from(regions)
        .where(
          and(
            eq(regions.scheme, "current"),
            eq(regions.level, "commune"),
            sql`${regions.path} like ${currentPath} || '%'`,
            ne(regions.id, own.id),
          ),
        )
    : [];
  communes.sort((a, b) => a.name.localeCompare(b.name, "vi"));
  return [
    { id: own.id, name: own.name, legacy: own.scheme === "legacy" },
    ...communes.map((c) => ({ ...c, legacy: false })),
  ];
}

/** Batches of the same cooperative that a processing step can take as input. */
export async function inputBatchChoices(owned: OwnedBatch, tx: Db = defaultDb()) {
  return tx
    .select({
      id: batches.id,
      lot: batches.lot,
      quantity: batches.quantity,
      productName: products.name,
      unit: products.unit,
    })
    .from(batches)
    .innerJoin(products, eq(products.id, batches.productId))
    .where(and(eq(products.cooperativeId, owned.cooperative.id), ne(batches.id, owned.batch.id)))
    .orderBy(desc(batches.createdAt), asc(batches.lot));
}

interface PreparedFiles {
  photos: PreparedPhoto[];
  report: Uint8Array | null;
}

async function prepareEntryFiles(
  kind: RecordableKind,
  files: Record<string, UploadedFile[]>,
  keptPhotos: number,
): Promise<PreparedFiles> {
  const photos = (files.photos ?? []).filter((f) => !isEmptyUpload(f));
  if (keptPhotos + photos.length > MAX_PHOTOS_PER_ENTRY) {
    throw invalid("validation.formSummary", { photos: "batches.errors.tooManyPhotos" });
  }
  for (const file of photos) {
    const problem = imageProblem(file);
    if (problem) throw invalid("validation.formSummary", { photos: problem });
  }
  const report = kind === "lab_test" ? (files.report ?? []).find((f) => !isEmptyUpload(f)) : undefined;
  if (report) {
    if (!report.bytes || report.size > MAX_EVIDENCE_BYTES) {
      throw invalid("validation.formSummary", { report: "batches.errors.reportTooLarge" });
    }
    if (sniffFileType(report.bytes)?.mime !== "application/pdf") {
      throw invalid("validation.formSummary", { report: "batches.errors.reportNotPdf" });
    }
  }
  const prepared: PreparedFiles["photos"] = [];
  for (const file of photos) {
    const sizes = file.bytes ? await resizeToWidths(file.bytes, PHOTO_WIDTHS) : null;
    if (!sizes) throw invalid("validation.formSummary", { photos: "manage.errors.notAnImage" });
    prepared.push(sizes);
  }
  return { photos: prepared, report: report?.bytes ?? null };
}

interface StoredPhotoRef {
  key: string;
  width: number;
  height: number;
}

function photosOf(details: Record<string, unknown>): StoredPhotoRef[] {
  const list = Array.isArray(details.photos) ? details.photos : [];
  return list.filter(
    (p): p is StoredPhotoRef => !!p && typeof p === "object" && typeof (p as StoredPhotoRef).key === "string",
  );
}

export interface RecordEntryOptions {
  /** The entry this one corrects (same batch, same kind, not yet corrected). */
  correctionOf?: string | null;
  now?: Date;
}

/**
 * Writes one diary entry: checks the form for its kind, the place, the photos (0–3) and a lab
 * report (PDF), and for processing the input batches (this cooperative's, no more than each
 * holds). The event and its batch_inputs rows are written in one transaction; files are
 * stored first and removed again if that transaction fails. Nothing is written on an error.
 */
export async function recordDiaryEntry(
  actor: Pick<SessionUser, "id" | "memberships">,
  batchId: string,
  kind: RecordableKind,
  values: Record<string, string>,
  files: Record<string, UploadedFile[]> = {},
  { correctionOf = null, now = new Date() }: RecordEntryOptions = {},
  tx: Db = defaultDb(),
): Promise<TraceEventRow> {
  const owned = await findOwnedBatch(actor, batchId, tx);
  let target: TraceEventRow | null = null;
  if (correctionOf) {
    if (!UUID.test(correctionOf)) throw notFound();
    const [found] = await tx
      .select()
      .from(traceEvents)
      .where(and(eq(traceEvents.id, correctionOf), eq(traceEvents.batchId, owned.batch.id)));
    if (!found) throw notFound();
    target = found;
    if (target.kind !== kind) throw invalid("batches.errors.correctionKind");
    const [later] = await tx
      .select({ id: traceEvents.id })
      .from(traceEvents)
      .where(eq(traceEvents.correctionOf, target.id))
      .limit(1);
    if (later) throw conflict("batches.errors.alreadyCorrected");
  }

  const parsed = parseDiaryEntry(kind, values, { now, correction: !!target });
  const fieldErrors: Record<string, string> = parsed.ok ? {} : { ...parsed.fieldErrors };
  const entry: DiaryEntryInput | null = parsed.ok ? parsed.entry : null;
  const choices = await placeChoices(owned.cooperative.regionId, tx);
  if (entry?.regionId && !choices.some((c) => c.id === entry.regionId)) {
    fieldErrors.regionId = "batches.errors.region";
  }

  // Photos and the lab report of the corrected entry can be carried over.
  const oldPhotos = target ? photosOf(target.details) : [];
  const keptPhotos = oldPhotos.filter((_, i) => values[`keepPhoto.${i}`] === "1");
  const oldReport =
    target && typeof target.details.reportFile === "string" ? target.details.reportFile : null;

  // Processing: the inputs must be this cooperative's batches, each used at most up to its quantity.
  const inputDetails: { batchId: string; lot: string; name: string; quantity: number; unit: string }[] = [];
  if (entry && kind === "processing" && entry.inputs.length) {
    const found = await tx
      .select({
        id: batches.id,
        lot: batches.lot,
        quantity: batches.quantity,
        cooperativeId: products.cooperativeId,
        name: products.name,
        unit: products.unit,
      })
      .from(batches)
      .innerJoin(products, eq(products.id, batches.productId))
      .where(
        inArray(
          batches.id,
          entry.inputs.map((i) => i.batchId),
        ),
      );
    let foreign = false;
    entry.inputs.forEach((input, i) => {
      const row = found.find((b) => b.id === input.batchId);
      if (!row || row.cooperativeId !== owned.cooperative.id || row.id === owned.batch.id) {
        fieldErrors[`inputs.${i}.batchId`] = "batches.errors.notYourBatch";
        foreign = true;
      } else if (input.quantity > row.quantity) {
        fieldErrors[`inputs.${i}.quantity`] = "batches.errors.inputTooMuch";
      } else {
        inputDetails.push({
          batchId: row.id,
          lot: row.lot,
          name: row.name,
          quantity: input.quantity,
          unit: row.unit,
        });
      }
    });
    if (foreign) throw invalid("batches.errors.notYourBatch", fieldErrors);
  }
  if (!entry || Object.keys(fieldErrors).length) throw invalid("validation.formSummary", fieldErrors);

  const prepared = await prepareEntryFiles(kind, files, keptPhotos.length);
  const written: string[] = [];
  try {
    const storedPhotos = await storePreparedPhotos(prepared.photos);
    written.push(...storedPhotos.flatMap((s) => s.keys));
    let reportFile = values.keepReport === "1" ? oldReport : null;
    if (prepared.report) {
      // Lab reports are shown on the public trace page, so they live with the public photos.
      reportFile = newStorageKey("photos", "pdf");
      await fileStorage().put(reportFile, prepared.report, "application/pdf");
      written.push(reportFile);
    }
    const photos = [
      ...keptPhotos,
      ...storedPhotos.map((s) => ({ key: s.storageKey, width: s.width, height: s.height })),
    ];
    const details: Record<string, unknown> = {
      ...entry.details,
      ...(inputDetails.length
        ? { inputs: inputDetails.map(({ lot, name, quantity, unit }) => ({ name, lot, quantity, unit })) }
        : {}),
      ...(photos.length ? { photos } : {}),
      ...(kind === "lab_test" && reportFile ? { reportFile } : {}),
      ...(entry.correctionReason ? { correctionReason: entry.correctionReason } : {}),
    };
    const step = diarySteps[kind];
    return await tx.transaction(async (t) => {
      const event = await appendTraceEvent(
        {
          batchId: owned.batch.id,
          kind,
          eventType: step.eventType,
          bizStep: step.bizStep,
          disposition: kind === "lab_test" ? labTestDisposition(details.pass === true) : step.disposition,
          eventTime: entry.eventTime,
          regionId: entry.regionId,
          placeText: entry.placeText,
          latitude: entry.latitude,
          longitude: entry.longitude,
          details,
          correctionOf: target?.id ?? null,
          recordedBy: actor.id,
        },
        t,
      );
      if (inputDetails.length) {
        await t.insert(batchInputs).values(
          inputDetails.map((i) => ({
            outputBatchId: owned.batch.id,
            inputBatchId: i.batchId,
            eventId: event.id,
            quantity: i.quantity,
          })),
        );
        // Each input's public page shows what it went into ("one step forward").
        for (const i of inputDetails) await notifyTraceChanged(i.batchId, t);
      }
      return event;
    });
  } catch (error) {
    await deleteFilesQuietly(written);
    throw error;
  }
}

/** One diary entry of a batch the actor manages, with the input batches it linked. */
export async function findOwnedEvent(actor: Actor, batchId: string, eventId: string, tx: Db = defaultDb()) {
  const owned = await findOwnedBatch(actor, batchId, tx);
  if (!UUID.test(eventId)) throw notFound();
  const [event] = await tx
    .select()
    .from(traceEvents)
    .where(and(eq(traceEvents.id, eventId), eq(traceEvents.batchId, owned.batch.id)));
  if (!event) throw notFound();
  const [inputs, correctedBy] = await Promise.all([
    tx
      .select({ batchId: batchInputs.inputBatchId, quantity: batchInputs.quantity })
      .from(batchInputs)
      .where(eq(batchInputs.eventId, event.id))
      .orderBy(asc(batchInputs.createdAt)),
    tx
      .select({ seq: traceEvents.seq })
      .from(traceEvents)
      .where(eq(traceEvents.correctionOf, event.id))
      .limit(1),
  ]);
  return { owned, event, inputs, correctedBySeq: correctedBy[0]?.seq ?? null };
}

/** The gates' verdict on a batch's diary as it stands. */
export async function batchBlockers(owned: OwnedBatch, tx: Db = defaultDb()): Promise<ReleaseBlocker[]> {
  const events = await listBatchEvents(owned.batch.id, tx);
  return releaseBlockers({
    ocopGroup: owned.product.ocopGroup,
    producedOn: owned.batch.producedOn,
    events,
  });
}

/**
 * Puts a batch on sale, or back on sale after a hold, if the release gates pass: the first
 * release makes the whole quantity available; after a hold the quantity left stays as it was.
 */
export async function releaseBatch(
  actor: Actor,
  batchId: string,
  { now = new Date() } = {},
  tx: Db = defaultDb(),
): Promise<BatchStatus> {
  return tx.transaction(async (t) => {
    const owned = await findOwnedBatch(actor, batchId, t, { lock: true });
    const { batch } = owned;
    if (!batchTransition(batch.status, "release")) throw conflict("batches.errors.cannotRelease");
    const blockers = await batchBlockers(owned, t);
    if (blockers.length) throw new ReleaseRefused(blockers);
    const firstRelease = batch.status === "recording";
    const available = firstRelease ? batch.quantity : batch.quantityAvailable;
    const status: BatchStatus =
      available > 0 ? "released" : (batchTransition("released", "sell_out") ?? "released");
    await t
      .update(batches)
      .set({
        status,
        quantityAvailable: available,
        holdReason: null,
        releasedAt: batch.releasedAt ?? now,
      })
      .where(eq(batches.id, batch.id));
    await recordAudit(
      {
        actorId: actor.id,
        action: "batch.released",
        entityType: "batch",
        entityId: batch.id,
        data: { from: batch.status, to: status, quantityAvailable: available },
      },
      t,
    );
    await notifyTraceChanged(batch.id, t);
    return status;
  });
}

/**
 * Stops sales of a batch at once (recall): the status is what the storefront checks, so the
 * quantity left is kept for when the hold is lifted. The reason is required and audited.
 */
export async function holdBatch(
  actor: Actor,
  batchId: string,
  reasonInput: string,
  tx: Db = defaultDb(),
): Promise<void> {
  const reason = reasonInput.trim().replace(/\s+/g, " ");
  if (reason.length < 5) throw invalid("validation.formSummary", { reason: "batches.errors.reasonRequired" });
  if (reason.length > HOLD_REASON_MAX)
    throw invalid("validation.formSummary", { reason: "batches.errors.tooLong" });
  await tx.transaction(async (t) => {
    const { batch } = await findOwnedBatch(actor, batchId, t, { lock: true });
    const next = batchTransition(batch.status, "hold");
    if (!next) throw conflict("batches.errors.alreadyOnHold");
    await t.update(batches).set({ status: next, holdReason: reason }).where(eq(batches.id, batch.id));
    await recordAudit(
      {
        actorId: actor.id,
        action: "batch.held",
        entityType: "batch",
        entityId: batch.id,
        data: { reason, from: batch.status, quantityAvailable: batch.quantityAvailable },
      },
      t,
    );
    // The recall notice must be on the very next scan, on every app instance.
    await notifyTraceChanged(batch.id, t);
  });
}

/** Ends a batch's life on the shop (nothing more to sell, or withdrawn after a recall). */
export async function closeBatch(actor: Actor, batchId: string, tx: Db = defaultDb()): Promise<void> {
  await tx.transaction(async (t) => {
    const { batch } = await findOwnedBatch(actor, batchId, t, { lock: true });
    const next = batchTransition(batch.status, "close");
    if (!next) throw conflict("batches.errors.cannotClose");
    await t.update(batches).set({ status: next }).where(eq(batches.id, batch.id));
    await recordAudit(
      {
        actorId: actor.id,
        action: "batch.closed",
        entityType: "batch",
        entityId: batch.id,
        data: { from: batch.status, quantityAvailable: batch.quantityAvailable },
      },
      t,
    );
    await notifyTraceChanged(batch.id, t);
  });
}

/** The orders that received a batch (cancelled ones excepted), newest first: who to call in a recall. */
export async function ordersReceivingBatch(batchId: string, tx: Db = defaultDb()) {
  return tx
    .select({
      id: orders.id,
      code: orders.code,
      createdAt: orders.createdAt,
      status: orders.status,
      contactName: orders.contactName,
      contactPhone: orders.contactPhone,
      quantity: sql<number>`sum(${orderItems.quantity})::int`,
    })
    .from(orderItems)
    .innerJoin(orders, eq(orders.id, orderItems.orderId))
    .where(and(eq(orderItems.batchId, batchId), ne(orders.status, "cancelled")))
    .groupBy(orders.id)
    .orderBy(desc(orders.createdAt));
}

/** Everything the batch page shows. */
export async function getBatchPage(actor: Actor, batchId: string, tx: Db = defaultDb()) {
  const owned = await findOwnedBatch(actor, batchId, tx);
  const id = owned.batch.id;
  const [events, verdict, inputs, outputs, receivedBy, unitCount, held] = await Promise.all([
    tx
      .select({
        event: traceEvents,
        recorderName: users.name,
        regionName: regions.name,
        regionScheme: regions.scheme,
      })
      .from(traceEvents)
      .leftJoin(users, eq(users.id, traceEvents.recordedBy))
      .leftJoin(regions, eq(regions.id, traceEvents.regionId))
      .where(eq(traceEvents.batchId, id))
      .orderBy(asc(traceEvents.seq)),
    verifyBatchChain(id, tx),
    tx
      .select({
        batchId: batches.id,
        lot: batches.lot,
        productName: products.name,
        unit: products.unit,
        quantity: batchInputs.quantity,
        eventId: batchInputs.eventId,
      })
      .from(batchInputs)
      .innerJoin(batches, eq(batches.id, batchInputs.inputBatchId))
      .innerJoin(products, eq(products.id, batches.productId))
      .where(eq(batchInputs.outputBatchId, id))
      .orderBy(asc(batchInputs.createdAt)),
    tx
      .select({
        batchId: batches.id,
        lot: batches.lot,
        productName: products.name,
        unit: products.unit,
        quantity: batchInputs.quantity,
      })
      .from(batchInputs)
      .innerJoin(batches, eq(batches.id, batchInputs.outputBatchId))
      .innerJoin(products, eq(products.id, batches.productId))
      .where(eq(batchInputs.inputBatchId, id))
      .orderBy(asc(batchInputs.createdAt)),
    ordersReceivingBatch(id, tx),
    tx
      .select({ n: count() })
      .from(units)
      .where(eq(units.batchId, id))
      .then((r) => r[0]?.n ?? 0),
    owned.batch.status === "on_hold"
      ? tx
          .select({ at: auditLog.at })
          .from(auditLog)
          .where(
            and(
              eq(auditLog.entityType, "batch"),
              eq(auditLog.entityId, id),
              eq(auditLog.action, "batch.held"),
            ),
          )
          .orderBy(desc(auditLog.at))
          .limit(1)
          .then((r) => r[0]?.at ?? null)
      : Promise.resolve(null),
  ]);
  const rows = events.map((e) => e.event);
  // Inputs of a superseded processing entry no longer count: its correction linked its own.
  const live = new Set(effectiveEvents(rows).map((e) => e.id));
  const blockers =
    owned.batch.status === "recording" || owned.batch.status === "on_hold"
      ? releaseBlockers({
          ocopGroup: owned.product.ocopGroup,
          producedOn: owned.batch.producedOn,
          events: rows,
        })
      : [];
  return {
    ...owned,
    events,
    verdict,
    inputs: inputs.filter((i) => i.eventId === null || live.has(i.eventId)),
    outputs,
    receivedBy,
    unitCount,
    heldAt: held,
    blockers,
  };
}

/** What a diary form offers: the places to pick from and, for processing, the input batches. */
export async function diaryFormOptions(owned: OwnedBatch, kind: RecordableKind, tx: Db = defaultDb()) {
  const [places, inputChoices] = await Promise.all([
    placeChoices(owned.cooperative.regionId, tx),
    kind === "processing" ? inputBatchChoices(owned, tx) : Promise.resolve([]),
  ]);
  return { places, inputChoices };
}
