/**
 * The public read model of a batch: everything its scan page and EPCIS export show, loaded by
 * the key printed on the label (GTIN + lot, or the short path's public code) in one statement:
 * the batch with its product, cooperative, place, photo, certificate, transformation links and
 * unit, and the diary with its hash chain checked. No session, no permissions: all of it is public.
 */
import { createHash } from "node:crypto";
import type { PGlite } from "@electric-sql/pglite";
import { asc, eq, inArray, type SQL } from "drizzle-orm";
import { type Db, db as defaultDb, getDbHandle, runPrepared } from "~db/client.server";
import { regions, traceEvents } from "~db/schema";
import type { OcopGroup } from "../listings/ocop";
import { type DirectoryRegion, placeIn, regionDirectory } from "../regions/directory.server";
import {
  type EpcisDocument,
  type EpcisEvent,
  type EpcisInputBatch,
  type EpcisTraceEvent,
  toEpcisDocument,
} from "./epcis";
import { type ChainVerdict, verifyChain } from "./hash-chain";

export type TraceKey = { gtin: string; lot: string } | { publicCode: string };

export interface PublicRegion {
  level: "province" | "district" | "commune";
  scheme: "current" | "legacy";
  code: string;
  name: string;
}

export interface PublicPhoto {
  storageKey: string;
  width: number;
  height: number;
  alt: string;
}

export interface PublicCertificate {
  id: string;
  stars: number;
  decisionNo: string;
  decisionDate: string;
  authority: string;
  expiresOn: string;
  /** ISO time a reviewer approved the claim; null while it is unchecked. */
  approvedAt: string | null;
}

/** A batch at the other end of a transformation link, with how much of it went in. */
export interface PublicLinkedBatch {
  batchId: string;
  lot: string;
  publicCode: string;
  gtin: string | null;
  productName: string;
  unit: string;
  cooperativeName: string;
  quantity: number;
  /** The processing event of the output batch that consumed it (null: its first one). */
  eventId: string | null;
  batchQuantity: number;
  producedOn: string;
  bestBefore: string | null;
  status: string;
}

export interface PublicUnit {
  id: string;
  serial: string;
  /** Scans already written to the database (the in-memory buffer is added by the caller). */
  scans: number;
  /** Distinct client hashes among those scans (at most 200: enough to warn). */
  clientHashes: string[];
}

/** One diary entry with its region: fits both the EPCIS export and the hash-chain check. */
export interface PublicTraceEvent extends EpcisTraceEvent {
  batchId: string;
  regionId: string | null;
  recordedBy: string | null;
  eventTime: Date;
  recordedAt: Date;
}

export interface PublicTrace {
  batch: {
    id: string;
    lot: string;
    status: "recording" | "released" | "sold_out" | "closed" | "on_hold";
    quantity: number;
    quantityAvailable: number;
    producedOn: string;
    bestBefore: string | null;
    publicCode: string;
    holdReason: string | null;
    headHash: string | null;
  };
  product: {
    id: string;
    slug: string;
    name: string;
    unit: string;
    gtin: string | null;
    listingStatus: string;
    ocopGroup: OcopGroup;
    updatedAt: string;
  };
  cooperative: {
    id: string;
    slug: string;
    name: string;
    updatedAt: string;
    /** The registered place, province first. */
    place: PublicRegion[];
    /** For a pre-2025 unit: the current unit that took it over, province first. */
    currentPlace: PublicRegion[] | null;
  };
  photo: PublicPhoto | null;
  /** The product's newest certificate claim, approved or not (the view decides what shows). */
  certificate: PublicCertificate | null;
  /** One step back: the batches this one was made from. */
  inputs: PublicLinkedBatch[];
  /** One step forward: the batches made from this one. */
  outputs: PublicLinkedBatch[];
  events: PublicTraceEvent[];
  /**
   * The hash chain check of `events` against the batch's recorded head, when the loader did it;
   * absent, the view checks the events itself.
   */
  chain?: ChainVerdict;
  /** The serialised unit asked for; null when the URL named none. */
  unit: PublicUnit | null;
}

export type PublicTraceResult =
  | { found: true; trace: PublicTrace }
  | { found: false; missing: "batch" | "unit" };

/** Timestamps arrive as Date or as text depending on the driver; the view wants ISO text. */
function iso(value: unknown): string {
  return value instanceof Date ? value.toISOString() : new Date(String(value)).toISOString();
}

/**
 * A json_build_object of the batch `lb` at the other end of the batch_inputs row `bi` (`lp`, `lc`:
 * its product, cooperative), and whether this batch is its output (one step back) or its input.
 */
const linkedBatchJson = `json_build_object('direction', case when bi.output_batch_id = b.id then 'back' else 'forward' end,
    'batchId', lb.id, 'lot', lb.lot, 'publicCode', lb.public_code, 'gtin', lp.gtin,
    'productName', lp.name, 'unit', lp.unit, 'cooperativeName', lc.name, 'quantity', bi.quantity,
    'eventId', bi.event_id, 'batchQuantity', lb.quantity, 'producedOn', lb.produced_on::text,
    'bestBefore', lb.best_before::text, 'status', lb.status)`;

/**
 * The whole public record in one statement: for each key in the JSON array `$1` (objects with
 * `ord` and the key's columns, and `serial` on a unit's page), a row of two JSON texts, `head`
 * (the batch with everything around it, keys as in HeadRow) and `events` (the diary, oldest
 * first), in `ord` order; a key that names no batch has no row. Text, not json, so that no
 * driver parses it column by column, and so that the diary's exact text can key the chain check
 * (see verifiedChain). Keys travel as JSON rather than as arrays so that the planner sees the
 * same row estimate for any number of them and keeps one generic plan. Places come back as
 * region ids, named from the region directory (regions/directory.server.ts): looking a region
 * and its ancestors up here cost about a third of the statement.
 */
function traceSql(by: "gtin" | "code", unitPage: boolean): string {
  const keyColumns = by === "gtin" ? "gtin text, lot text" : "public_code text";
  const match = by === "gtin" ? "p.gtin = k.gtin and b.lot = k.lot" : "b.public_code = k.public_code";
  return `select k.ord, row_to_json(h)::text as head,
  (select json_agg(x order by x.seq)::text from (select e.id, e.batch_id as "batchId", e.seq, e.kind,
      e.event_type as "eventType", e.biz_step as "bizStep", e.disposition, e.event_time as "eventTime",
      e.event_time_zone_offset as "eventTimeZoneOffset", e.region_id as "regionId",
      e.place_text as "placeText", e.latitude, e.longitude, e.details, e.correction_of as "correctionOf",
      e.recorded_by as "recordedBy", e.recorded_at as "recordedAt", e.prev_hash as "prevHash", e.hash
    from trace_events e where e.batch_id = h.id) x) as events
from json_to_recordset($1::text::json) as k(ord int, ${keyColumns}${unitPage ? ", serial text" : ""})
cross join lateral (select b.id, b.lot, b.status, b.quantity, b.quantity_available,
  b.produced_on::text as produced_on, b.best_before::text as best_before, b.public_code, b.hold_reason,
  b.head_hash, p.id as product_id, p.slug as product_slug, p.name as product_name,
  p.unit as product_unit, p.gtin, p.status as listing_status, p.ocop_group,
  p.updated_at::text as product_updated_at, c.id as cooperative_id, c.slug as cooperative_slug,
  c.name as cooperative_name, c.updated_at::text as cooperative_updated_at, c.region_id as cooperative_region_id,
  (select json_build_object('storageKey', ph.storage_key, 'width', ph.width, 'height', ph.height, 'alt', ph.alt)
    from product_photos ph where ph.product_id = p.id order by ph.position, ph.created_at limit 1) as photo,
  (select json_build_object('id', oc.id, 'stars', oc.stars, 'decisionNo', oc.decision_no,
      'decisionDate', oc.decision_date::text, 'authority', oc.authority, 'expiresOn', oc.expires_on::text,
      'approvedAt', oc.approved_at)
    from ocop_certificates oc where oc.product_id = p.id
    order by oc.created_at desc, oc.id desc limit 1) as certificate,
  (select json_agg(${linkedBatchJson} order by bi.created_at, bi.id)
    from batch_inputs bi
    join batches lb on lb.id = case when bi.output_batch_id = b.id then bi.input_batch_id else bi.output_batch_id end
    join products lp on lp.id = lb.product_id join cooperatives lc on lc.id = lp.cooperative_id
    where bi.output_batch_id = b.id or bi.input_batch_id = b.id) as links,
  ${unitPage ? unitJson : "null::json"} as unit
from batches b
join products p on p.id = b.product_id
join cooperatives c on c.id = p.cooperative_id
where ${match}
limit 1) h
order by k.ord`;
}

/** The serialised unit `k.serial` of the batch, with its scans so far: how many, and from how many clients (enough to warn). */
const unitJson = `(select json_build_object('id', u.id, 'serial', u.serial,
      'scans', (select count(*) from scans sc where sc.unit_id = u.id),
      'clientHashes', coalesce((select json_agg(ch.client_hash) from (
        select distinct sc.client_hash from scans sc where sc.unit_id = u.id limit 200) ch), '[]'::json))
    from units u where u.batch_id = b.id and u.serial = k.serial)`;

/**
 * One prepared statement per key and per kind of page. A batch's page and a unit's page are
 * separate statements so that a batch's page does not look a unit up at all.
 */
const TRACE_QUERIES = {
  gtin: { name: "public_trace_by_gtin_v5", text: traceSql("gtin", false) },
  gtinUnit: { name: "public_trace_unit_by_gtin_v5", text: traceSql("gtin", true) },
  code: { name: "public_trace_by_code_v5", text: traceSql("code", false) },
  codeUnit: { name: "public_trace_unit_by_code_v5", text: traceSql("code", true) },
} as const;
type TraceQuery = (typeof TRACE_QUERIES)[keyof typeof TRACE_QUERIES];

/** One key of a trace statement, as its JSON array holds it. */
type TraceKeyRow = { ord: number; serial?: string } & (
  | { gtin: string; lot: string }
  | { public_code: string }
);

/** A statement's row: the key's position and two JSON texts. */
interface TraceRow {
  ord: number;
  head: string;
  events: string | null;
}

interface HeadRow {
  id: string;
  lot: string;
  status: PublicTrace["batch"]["status"];
  quantity: number;
  quantity_available: number;
  produced_on: string;
  best_before: string | null;
  public_code: string;
  hold_reason: string | null;
  head_hash: string | null;
  product_id: string;
  product_slug: string;
  product_name: string;
  product_unit: string;
  gtin: string | null;
  listing_status: string;
  ocop_group: OcopGroup;
  product_updated_at: string;
  cooperative_id: string;
  cooperative_slug: string;
  cooperative_name: string;
  cooperative_updated_at: string;
  cooperative_region_id: string;
  photo: PublicPhoto | null;
  certificate: PublicCertificate | null;
  links: (PublicLinkedBatch & { direction: "back" | "forward" })[] | null;
  unit: (Omit<PublicUnit, "scans"> & { scans: number | string }) | null;
}

/** Most keys sent to PGlite in one message. */
const PGLITE_BATCH = 32;

interface WaitingTrace {
  query: TraceQuery;
  key: Omit<TraceKeyRow, "ord">;
  resolve: (row: TraceRow | undefined) => void;
  reject: (error: unknown) => void;
}

interface PgliteTraceState {
  serialize: typeof import("@electric-sql/pglite")["protocol"]["serialize"] | null;
  prepared: Map<string, Promise<unknown>>;
  waiting: WaitingTrace[];
  draining: boolean;
}

const PGLITE_STATE = Symbol.for("cho-ocop.public-trace.pglite");
type PGliteClient = PGlite & { [PGLITE_STATE]?: PgliteTraceState };

/**
 * Runs trace statements on PGlite. PGlite is PostgreSQL in WebAssembly on this process's own
 * thread, and each call into it is costly: `query()` makes six (parse, describe, bind,
 * describe, execute, sync), each execution starts the whole plan anew, and a statement run
 * between two renders finds the processor's caches cold. So each statement is PREPAREd once,
 * and the scans that arrive together (one turn of the event loop) are looked up together: one
 * execution per statement for all their keys, in one message and one call, inside PGlite's own
 * locks so they never land in another caller's transaction. Each scan still reads the database
 * as it is when its statement runs.
 */
function runOnPglite(
  client: PGliteClient,
  query: TraceQuery,
  key: WaitingTrace["key"],
): Promise<TraceRow | undefined> {
  client[PGLITE_STATE] ??= { serialize: null, prepared: new Map(), waiting: [], draining: false };
  const state = client[PGLITE_STATE];
  return new Promise((resolve, reject) => {
    state.waiting.push({ query, key, resolve, reject });
    if (!state.draining) {
      state.draining = true;
      setImmediate(() => void drainPglite(client, state));
    }
  });
}

async function drainPglite(client: PGliteClient, state: PgliteTraceState): Promise<void> {
  while (state.waiting.length > 0) {
    const batch = state.waiting.splice(0, PGLITE_BATCH);
    try {
      const rows = await executeOnPglite(client, state, batch);
      for (const [i, waiting] of batch.entries()) waiting.resolve(rows[i]);
    } catch (error) {
      // An error ends the whole message: look each key up alone so each gets its own answer.
      if (batch.length === 1) batch[0]?.reject(error);
      else {
        for (const one of batch) {
          await executeOnPglite(client, state, [one]).then(
            ([row]) => one.resolve(row),
            (e: unknown) => one.reject(e),
          );
        }
      }
    }
  }
  state.draining = false;
}

/** The rows for a batch of waiting scans, in the batch's order (undefined: no such batch). */
async function executeOnPglite(
  client: PGliteClient,
  state: PgliteTraceState,
  batch: WaitingTrace[],
): Promise<(TraceRow | undefined)[]> {
  state.serialize ??= (await import("@electric-sql/pglite")).protocol.serialize;
  const { serialize } = state;
  // One execution per statement, its keys numbered by their place in the batch.
  const byQuery = new Map<TraceQuery, TraceKeyRow[]>();
  for (const [ord, { query, key }] of batch.entries()) {
    const keys = byQuery.get(query) ?? [];
    keys.push({ ...key, ord } as TraceKeyRow);
    byQuery.set(query, keys);
  }
  for (const query of byQuery.keys()) {
    if (!state.prepared.has(query.name)) {
      const preparing = client.exec(`prepare ${query.name} (text) as ${query.text}`);
      state.prepared.set(query.name, preparing);
      preparing.catch(() => state.prepared.delete(query.name));
    }
  }
  await Promise.all([...byQuery.keys()].map((query) => state.prepared.get(query.name)));
  const parts = [...byQuery].flatMap(([query, keys]) => [
    serialize.bind({ statement: query.name, values: [JSON.stringify(keys)] }),
    serialize.execute({}),
  ]);
  parts.push(serialize.sync());
  const message = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  parts.reduce((at, p) => {
    message.set(p, at);
    return at + p.byteLength;
  }, 0);
  const { messages } = await client._runExclusiveTransaction(() =>
    client._runExclusiveQuery(() => client.execProtocol(message, { syncToFs: false })),
  );
  const rows: (TraceRow | undefined)[] = batch.map(() => undefined);
  for (const m of messages) {
    if (m.name !== "dataRow") continue;
    const [ord, head, events] = (m as unknown as { fields: (string | null)[] }).fields;
    rows[Number(ord)] = { ord: Number(ord), head: head ?? "", events: events ?? null };
  }
  return rows;
}

/**
 * Runs the trace statement for one key as a prepared statement: planning it costs more than
 * running it (on PGlite, together with the scans that arrived with it: see runOnPglite).
 * Elsewhere runPrepared: each pooled connection prepares it once; inside a caller's transaction
 * it is an ordinary parameterised query.
 */
async function runTraceQuery(key: TraceKey, serial: string | null, tx: Db): Promise<TraceRow | undefined> {
  const byCode = "publicCode" in key;
  const query =
    serial === null
      ? byCode
        ? TRACE_QUERIES.code
        : TRACE_QUERIES.gtin
      : byCode
        ? TRACE_QUERIES.codeUnit
        : TRACE_QUERIES.gtinUnit;
  const keyRow = {
    ...(byCode ? { public_code: key.publicCode } : { gtin: key.gtin, lot: key.lot }),
    ...(serial === null ? {} : { serial }),
  };
  const handle = getDbHandle();
  if (tx === handle.db && handle.kind === "pglite") {
    return runOnPglite((tx as unknown as { $client: PGliteClient }).$client, query, keyRow);
  }
  const [row] = await runPrepared<TraceRow>(query.text, [JSON.stringify([{ ...keyRow, ord: 0 }])], tx);
  return row;
}

/** An event as the statement wrote it in JSON (times as text, the region as its id), made whole. */
function eventFromJson(
  raw: Omit<PublicTraceEvent, "eventTime" | "recordedAt" | "region"> & {
    eventTime: string;
    recordedAt: string;
  },
  directory: ReadonlyMap<string, DirectoryRegion>,
): PublicTraceEvent {
  const region = raw.regionId ? directory.get(raw.regionId) : undefined;
  return {
    ...raw,
    eventTime: new Date(raw.eventTime),
    recordedAt: new Date(raw.recordedAt),
    region: region ? { scheme: region.scheme, code: region.code, name: region.name } : null,
  };
}

/** A region and its ancestors as the page shows them, province first. */
function publicPlace(directory: ReadonlyMap<string, DirectoryRegion>, id: string): PublicRegion[] {
  return placeIn(directory, id).map((r) => ({
    level: r.level,
    scheme: r.scheme,
    code: r.code,
    name: r.name,
  }));
}

/** The batches one step back (this batch's inputs) or forward (the batches made from it). */
function linked(head: HeadRow, direction: "back" | "forward"): PublicLinkedBatch[] {
  return (head.links ?? [])
    .filter((l) => l.direction === direction)
    .map(({ direction: _, ...batch }) => batch);
}

/** Chain verdicts by a SHA-256 of the diary text they were computed from and the batch's recorded head. */
const VERDICTS_KEY = Symbol.for("cho-ocop.public-trace.verdicts");
const MAX_VERDICTS = 20_000;

/**
 * The hash chain check of a diary exactly as the database returned it. Recomputing the chain
 * costs a canonical serialisation and a SHA-256 per entry on every scan, and its answer depends
 * only on that text and the recorded head, so it is kept under a digest of both: any change to
 * a stored entry (even one made behind the trigger's back) changes the text, misses, and is
 * checked in full. Bounded; the oldest verdicts go first.
 */
function verifiedChain(
  eventsText: string,
  headHash: string | null,
  events: PublicTraceEvent[],
): ChainVerdict {
  const holder = globalThis as { [VERDICTS_KEY]?: Map<string, ChainVerdict> };
  holder[VERDICTS_KEY] ??= new Map();
  const verdicts = holder[VERDICTS_KEY];
  const key = createHash("sha256")
    .update(headHash ?? "-")
    .update("\n")
    .update(eventsText)
    .digest("base64");
  const known = verdicts.get(key);
  if (known) return known;
  const verdict = verifyChain(events, { expectedHeadHash: headHash });
  if (verdicts.size >= MAX_VERDICTS) verdicts.delete(verdicts.keys().next().value as string);
  verdicts.set(key, verdict);
  return verdict;
}

/**
 * Loads a batch's public record by its label key, and the unit when a serial is given, in one
 * statement, with its hash chain checked. `missing` says which part of the key is unknown, for
 * the 404 page.
 */
export async function loadPublicTrace(
  key: TraceKey,
  options: { serial?: string | null } = {},
  tx: Db = defaultDb(),
): Promise<PublicTraceResult> {
  const serial = options.serial ?? null;
  const row = await runTraceQuery(key, serial, tx);
  if (!row) return { found: false, missing: "batch" };
  const head = JSON.parse(row.head) as HeadRow;
  const unit = serial === null ? null : head.unit;
  if (serial !== null && !unit) return { found: false, missing: "unit" };
  const eventsText = row.events ?? "[]";
  const rawEvents = JSON.parse(eventsText) as Parameters<typeof eventFromJson>[0][];
  const regionIds = [head.cooperative_region_id];
  for (const e of rawEvents) if (e.regionId) regionIds.push(e.regionId);
  const directory = await regionDirectory(regionIds, tx);
  const events = rawEvents.map((e) => eventFromJson(e, directory));
  const home = directory.get(head.cooperative_region_id);

  return {
    found: true,
    trace: {
      batch: {
        id: head.id,
        lot: head.lot,
        status: head.status,
        quantity: head.quantity,
        quantityAvailable: head.quantity_available,
        producedOn: head.produced_on,
        bestBefore: head.best_before,
        publicCode: head.public_code,
        holdReason: head.hold_reason,
        headHash: head.head_hash,
      },
      product: {
        id: head.product_id,
        slug: head.product_slug,
        name: head.product_name,
        unit: head.product_unit,
        gtin: head.gtin,
        listingStatus: head.listing_status,
        ocopGroup: head.ocop_group,
        updatedAt: iso(head.product_updated_at),
      },
      cooperative: {
        id: head.cooperative_id,
        slug: head.cooperative_slug,
        name: head.cooperative_name,
        updatedAt: iso(head.cooperative_updated_at),
        place: publicPlace(directory, head.cooperative_region_id),
        currentPlace: home?.successorId ? publicPlace(directory, home.successorId) : null,
      },
      photo: head.photo,
      certificate: head.certificate,
      inputs: linked(head, "back"),
      outputs: linked(head, "forward"),
      events,
      chain: verifiedChain(eventsText, head.head_hash, events),
      unit: unit ? { ...unit, scans: Number(unit.scans) } : null,
    },
  };
}

const eventColumns = {
  id: traceEvents.id,
  batchId: traceEvents.batchId,
  seq: traceEvents.seq,
  kind: traceEvents.kind,
  eventType: traceEvents.eventType,
  bizStep: traceEvents.bizStep,
  disposition: traceEvents.disposition,
  eventTime: traceEvents.eventTime,
  eventTimeZoneOffset: traceEvents.eventTimeZoneOffset,
  regionId: traceEvents.regionId,
  placeText: traceEvents.placeText,
  latitude: traceEvents.latitude,
  longitude: traceEvents.longitude,
  details: traceEvents.details,
  correctionOf: traceEvents.correctionOf,
  recordedBy: traceEvents.recordedBy,
  recordedAt: traceEvents.recordedAt,
  prevHash: traceEvents.prevHash,
  hash: traceEvents.hash,
  regionScheme: regions.scheme,
  regionCode: regions.code,
  regionName: regions.name,
};

function toPublicEvent(row: EventRow): PublicTraceEvent {
  const { regionScheme, regionCode, regionName, ...event } = row;
  return {
    ...event,
    region:
      regionScheme && regionCode && regionName
        ? { scheme: regionScheme, code: regionCode, name: regionName }
        : null,
  };
}

type EventRow = Awaited<ReturnType<typeof eventsQuery>>[number];

function eventsQuery(where: SQL | undefined, tx: Db) {
  return tx
    .select(eventColumns)
    .from(traceEvents)
    .leftJoin(regions, eq(regions.id, traceEvents.regionId))
    .where(where)
    .orderBy(asc(traceEvents.batchId), asc(traceEvents.seq));
}

/**
 * Loads a batch's public record by its label key, and the unit when a serial is given.
 * `missing` says which part of the key is unknown, for the 404 page.
 */
/** The diaries of the batches this one was made from, for the EPCIS export (one query). */
export async function loadInputEvents(
  trace: PublicTrace,
  tx: Db = defaultDb(),
): Promise<Map<string, PublicTraceEvent[]>> {
  const ids = [...new Set(trace.inputs.map((i) => i.batchId))];
  const byBatch = new Map<string, PublicTraceEvent[]>();
  if (ids.length === 0) return byBatch;
  for (const row of await eventsQuery(inArray(traceEvents.batchId, ids), tx)) {
    const list = byBatch.get(row.batchId) ?? [];
    list.push(toPublicEvent(row));
    byBatch.set(row.batchId, list);
  }
  return byBatch;
}

function inputBatchesOf(trace: PublicTrace): EpcisInputBatch[] {
  return trace.inputs.map((i) => ({
    eventId: i.eventId,
    quantity: i.quantity,
    lot: i.lot,
    publicCode: i.publicCode,
    gtin: i.gtin,
    unit: i.unit,
    productName: i.productName,
  }));
}

type Vocabulary = { type: string; vocabularyElementList: { id: string }[] };

/**
 * The batch's EPCIS 2.0 document: its own diary, with the transformation's inputs as input
 * quantities, preceded by the input batches' own diaries (one step back, in full).
 */
export function toPublicEpcisDocument(
  trace: PublicTrace,
  inputEvents: Map<string, PublicTraceEvent[]>,
  origin: string,
  now: Date = new Date(),
): EpcisDocument {
  const own = toEpcisDocument({
    batch: { ...trace.batch },
    product: {
      name: trace.product.name,
      gtin: trace.product.gtin,
      unit: trace.product.unit,
      cooperativeName: trace.cooperative.name,
    },
    events: trace.events,
    inputBatches: inputBatchesOf(trace),
    origin,
    now,
  });
  const seen = new Set<string>();
  const inputDocs = trace.inputs
    .filter((i) => !seen.has(i.batchId) && seen.add(i.batchId) && inputEvents.has(i.batchId))
    .map((i) =>
      toEpcisDocument({
        batch: {
          lot: i.lot,
          publicCode: i.publicCode,
          quantity: i.batchQuantity,
          producedOn: i.producedOn,
          bestBefore: i.bestBefore,
          status: i.status,
        },
        product: { name: i.productName, gtin: i.gtin, unit: i.unit, cooperativeName: i.cooperativeName },
        events: inputEvents.get(i.batchId) ?? [],
        inputBatches: [],
        origin,
        now,
      }),
    );
  if (inputDocs.length === 0) return own;

  const eventList: EpcisEvent[] = [
    ...inputDocs.flatMap((d) => d.epcisBody.eventList),
    ...own.epcisBody.eventList,
  ];
  const vocabularies = new Map<string, Vocabulary>();
  for (const doc of [own, ...inputDocs]) {
    for (const v of doc.epcisHeader.epcisMasterData.vocabularyList as unknown as Vocabulary[]) {
      const merged = vocabularies.get(v.type) ?? { type: v.type, vocabularyElementList: [] };
      for (const element of v.vocabularyElementList) {
        if (!merged.vocabularyElementList.some((e) => e.id === element.id))
          merged.vocabularyElementList.push(element);
      }
      vocabularies.set(v.type, merged);
    }
  }
  return {
    ...own,
    epcisHeader: {
      epcisMasterData: { vocabularyList: [...vocabularies.values()] as unknown as Record<string, unknown>[] },
    },
    epcisBody: { eventList },
  };
}
