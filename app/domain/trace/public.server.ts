/**
 * The public read model of a batch: everything its scan page and EPCIS export show, loaded by
 * the key printed on the label (GTIN + lot, or the short path's public code) in two queries
 * that run side by side: the batch with its product, cooperative, place, photo, certificate,
 * transformation links and unit, and the diary. No session, no permissions: all of it is public.
 */
import { asc, eq, inArray, type SQL, sql } from "drizzle-orm";
import { type Db, db as defaultDb, getDbHandle, rowsOf } from "~db/client.server";
import { regions, traceEvents } from "~db/schema";
import type { OcopGroup } from "../listings/ocop";
import {
  type EpcisDocument,
  type EpcisEvent,
  type EpcisInputBatch,
  type EpcisTraceEvent,
  toEpcisDocument,
} from "./epcis";

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
  /** The serialised unit asked for; null when the URL named none. */
  unit: PublicUnit | null;
}

export type PublicTraceResult =
  | { found: true; trace: PublicTrace }
  | { found: false; missing: "batch" | "unit" };

/** json/jsonb columns arrive parsed on one driver and as text on the other. */
function json<T>(value: unknown): T {
  return (typeof value === "string" ? JSON.parse(value) : value) as T;
}

/** Timestamps arrive as Date or as text depending on the driver; the view wants ISO text. */
function iso(value: unknown): string {
  return value instanceof Date ? value.toISOString() : new Date(String(value)).toISOString();
}

/** A json_build_object of a batch at the other end of a batch_inputs row (`lp`, `lc`: its product, cooperative). */
const linkedBatchJson = (alias: "ib" | "ob") => `json_build_object(
    'batchId', ${alias}.id, 'lot', ${alias}.lot, 'publicCode', ${alias}.public_code, 'gtin', lp.gtin,
    'productName', lp.name, 'unit', lp.unit, 'cooperativeName', lc.name, 'quantity', bi.quantity,
    'eventId', bi.event_id, 'batchQuantity', ${alias}.quantity, 'producedOn', ${alias}.produced_on::text,
    'bestBefore', ${alias}.best_before::text, 'status', ${alias}.status)`;

/** The ancestors of a region, province first, from its materialised path (the array is split once). */
const placeOf = (alias: "r" | "s") => `(select json_agg(json_build_object(
      'level', a.level, 'scheme', a.scheme, 'code', a.code, 'name', a.name) order by anc.depth)
    from unnest(string_to_array(trim(both '/' from ${alias}.path), '/')::uuid[]) with ordinality as anc(id, depth)
    join regions a on a.id = anc.id)`;

/**
 * The whole public record in one statement, diary included; `serial` is the parameter holding
 * the unit's serial (or null). Plain text, so PGlite can keep it prepared (see runTraceQuery).
 */
function traceSql(where: string, serial: string): string {
  return `select b.id, b.lot, b.status, b.quantity, b.quantity_available,
  b.produced_on::text as produced_on, b.best_before::text as best_before, b.public_code, b.hold_reason,
  b.head_hash, p.id as product_id, p.slug as product_slug, p.name as product_name,
  p.unit as product_unit, p.gtin, p.status as listing_status, p.ocop_group,
  p.updated_at::text as product_updated_at, c.id as cooperative_id, c.slug as cooperative_slug,
  c.name as cooperative_name, c.updated_at::text as cooperative_updated_at,
  ${placeOf("r")} as place,
  case when s.id is null then null else ${placeOf("s")} end as current_place,
  (select json_build_object('storageKey', ph.storage_key, 'width', ph.width, 'height', ph.height, 'alt', ph.alt)
    from product_photos ph where ph.product_id = p.id order by ph.position, ph.created_at limit 1) as photo,
  (select json_build_object('id', oc.id, 'stars', oc.stars, 'decisionNo', oc.decision_no,
      'decisionDate', oc.decision_date::text, 'authority', oc.authority, 'expiresOn', oc.expires_on::text,
      'approvedAt', oc.approved_at)
    from ocop_certificates oc where oc.product_id = p.id
    order by oc.created_at desc, oc.id desc limit 1) as certificate,
  (select json_agg(${linkedBatchJson("ib")} order by bi.created_at, bi.id)
    from batch_inputs bi join batches ib on ib.id = bi.input_batch_id
    join products lp on lp.id = ib.product_id join cooperatives lc on lc.id = lp.cooperative_id
    where bi.output_batch_id = b.id) as inputs,
  (select json_agg(${linkedBatchJson("ob")} order by bi.created_at, bi.id)
    from batch_inputs bi join batches ob on ob.id = bi.output_batch_id
    join products lp on lp.id = ob.product_id join cooperatives lc on lc.id = lp.cooperative_id
    where bi.input_batch_id = b.id) as outputs,
  (select json_build_object('id', u.id, 'serial', u.serial,
      'scans', (select count(*) from scans sc where sc.unit_id = u.id),
      'clientHashes', coalesce((select json_agg(h.client_hash) from (
        select distinct sc.client_hash from scans sc where sc.unit_id = u.id limit 200) h), '[]'::json))
    from units u where u.batch_id = b.id and u.serial = ${serial}) as unit,
  (select json_agg(json_build_object('id', e.id, 'batchId', e.batch_id, 'seq', e.seq, 'kind', e.kind,
      'eventType', e.event_type, 'bizStep', e.biz_step, 'disposition', e.disposition,
      'eventTime', e.event_time, 'eventTimeZoneOffset', e.event_time_zone_offset, 'regionId', e.region_id,
      'placeText', e.place_text, 'latitude', e.latitude, 'longitude', e.longitude, 'details', e.details,
      'correctionOf', e.correction_of, 'recordedBy', e.recorded_by, 'recordedAt', e.recorded_at,
      'prevHash', e.prev_hash, 'hash', e.hash,
      'region', case when er.id is null then null
        else json_build_object('scheme', er.scheme, 'code', er.code, 'name', er.name) end) order by e.seq)
    from trace_events e left join regions er on er.id = e.region_id where e.batch_id = b.id) as events
from batches b
join products p on p.id = b.product_id
join cooperatives c on c.id = p.cooperative_id
join regions r on r.id = c.region_id
left join regions s on s.id = r.successor_id
where ${where}
limit 1`;
}

const TRACE_QUERIES = {
  gtin: {
    name: "public_trace_by_gtin_v2",
    types: "text, text, text",
    text: traceSql("p.gtin = $1 and b.lot = $2", "$3"),
  },
  code: { name: "public_trace_by_code_v2", types: "text, text", text: traceSql("b.public_code = $1", "$2") },
} as const;

/** A SQL string literal, for values already checked to be printable ASCII (digits, base32, GS1 CSET 82). */
export function sqlLiteral(value: string | null): string {
  if (value === null) return "null";
  if (!/^[\x20-\x7e]*$/.test(value)) throw new TypeError("Trace key values must be printable ASCII");
  return `'${value.replaceAll("'", "''")}'`;
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
  place: unknown;
  current_place: unknown;
  photo: unknown;
  certificate: unknown;
  inputs: unknown;
  outputs: unknown;
  unit: unknown;
  events: unknown;
}

interface PGliteLike {
  exec(text: string): Promise<unknown>;
  query(text: string): Promise<{ rows: unknown[] }>;
}
interface PostgresJsLike {
  unsafe(text: string, params: unknown[], options: { prepare: boolean }): Promise<unknown[]>;
}
const PREPARED = Symbol.for("cho-ocop.public-trace.prepared");

/**
 * Runs the trace statement as a prepared statement: planning it costs more than running it.
 * PGlite (one session, in this process) PREPAREs it once and EXECUTEs it with literal
 * arguments; postgres.js prepares it on each pooled connection itself when asked to. Inside a
 * caller's transaction it is an ordinary parameterised query.
 */
async function runTraceQuery(key: TraceKey, serial: string | null, tx: Db): Promise<HeadRow | undefined> {
  const query = "publicCode" in key ? TRACE_QUERIES.code : TRACE_QUERIES.gtin;
  const args = "publicCode" in key ? [key.publicCode, serial] : [key.gtin, key.lot, serial];
  const handle = getDbHandle();
  if (tx === handle.db && handle.kind === "pglite") {
    const client = (tx as unknown as { $client: PGliteLike & { [PREPARED]?: Set<string> } }).$client;
    client[PREPARED] ??= new Set();
    const prepared = client[PREPARED];
    if (!prepared.has(query.name)) {
      await client.exec(`prepare ${query.name} (${query.types}) as ${query.text}`);
      prepared.add(query.name);
    }
    const result = await client.query(`execute ${query.name}(${args.map(sqlLiteral).join(", ")})`);
    return result.rows[0] as HeadRow | undefined;
  }
  if (tx === handle.db && handle.kind === "postgres") {
    const client = (tx as unknown as { $client: PostgresJsLike }).$client;
    const rows = await client.unsafe(query.text, args, { prepare: true });
    return rows[0] as HeadRow | undefined;
  }
  // "$n" placeholders become bound values, in the driver's own syntax.
  const pieces = query.text.split(/\$(\d)/);
  const statement = sql.join(
    pieces.map((piece, i) => (i % 2 === 0 ? sql.raw(piece) : sql`${args[Number(piece) - 1] ?? null}::text`)),
  );
  return rowsOf<HeadRow>(await tx.execute(statement))[0];
}

/** An event as json_build_object wrote it: times come back as text. */
function eventFromJson(
  raw: Omit<PublicTraceEvent, "eventTime" | "recordedAt"> & { eventTime: string; recordedAt: string },
): PublicTraceEvent {
  return { ...raw, eventTime: new Date(raw.eventTime), recordedAt: new Date(raw.recordedAt) };
}

/**
 * Loads a batch's public record by its label key, and the unit when a serial is given, in one
 * statement. `missing` says which part of the key is unknown, for the 404 page.
 */
export async function loadPublicTrace(
  key: TraceKey,
  options: { serial?: string | null } = {},
  tx: Db = defaultDb(),
): Promise<PublicTraceResult> {
  const serial = options.serial ?? null;
  const head = await runTraceQuery(key, serial, tx);
  if (!head) return { found: false, missing: "batch" };
  const unit = serial === null ? null : json<PublicUnit | null>(head.unit);
  if (serial !== null && !unit) return { found: false, missing: "unit" };

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
        place: json<PublicRegion[] | null>(head.place) ?? [],
        currentPlace: json<PublicRegion[] | null>(head.current_place),
      },
      photo: json<PublicPhoto | null>(head.photo),
      certificate: json<PublicCertificate | null>(head.certificate),
      inputs: json<PublicLinkedBatch[] | null>(head.inputs) ?? [],
      outputs: json<PublicLinkedBatch[] | null>(head.outputs) ?? [],
      events: (json<Parameters<typeof eventFromJson>[0][] | null>(head.events) ?? []).map(eventFromJson),
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
