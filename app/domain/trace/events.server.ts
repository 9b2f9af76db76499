import { and, asc, desc, eq } from "drizzle-orm";
import { type Db, db as defaultDb } from "~db/client.server";
import { batches, traceEvents } from "~db/schema";
import { invalid, notFound } from "../errors";
import { type ChainVerdict, hashEvent, normalizeJsonValue, verifyChain } from "./hash-chain";
import { notifyTraceChanged } from "./page-cache.server";
import type { DiaryKind, EpcisEventType } from "./vocabulary";

export type TraceEventRow = typeof traceEvents.$inferSelect;

export interface AppendTraceEventInput {
  batchId: string;
  kind: DiaryKind;
  eventType: EpcisEventType;
  bizStep: string;
  disposition?: string | null;
  eventTime: Date;
  /** Offset of the place where it happened; Vietnam is +07:00 all year. */
  eventTimeZoneOffset?: string;
  regionId?: string | null;
  placeText?: string | null;
  latitude?: number | null;
  longitude?: number | null;
  details?: Record<string, unknown>;
  /** The earlier event of the same batch this one corrects. */
  correctionOf?: string | null;
  recordedBy?: string | null;
}

/** Phone clocks drift; a few minutes ahead is tolerated, a date in the future is a typo. */
const FUTURE_TOLERANCE_MS = 5 * 60 * 1000;

/**
 * Appends one event to a batch's diary: the only place a trace event is written. Under a lock
 * on the batch row it takes the next seq, links prevHash to the current head, hashes the event
 * and moves the batch's head_hash, so concurrent appends queue up instead of forking the chain.
 * Permissions are the caller's concern.
 */
export async function appendTraceEvent(
  input: AppendTraceEventInput,
  tx: Db = defaultDb(),
): Promise<TraceEventRow> {
  if (Number.isNaN(input.eventTime.getTime())) {
    throw invalid("validation.invalid", { eventTime: "validation.invalid" });
  }
  if (input.eventTime.getTime() > Date.now() + FUTURE_TOLERANCE_MS) {
    throw invalid("trace.errors.eventInFuture", { eventTime: "trace.errors.eventInFuture" });
  }
  // Stored exactly as hashed: NFC text, no undefined keys.
  const details = normalizeJsonValue(input.details ?? {}) as Record<string, unknown>;
  const placeText = input.placeText?.normalize("NFC") ?? null;

  return tx.transaction(async (t) => {
    const [batch] = await t
      .select({ id: batches.id })
      .from(batches)
      .where(eq(batches.id, input.batchId))
      .for("update");
    if (!batch) throw notFound("trace.errors.batchNotFound");

    if (input.correctionOf) {
      const [target] = await t
        .select({ id: traceEvents.id })
        .from(traceEvents)
        .where(and(eq(traceEvents.id, input.correctionOf), eq(traceEvents.batchId, input.batchId)));
      if (!target) {
        throw invalid("trace.errors.correctionOtherBatch", {
          correctionOf: "trace.errors.correctionOtherBatch",
        });
      }
    }

    const [last] = await t
      .select({ seq: traceEvents.seq, hash: traceEvents.hash })
      .from(traceEvents)
      .where(eq(traceEvents.batchId, input.batchId))
      .orderBy(desc(traceEvents.seq))
      .limit(1);

    const event = {
      batchId: input.batchId,
      seq: (last?.seq ?? 0) + 1,
      kind: input.kind,
      eventType: input.eventType,
      bizStep: input.bizStep,
      disposition: input.disposition ?? null,
      eventTime: input.eventTime,
      eventTimeZoneOffset: input.eventTimeZoneOffset ?? "+07:00",
      regionId: input.regionId ?? null,
      placeText,
      latitude: input.latitude ?? null,
      longitude: input.longitude ?? null,
      details,
      correctionOf: input.correctionOf ?? null,
      recordedBy: input.recordedBy ?? null,
      prevHash: last?.hash ?? null,
    };
    const hash = hashEvent(event);
    const [row] = await t
      .insert(traceEvents)
      .values({ ...event, hash })
      .returning();
    await t.update(batches).set({ headHash: hash }).where(eq(batches.id, input.batchId));
    await notifyTraceChanged(input.batchId, t);
    if (!row) throw new Error("trace event insert returned no row");
    return row;
  });
}

/** A batch's events in chain order. */
export async function listBatchEvents(batchId: string, tx: Db = defaultDb()): Promise<TraceEventRow[]> {
  return tx.select().from(traceEvents).where(eq(traceEvents.batchId, batchId)).orderBy(asc(traceEvents.seq));
}

/**
 * Recomputes a batch's chain from the stored rows and compares its end with the batch's
 * recorded head, so an edited, removed or re-linked event is reported with where it broke.
 */
export async function verifyBatchChain(batchId: string, tx: Db = defaultDb()): Promise<ChainVerdict> {
  const [batch] = await tx
    .select({ headHash: batches.headHash })
    .from(batches)
    .where(eq(batches.id, batchId));
  if (!batch) throw notFound("trace.errors.batchNotFound");
  const events = await listBatchEvents(batchId, tx);
  return verifyChain(events, { expectedHeadHash: batch.headHash });
}
