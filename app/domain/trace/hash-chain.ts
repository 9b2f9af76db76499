/**
 * The hash chain over a batch's trace events (pure, no I/O).
 *
 * Canonical serialisation of an event (version 1):
 * - A JSON object with exactly these 16 keys: batchId, seq, kind, eventType, bizStep,
 *   disposition, eventTime, eventTimeZoneOffset, regionId, placeText, latitude, longitude,
 *   details, correctionOf, recordedBy, prevHash. A missing optional value is written as null
 *   (missing details as {}).
 * - eventTime is ISO 8601 in UTC with milliseconds, e.g. "2026-03-01T02:00:00.000Z"; the local
 *   offset travels separately in eventTimeZoneOffset ("+07:00").
 * - Object keys are sorted at every depth (including inside details) by UTF-16 code units, as
 *   in RFC 8785; arrays keep their order. Keys whose value is undefined are left out, as
 *   JSON.stringify does; a Date inside details is written as its ISO string.
 * - Every string (keys and values) is NFC-normalised, so the same Vietnamese text typed on
 *   different keyboards ("ộ" precomposed or as o + two combining marks) hashes the same.
 * - Numbers are JSON numbers as JSON.stringify writes them; NaN and Infinity are refused.
 * - No whitespace anywhere.
 * hash = lower-case hex SHA-256 of the UTF-8 bytes of that text. Event k's prevHash is event
 * k−1's hash; the first event's prevHash is null. The row id and recordedAt are not hashed
 * (the database fills them in); everything a reader sees on the trace page is.
 */
import { createHash } from "node:crypto";

export interface ChainEvent {
  batchId: string;
  seq: number;
  kind: string;
  eventType: string;
  bizStep: string;
  disposition?: string | null;
  eventTime: Date | string;
  eventTimeZoneOffset: string;
  regionId?: string | null;
  placeText?: string | null;
  latitude?: number | null;
  longitude?: number | null;
  details?: Record<string, unknown> | null;
  correctionOf?: string | null;
  recordedBy?: string | null;
  prevHash?: string | null;
}

export interface HashedChainEvent extends ChainEvent {
  hash: string;
}

export type ChainBreakReason = "hash_mismatch" | "prev_hash_mismatch" | "seq_gap" | "head_mismatch";
export type ChainVerdict =
  | { intact: true; headHash: string | null }
  | { intact: false; brokenAtSeq: number; reason: ChainBreakReason };

/** Deep copy with every string NFC-normalised, undefined keys dropped and Dates as ISO strings. */
export function normalizeJsonValue(value: unknown): unknown {
  if (value === null) return null;
  if (typeof value === "string") return value.normalize("NFC");
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new TypeError("Trace event values must be finite numbers");
    return value;
  }
  if (typeof value === "boolean") return value;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : normalizeJsonValue(v)));
  if (typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (v !== undefined) out[k.normalize("NFC")] = normalizeJsonValue(v);
    }
    return out;
  }
  throw new TypeError(`Trace event values cannot hold a ${typeof value}`);
}

function serialise(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return `[${value.map(serialise).join(",")}]`;
  if (typeof value === "object") {
    const obj = value as Record<string, unknown>;
    // Plain comparison (not localeCompare) = UTF-16 code unit order, independent of the machine's locale.
    const keys = Object.keys(obj).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${keys.map((k) => `${JSON.stringify(k)}:${serialise(obj[k])}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

function isoUtc(value: Date | string): string {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) throw new TypeError("Trace event time is not a valid date");
  return date.toISOString();
}

/** The canonical text of an event, the input of its hash (see the comment at the top). */
export function canonicalEventJson(event: ChainEvent): string {
  const canonical = {
    batchId: event.batchId,
    seq: event.seq,
    kind: event.kind,
    eventType: event.eventType,
    bizStep: event.bizStep,
    disposition: event.disposition ?? null,
    eventTime: isoUtc(event.eventTime),
    eventTimeZoneOffset: event.eventTimeZoneOffset,
    regionId: event.regionId ?? null,
    placeText: event.placeText ?? null,
    latitude: event.latitude ?? null,
    longitude: event.longitude ?? null,
    details: event.details ?? {},
    correctionOf: event.correctionOf ?? null,
    recordedBy: event.recordedBy ?? null,
    prevHash: event.prevHash ?? null,
  };
  return serialise(normalizeJsonValue(canonical));
}

/** SHA-256 (lower-case hex) of the event's canonical serialisation. */
export function hashEvent(event: ChainEvent): string {
  return createHash("sha256").update(canonicalEventJson(event), "utf8").digest("hex");
}

/**
 * Checks a batch's events: seqs are exactly 1..n, each event's stored hash matches its content,
 * and each prevHash names the previous event's hash. Reports the first seq where that fails.
 * With `expectedHeadHash` (the batch's recorded head) it also catches events cut off the end.
 */
export function verifyChain(
  events: readonly HashedChainEvent[],
  options: { expectedHeadHash?: string | null } = {},
): ChainVerdict {
  const sorted = [...events].sort((a, b) => a.seq - b.seq);
  let prev: string | null = null;
  for (const [index, event] of sorted.entries()) {
    const expectedSeq = index + 1;
    if (event.seq !== expectedSeq) return { intact: false, brokenAtSeq: expectedSeq, reason: "seq_gap" };
    if ((event.prevHash ?? null) !== prev) {
      return { intact: false, brokenAtSeq: expectedSeq, reason: "prev_hash_mismatch" };
    }
    if (hashEvent(event) !== event.hash) {
      return { intact: false, brokenAtSeq: expectedSeq, reason: "hash_mismatch" };
    }
    prev = event.hash;
  }
  if (options.expectedHeadHash !== undefined && (options.expectedHeadHash ?? null) !== prev) {
    return { intact: false, brokenAtSeq: sorted.length + 1, reason: "head_mismatch" };
  }
  return { intact: true, headHash: prev };
}
