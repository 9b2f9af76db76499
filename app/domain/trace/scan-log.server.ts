/**
 * Scan logging that never slows a scan down: each scan is appended to an in-memory buffer and
 * written in batches (one multi-row insert every 250 ms, or as soon as 500 rows wait), and on
 * shutdown. The client is kept only as an HMAC of its address and user agent under the session
 * secret, so visits can be counted per device without storing who made them.
 *
 * The buffer lives on globalThis: the HTTP server's page cache (scripts/) and the route in the
 * server bundle each load their own copy of this module, and both must fill the same buffer.
 */
import { createHmac } from "node:crypto";
import { getEnv } from "~/utils/env.server";
import { resolveSessionSecret } from "~/utils/session.server";
import { runPrepared } from "~db/client.server";
import { type DeviceClass, deviceClassOf } from "./scan";

export const FLUSH_INTERVAL_MS = 250;
export const FLUSH_BATCH_ROWS = 500;
/** While the database is unreachable, rows wait up to this many; older ones are dropped with an error. */
const MAX_PENDING_ROWS = 100_000;
const RETRY_INTERVAL_MS = 5_000;

export interface ScanRow {
  batchId: string;
  unitId: string | null;
  /** Milliseconds since the epoch, taken when the request arrived. */
  at: number;
  clientHash: string;
  deviceClass: DeviceClass;
  referrer: string | null;
}

export interface ScanInput {
  batchId: string;
  unitId?: string | null;
  clientAddress: string | null | undefined;
  userAgent: string | null | undefined;
  referrer: string | null | undefined;
  at?: number;
}

interface ScanLogState {
  buffer: ScanRow[];
  /** Rows taken out of the buffer by a flush whose insert has not finished. */
  inFlight: ScanRow[];
  timer: ReturnType<typeof setTimeout> | null;
  flushing: Promise<void> | null;
  secret: string | null;
  hashes: Map<string, string>;
  devices: Map<string, DeviceClass>;
  written: number;
}

const KEY = Symbol.for("cho-ocop.scan-log");
function state(): ScanLogState {
  const holder = globalThis as { [KEY]?: ScanLogState };
  holder[KEY] ??= {
    buffer: [],
    inFlight: [],
    timer: null,
    flushing: null,
    secret: null,
    hashes: new Map(),
    devices: new Map(),
    written: 0,
  };
  return holder[KEY];
}

// Small memo tables: a phone that scans twice, or a crawler, costs one HMAC and one isbot.
const MEMO_LIMIT = 10_000;
function memo<V>(map: Map<string, V>, key: string, make: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    if (map.size >= MEMO_LIMIT) map.clear();
    value = make();
    map.set(key, value);
  }
  return value;
}

/** HMAC-SHA256 of address and user agent under the session secret (hex, 32 characters). */
export function clientHashOf(address: string, userAgent: string, secret: string): string {
  return createHmac("sha256", secret).update(`${address}\n${userAgent}`).digest("hex").slice(0, 32);
}

/** The referrer worth keeping: its origin and path, never its query string (it may carry personal data). */
export function referrerOf(value: string | null | undefined): string | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    if (url.protocol !== "http:" && url.protocol !== "https:") return null;
    return `${url.origin}${url.pathname}`.slice(0, 300);
  } catch {
    return null;
  }
}

/** Records one scan; returns at once. The row reaches the database within FLUSH_INTERVAL_MS. */
export function logScan(input: ScanInput): ScanRow {
  const s = state();
  s.secret ??= resolveSessionSecret(getEnv());
  const secret = s.secret;
  const address = input.clientAddress ?? "";
  const userAgent = input.userAgent ?? "";
  const row: ScanRow = {
    batchId: input.batchId,
    unitId: input.unitId ?? null,
    at: input.at ?? Date.now(),
    clientHash: memo(s.hashes, `${address}\n${userAgent}`, () => clientHashOf(address, userAgent, secret)),
    deviceClass: memo(s.devices, userAgent, () => deviceClassOf(userAgent)),
    referrer: referrerOf(input.referrer),
  };
  s.buffer.push(row);
  if (s.buffer.length >= FLUSH_BATCH_ROWS) {
    void flushScanLog().catch(() => {});
  } else if (!s.timer) {
    s.timer = setTimeout(() => {
      s.timer = null;
      void flushScanLog().catch(() => {});
    }, FLUSH_INTERVAL_MS);
    s.timer.unref?.();
  }
  return row;
}

/** Scans of a unit still waiting in memory, so a page can count the scan it is answering. */
export function pendingUnitScans(unitId: string): ScanRow[] {
  const s = state();
  return [...s.inFlight, ...s.buffer].filter((r) => r.unitId === unitId);
}

/**
 * One statement and one parameter, however many rows: the rows travel as a JSON array, times as
 * milliseconds since the epoch (a number is cheaper for the database to read than a date in text).
 */
const insertScans = `insert into scans (batch_id, unit_id, at, client_hash, device_class, referrer)
  select r.batch_id, r.unit_id, to_timestamp(r.at_ms / 1000.0), r.client_hash, r.device_class, r.referrer
  from json_to_recordset($1::text::json) as r(
    batch_id uuid, unit_id uuid, at_ms float8, client_hash text, device_class device_class, referrer text)`;

async function writeRows(rows: ScanRow[]): Promise<void> {
  const payload = JSON.stringify(
    rows.map((r) => ({
      batch_id: r.batchId,
      unit_id: r.unitId,
      at_ms: r.at,
      client_hash: r.clientHash,
      device_class: r.deviceClass,
      referrer: r.referrer,
    })),
  );
  await runPrepared(insertScans, [payload]);
}

/**
 * Writes every buffered scan now (in batches of FLUSH_BATCH_ROWS) and resolves when they are in
 * the database. Called by the timer, when the buffer fills, and before the database closes.
 */
export async function flushScanLog(): Promise<void> {
  const s = state();
  while (s.flushing) await s.flushing.catch(() => {});
  if (s.timer) {
    clearTimeout(s.timer);
    s.timer = null;
  }
  if (s.buffer.length === 0) return;
  const run = (async () => {
    while (s.buffer.length > 0) {
      const rows = s.buffer.splice(0, FLUSH_BATCH_ROWS);
      s.inFlight = rows;
      try {
        await writeRows(rows);
        s.written += rows.length;
      } catch (error) {
        // Keep them for the next flush; a database that stays away must not eat all memory.
        s.buffer.unshift(...rows);
        const excess = s.buffer.length - MAX_PENDING_ROWS;
        if (excess > 0) s.buffer.splice(0, excess);
        console.error(`Scan log: ${rows.length} scans not written yet`, error);
        throw error;
      } finally {
        s.inFlight = [];
      }
    }
  })();
  s.flushing = run;
  let failed = false;
  try {
    await run;
  } catch (error) {
    failed = true;
    throw error;
  } finally {
    s.flushing = null;
    if (s.buffer.length > 0 && !s.timer) {
      // After a failure, retry at a calmer pace than the normal flush.
      s.timer = setTimeout(
        () => {
          s.timer = null;
          void flushScanLog().catch(() => {});
        },
        failed ? RETRY_INTERVAL_MS : FLUSH_INTERVAL_MS,
      );
      s.timer.unref?.();
    }
  }
}

/** Rows waiting in memory and rows written by this process (for the health of the log, and tests). */
export function scanLogStats(): { pending: number; written: number } {
  const s = state();
  return { pending: s.buffer.length + s.inFlight.length, written: s.written };
}
