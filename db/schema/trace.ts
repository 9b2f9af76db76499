import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  bigint,
  check,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  unique,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { createdAt, id, tstz } from "./_columns";
import { users } from "./accounts";
import { products } from "./listings";
import { regions } from "./regions";

export const batchStatus = pgEnum("batch_status", ["recording", "released", "sold_out", "closed", "on_hold"]);
export const epcisEventType = pgEnum("epcis_event_type", [
  "ObjectEvent",
  "AggregationEvent",
  "TransactionEvent",
  "TransformationEvent",
  "AssociationEvent",
]);

/** GS1 AI (10) lot: 1–20 characters of the GS1 set (CSET 82), no spaces, no diacritics. */
// ";" is written as \x3B: drizzle-kit splits generated SQL on semicolons.
const GS1_CSET82 = String.raw`^[!"%&'()*+,./0-9:\x3B<=>?A-Z_a-z-]{1,20}$`;

export const batches = pgTable(
  "batches",
  {
    id: id(),
    productId: uuid("product_id")
      .notNull()
      .references(() => products.id, { onDelete: "restrict" }),
    lot: text("lot").notNull(),
    status: batchStatus("status").notNull().default("recording"),
    /** Quantity produced, in the product's unit. */
    quantity: integer("quantity").notNull(),
    /** Still sellable; decremented by order allocation under a row lock. */
    quantityAvailable: integer("quantity_available").notNull(),
    producedOn: date("produced_on", { mode: "string" }).notNull(),
    bestBefore: date("best_before", { mode: "string" }),
    /** Random public code for the short trace path of products without a GTIN. */
    publicCode: text("public_code").notNull(),
    holdReason: text("hold_reason"),
    /** Hash of the newest event; the HTTP ETag of the public page derives from it. */
    headHash: text("head_hash"),
    releasedAt: tstz("released_at"),
    createdAt: createdAt(),
  },
  (t) => [
    unique("batches_product_lot_key").on(t.productId, t.lot),
    uniqueIndex("batches_public_code_key").on(t.publicCode),
    index("batches_status_idx").on(t.status),
    check("batches_lot_gs1", sql.raw(`lot ~ '${GS1_CSET82.replaceAll("'", "''")}'`)),
    check("batches_quantity_nonnegative", sql`${t.quantity} >= 0`),
    check(
      "batches_available_within_quantity",
      sql`${t.quantityAvailable} >= 0 and ${t.quantityAvailable} <= ${t.quantity}`,
    ),
    check(
      "batches_best_before_after_production",
      sql`${t.bestBefore} is null or ${t.bestBefore} >= ${t.producedOn}`,
    ),
  ],
);

/**
 * The production diary, one row per EPCIS 2.0 event. Append-only: a trigger refuses UPDATE
 * and DELETE; a correction is a new event pointing at the one it corrects. Each batch's events
 * form a SHA-256 hash chain (prev_hash → hash) over a canonical serialisation.
 */
export const traceEvents = pgTable(
  "trace_events",
  {
    id: id(),
    batchId: uuid("batch_id")
      .notNull()
      .references(() => batches.id, { onDelete: "restrict" }),
    /** Position in the batch's chain, from 1. */
    seq: integer("seq").notNull(),
    /** Diary kind (planting, fertilising, spraying, harvesting, processing, lab_test, …). */
    kind: text("kind").notNull(),
    eventType: epcisEventType("event_type").notNull(),
    /** CBV business step URI, or the project's own vocabulary URI for farm steps. */
    bizStep: text("biz_step").notNull(),
    disposition: text("disposition"),
    eventTime: tstz("event_time").notNull(),
    eventTimeZoneOffset: text("event_time_zone_offset").notNull().default("+07:00"),
    regionId: uuid("region_id").references(() => regions.id, { onDelete: "restrict" }),
    placeText: text("place_text"),
    latitude: doublePrecision("latitude"),
    longitude: doublePrecision("longitude"),
    details: jsonb("details").$type<Record<string, unknown>>().notNull().default({}),
    correctionOf: uuid("correction_of").references((): AnyPgColumn => traceEvents.id, {
      onDelete: "restrict",
    }),
    recordedBy: uuid("recorded_by").references(() => users.id, { onDelete: "restrict" }),
    recordedAt: tstz("recorded_at").notNull().defaultNow(),
    prevHash: text("prev_hash"),
    hash: text("hash").notNull(),
  },
  (t) => [
    unique("trace_events_batch_seq_key").on(t.batchId, t.seq),
    index("trace_events_region_id_idx").on(t.regionId),
    index("trace_events_correction_of_idx").on(t.correctionOf),
    index("trace_events_recorded_by_idx").on(t.recordedBy),
    check("trace_events_seq_positive", sql`${t.seq} >= 1`),
    check("trace_events_tz_offset_format", sql`${t.eventTimeZoneOffset} ~ '^[+-][0-9]{2}:[0-9]{2}$'`),
    check("trace_events_hash_format", sql`${t.hash} ~ '^[0-9a-f]{64}$'`),
  ],
);

/** Transformation links: the input batches (and quantities) a processing step consumed. */
export const batchInputs = pgTable(
  "batch_inputs",
  {
    id: id(),
    outputBatchId: uuid("output_batch_id")
      .notNull()
      .references(() => batches.id, { onDelete: "restrict" }),
    inputBatchId: uuid("input_batch_id")
      .notNull()
      .references(() => batches.id, { onDelete: "restrict" }),
    eventId: uuid("event_id").references(() => traceEvents.id, { onDelete: "restrict" }),
    quantity: integer("quantity").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index("batch_inputs_output_batch_id_idx").on(t.outputBatchId),
    index("batch_inputs_input_batch_id_idx").on(t.inputBatchId),
    index("batch_inputs_event_id_idx").on(t.eventId),
    check("batch_inputs_quantity_positive", sql`${t.quantity} > 0`),
    check("batch_inputs_not_self", sql`${t.outputBatchId} <> ${t.inputBatchId}`),
  ],
);

/** Serialised units (GS1 AI 21) of a batch. */
export const units = pgTable(
  "units",
  {
    id: id(),
    batchId: uuid("batch_id")
      .notNull()
      .references(() => batches.id, { onDelete: "restrict" }),
    serial: text("serial").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    unique("units_batch_serial_key").on(t.batchId, t.serial),
    check("units_serial_gs1", sql.raw(`serial ~ '${GS1_CSET82.replaceAll("'", "''")}'`)),
  ],
);

export const deviceClass = pgEnum("device_class", ["mobile", "tablet", "desktop", "bot", "other"]);

/**
 * One row per scan of a public trace page: the busiest table there is, written in batches
 * (scan-log.server.ts). Its key is a sequence number, not a random uuid: nothing refers to a
 * scan, and a random key costs every insert a random place in the key's index.
 */
export const scans = pgTable(
  "scans",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    batchId: uuid("batch_id")
      .notNull()
      .references(() => batches.id, { onDelete: "cascade" }),
    unitId: uuid("unit_id").references(() => units.id, { onDelete: "cascade" }),
    at: tstz("at").notNull().defaultNow(),
    /** Salted hash of the client (address + user agent); never the raw address. */
    clientHash: text("client_hash").notNull(),
    deviceClass: deviceClass("device_class").notNull(),
    referrer: text("referrer"),
  },
  (t) => [index("scans_batch_id_at_idx").on(t.batchId, t.at), index("scans_unit_id_idx").on(t.unitId)],
);
