import { randomBytes } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { DomainError } from "~/domain/errors";
import { findRegionByCode, upsertRegions } from "~/domain/regions/regions.server";
import {
  type AppendTraceEventInput,
  appendTraceEvent,
  listBatchEvents,
  verifyBatchChain,
} from "~/domain/trace/events.server";
import { diarySteps } from "~/domain/trace/vocabulary";
import { db } from "~db/client.server";
import { batches, cooperatives, products, traceEvents } from "~db/schema";

let regionId: string;

beforeAll(async () => {
  await upsertRegions([
    { code: "14", name: "Sơn La", level: "province", scheme: "current", parentCode: null },
  ]);
  const region = await findRegionByCode("current", "14");
  if (!region) throw new Error("region missing");
  regionId = region.id;
});

const code = () => randomBytes(5).toString("hex");

async function newBatch(): Promise<string> {
  const suffix = code();
  const [coop] = await db()
    .insert(cooperatives)
    .values({ slug: `htx-${suffix}`, name: `HTX ${suffix}`, regionId })
    .returning();
  const [product] = await db()
    .insert(products)
    .values({
      cooperativeId: coop?.id ?? "",
      slug: `sp-${suffix}`,
      name: "Chè Shan tuyết",
      ocopGroup: "beverages",
      unit: "gói",
      priceVnd: 180000,
      publicCode: `p${suffix}`,
    })
    .returning();
  const [batch] = await db()
    .insert(batches)
    .values({
      productId: product?.id ?? "",
      lot: "CVH-2026-09",
      quantity: 100,
      quantityAvailable: 100,
      producedOn: "2026-09-08",
      publicCode: `b${suffix}`,
    })
    .returning();
  if (!batch) throw new Error("batch insert failed");
  return batch.id;
}

function harvest(batchId: string, quantity: number, at = "2026-09-05T06:30:00+07:00"): AppendTraceEventInput {
  return {
    batchId,
    kind: "harvesting",
    ...diarySteps.harvesting,
    eventTime: new Date(at),
    regionId,
    placeText: "Bản Bó Nhàng 1, xã Vân Hồ",
    latitude: 20.7786,
    longitude: 104.8217,
    details: { quantity, unit: "kg", note: "Hái tay một tôm hai lá" },
  };
}

/** The database error behind drizzle's query error, for a statement that must fail. */
async function refusal(query: Promise<unknown>): Promise<{ message: string; code?: string }> {
  try {
    await query;
  } catch (error) {
    const cause = (error as { cause?: { message: string; code?: string } }).cause;
    return cause ?? { message: String(error) };
  }
  throw new Error("the statement was expected to fail");
}

async function headHashOf(batchId: string) {
  const [row] = await db()
    .select({ headHash: batches.headHash })
    .from(batches)
    .where(eq(batches.id, batchId));
  return row?.headHash ?? null;
}

describe("appendTraceEvent", () => {
  it("chains events: seq from 1, prevHash = previous hash, batch head = last hash", async () => {
    const batchId = await newBatch();
    const first = await appendTraceEvent(harvest(batchId, 330));
    const second = await appendTraceEvent({
      ...harvest(batchId, 66, "2026-09-05T13:00:00+07:00"),
      kind: "processing",
      ...diarySteps.processing,
    });
    expect(first.seq).toBe(1);
    expect(first.prevHash).toBeNull();
    expect(second.seq).toBe(2);
    expect(second.prevHash).toBe(first.hash);
    expect(second.eventTimeZoneOffset).toBe("+07:00");
    expect(await headHashOf(batchId)).toBe(second.hash);
    expect(await verifyBatchChain(batchId)).toEqual({ intact: true, headHash: second.hash });
  });

  it("stores text NFC-normalised, exactly as hashed", async () => {
    const batchId = await newBatch();
    const decomposed = "Rượu men lá".normalize("NFD");
    await appendTraceEvent({ ...harvest(batchId, 1), placeText: decomposed, details: { note: decomposed } });
    const [row] = await listBatchEvents(batchId);
    expect(row?.placeText).toBe("Rượu men lá".normalize("NFC"));
    expect(row?.details).toEqual({ note: "Rượu men lá".normalize("NFC") });
    expect((await verifyBatchChain(batchId)).intact).toBe(true);
  });

  it("refuses an event dated in the future and writes nothing", async () => {
    const batchId = await newBatch();
    await appendTraceEvent(harvest(batchId, 10));
    const head = await headHashOf(batchId);
    const future = new Date(Date.now() + 10 * 60 * 1000);
    const error = await appendTraceEvent({ ...harvest(batchId, 20), eventTime: future }).catch((e) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ kind: "invalid", messageKey: "trace.errors.eventInFuture" });
    expect(await listBatchEvents(batchId)).toHaveLength(1);
    expect(await headHashOf(batchId)).toBe(head);
    // A phone clock a minute fast is tolerated.
    await appendTraceEvent({ ...harvest(batchId, 20), eventTime: new Date(Date.now() + 60 * 1000) });
    expect(await listBatchEvents(batchId)).toHaveLength(2);
  });

  it("refuses an unknown batch, and a correction that points at another batch's event", async () => {
    await expect(appendTraceEvent(harvest(crypto.randomUUID(), 1))).rejects.toMatchObject({
      kind: "not_found",
      messageKey: "trace.errors.batchNotFound",
    });
    const a = await newBatch();
    const b = await newBatch();
    const other = await appendTraceEvent(harvest(b, 5));
    await expect(appendTraceEvent({ ...harvest(a, 5), correctionOf: other.id })).rejects.toMatchObject({
      kind: "invalid",
      messageKey: "trace.errors.correctionOtherBatch",
    });
    expect(await listBatchEvents(a)).toHaveLength(0);
    const own = await appendTraceEvent(harvest(a, 5));
    const fix = await appendTraceEvent({
      ...harvest(a, 50),
      correctionOf: own.id,
      kind: "note",
      ...diarySteps.note,
    });
    expect(fix.correctionOf).toBe(own.id);
    expect((await verifyBatchChain(a)).intact).toBe(true);
  });

  it("serialises concurrent appends to one batch under the row lock", async () => {
    const batchId = await newBatch();
    await Promise.all([1, 2, 3, 4, 5].map((n) => appendTraceEvent(harvest(batchId, n * 10))));
    const events = await listBatchEvents(batchId);
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(new Set(events.map((e) => Number(e.details.quantity)))).toEqual(new Set([10, 20, 30, 40, 50]));
    const verdict = await verifyBatchChain(batchId);
    expect(verdict).toEqual({ intact: true, headHash: events[4]?.hash });
  });
});

describe("trace_events is append-only", () => {
  it("refuses UPDATE, DELETE and TRUNCATE in the database", async () => {
    const batchId = await newBatch();
    const event = await appendTraceEvent(harvest(batchId, 330));
    for (const statement of [
      sql`update trace_events set details = '{"quantity": 1}'::jsonb where id = ${event.id}`,
      sql`delete from trace_events where id = ${event.id}`,
      sql`truncate trace_events cascade`,
    ]) {
      const cause = await refusal(db().execute(statement));
      expect(cause.message).toMatch(/trace_events is append-only: (UPDATE|DELETE|TRUNCATE) refused/);
      expect(cause.code).toBe("23001"); // restrict_violation
    }
    const [row] = await listBatchEvents(batchId);
    expect(row?.details).toEqual(event.details);
  });

  it("an edit made behind the trigger's back breaks the chain at that event", async () => {
    const batchId = await newBatch();
    for (const q of [330, 66, 64]) await appendTraceEvent(harvest(batchId, q));
    expect((await verifyBatchChain(batchId)).intact).toBe(true);
    await db().execute(sql`alter table trace_events disable trigger trace_events_append_only`);
    try {
      await db().execute(
        sql`update trace_events set details = jsonb_set(details, '{quantity}', '500') where batch_id = ${batchId} and seq = 2`,
      );
    } finally {
      await db().execute(sql`alter table trace_events enable trigger trace_events_append_only`);
    }
    expect(await verifyBatchChain(batchId)).toEqual({
      intact: false,
      brokenAtSeq: 2,
      reason: "hash_mismatch",
    });
  });

  it("a deleted last event is caught by the batch's recorded head", async () => {
    const batchId = await newBatch();
    for (const q of [1, 2, 3]) await appendTraceEvent(harvest(batchId, q));
    await db().execute(sql`alter table trace_events disable trigger trace_events_append_only`);
    try {
      await db()
        .delete(traceEvents)
        .where(sql`${traceEvents.batchId} = ${batchId} and ${traceEvents.seq} = 3`);
    } finally {
      await db().execute(sql`alter table trace_events enable trigger trace_events_append_only`);
    }
    expect(await verifyBatchChain(batchId)).toEqual({
      intact: false,
      brokenAtSeq: 3,
      reason: "head_mismatch",
    });
  });
});
