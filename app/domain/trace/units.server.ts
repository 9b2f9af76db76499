/**
 * Serialised units of a batch (GS1 AI 21) and the label sheets that carry their QR codes.
 * Serials are random, so a counterfeiter cannot print the next one: 8 characters of Crockford
 * base32 (40 bits) per unit, unique within the batch.
 */
import { asc, count, eq } from "drizzle-orm";
import { z } from "zod";
import { recordAudit } from "~/domain/audit/audit.server";
import type { Actor } from "~/domain/cooperatives/access.server";
import { conflict, invalid } from "~/domain/errors";
import { batchLinkUrl, shortTraceText } from "~/domain/labels/digital-link";
import {
  type LabelData,
  type LabelSize,
  labelSizes,
  labelsPerPage,
  MAX_LABELS_PER_SHEET,
  renderLabelSheet,
} from "~/domain/labels/label-sheet.server";
import { visibleStars } from "~/domain/listings/ocop";
import { latestCertificate } from "~/domain/listings/owned.server";
import type { Locale } from "~/i18n";
import { type Db, db as defaultDb } from "~db/client.server";
import { units } from "~db/schema";
import { findOwnedBatch, type OwnedBatch } from "./batches.server";
import { parseWholeNumber, vietnamToday } from "./diary";

/** Upper case reads better on a printed label; no I, L, O, U to confuse with 1, 0 and V. */
export const SERIAL_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
export const SERIAL_LENGTH = 8;
/** Units made in one go; the same as the largest label sheet request. */
export const MAX_UNITS_PER_REQUEST = MAX_LABELS_PER_SHEET;

export function randomSerial(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(SERIAL_LENGTH));
  // 256 is a multiple of 32, so masking keeps every character equally likely.
  return Array.from(bytes, (b) => SERIAL_ALPHABET[b & 31]).join("");
}

export async function countUnits(batchId: string, tx: Db = defaultDb()): Promise<number> {
  const [row] = await tx.select({ n: count() }).from(units).where(eq(units.batchId, batchId));
  return row?.n ?? 0;
}

/**
 * Makes `count` new units for a batch, in one multi-row insert. The batch cannot have more
 * units than its quantity. A serial that happens to exist already is drawn again.
 */
export async function generateUnits(
  actor: Actor,
  batchId: string,
  countInput: string,
  tx: Db = defaultDb(),
): Promise<{ created: number; total: number }> {
  const parsed = parseWholeNumber(countInput.trim());
  if (!parsed.ok || parsed.value < 1 || parsed.value > MAX_UNITS_PER_REQUEST) {
    throw invalid("validation.formSummary", { unitCount: "batches.errors.unitCount" });
  }
  const wanted = parsed.value;
  return tx.transaction(async (t) => {
    const { batch } = await findOwnedBatch(actor, batchId, t, { lock: true });
    const existing = await countUnits(batch.id, t);
    if (existing + wanted > batch.quantity) {
      throw invalid("validation.formSummary", { unitCount: "batches.errors.unitsOverQuantity" });
    }
    let created = 0;
    for (let round = 0; created < wanted; round++) {
      if (round > 5) throw conflict("batches.errors.unitCount");
      const serials = new Set<string>();
      while (serials.size < wanted - created) serials.add(randomSerial());
      const rows = await t
        .insert(units)
        .values([...serials].map((serial) => ({ batchId: batch.id, serial })))
        .onConflictDoNothing()
        .returning({ id: units.id });
      created += rows.length;
    }
    await recordAudit(
      {
        actorId: actor.id,
        action: "batch.units_generated",
        entityType: "batch",
        entityId: batch.id,
        data: { count: wanted, total: existing + wanted },
      },
      t,
    );
    return { created, total: existing + wanted };
  });
}

/** Serials in a stable order (when made, then alphabetical), `offset` from the start. */
export async function listSerials(batchId: string, offset: number, limit: number, tx: Db = defaultDb()) {
  const rows = await tx
    .select({ serial: units.serial })
    .from(units)
    .where(eq(units.batchId, batchId))
    .orderBy(asc(units.createdAt), asc(units.serial))
    .offset(offset)
    .limit(limit);
  return rows.map((r) => r.serial);
}

/** The label sheet request as the labels page sends it (a GET form); empty fields take defaults. */
export const labelRequestSchema = z
  .object({
    size: z.enum(labelSizes as [LabelSize, ...LabelSize[]], { message: "batches.errors.labelSize" }),
    count: z.string().optional().default(""),
    from: z.string().optional().default(""),
    skip: z.string().optional().default(""),
    outlines: z.string().optional(),
  })
  .transform((v, ctx) => {
    const whole = (field: "count" | "from" | "skip", fallback: number, min: number, max: number) => {
      const raw = v[field].trim();
      if (!raw) return fallback;
      const n = parseWholeNumber(raw);
      if (n.ok && n.value >= min && n.value <= max) return n.value;
      ctx.addIssue({ code: "custom", path: [field], message: `batches.errors.label_${field}` });
      return fallback;
    };
    return {
      size: v.size,
      /** 0 = the default: every numbered unit, or one full sheet of the batch label. */
      count: whole("count", 0, 1, MAX_LABELS_PER_SHEET),
      from: whole("from", 1, 1, Number.MAX_SAFE_INTEGER),
      skip: whole("skip", 0, 0, labelsPerPage(v.size) - 1),
      outlines: v.outlines === "1" || v.outlines === "on",
    };
  });
export type LabelRequest = z.output<typeof labelRequestSchema>;

/** What a batch's labels print, given the site's public origin. */
async function labelBase(owned: OwnedBatch, tx: Db) {
  const certificate = await latestCertificate(owned.product.id, tx);
  return {
    productName: owned.product.name,
    cooperativeName: owned.cooperative.name,
    lot: owned.batch.lot,
    producedOn: owned.batch.producedOn,
    bestBefore: owned.batch.bestBefore,
    stars: visibleStars(certificate, vietnamToday(new Date())),
  };
}

/**
 * The PDF label sheet of a batch: one label per serialised unit (from the `from`-th, `count`
 * of them, all that are left by default), or `count` copies of the batch label when it has no
 * units. The QR codes encode the Digital Link (or /t/ path) at `origin`.
 */
export async function renderBatchLabels(
  actor: Actor,
  batchId: string,
  request: LabelRequest,
  { origin, locale }: { origin: string; locale: Locale },
  tx: Db = defaultDb(),
): Promise<{ pdf: Buffer; lot: string; labels: number }> {
  const owned = await findOwnedBatch(actor, batchId, tx);
  const identity = { gtin: owned.product.gtin, lot: owned.batch.lot, publicCode: owned.batch.publicCode };
  const base = await labelBase(owned, tx);
  const total = await countUnits(owned.batch.id, tx);
  let labels: LabelData[];
  if (total > 0) {
    if (request.from > total) throw invalid("validation.formSummary", { from: "batches.errors.label_from" });
    const howMany = request.count || Math.min(total - request.from + 1, MAX_LABELS_PER_SHEET);
    const serials = await listSerials(owned.batch.id, request.from - 1, howMany, tx);
    labels = serials.map((serial) => ({
      ...base,
      serial,
      url: batchLinkUrl(origin, identity, serial),
      shortUrl: shortTraceText(origin, owned.batch.publicCode, serial),
    }));
  } else {
    const label = {
      ...base,
      url: batchLinkUrl(origin, identity),
      shortUrl: shortTraceText(origin, owned.batch.publicCode),
    };
    labels = Array.from({ length: request.count || labelsPerPage(request.size) }, () => label);
  }
  const pdf = await renderLabelSheet({
    labels,
    size: request.size,
    locale,
    skip: request.skip,
    outlines: request.outlines,
  });
  return { pdf, lot: owned.batch.lot, labels: labels.length };
}
