/**
 * What a manager may write in a batch's diary, one zod schema per kind of entry (pure). Input
 * is the form as typed (strings); output is the event's time, place and details as they are
 * stored and hashed. Every message is a dictionary key, so errors read in the user's language.
 * The batch's own form (lot, quantity, dates) is here too.
 */
import { z } from "zod";
import { lotSchema } from "~/domain/labels/digital-link";
import type { DiaryKind } from "./vocabulary";

/** The kinds a manager picks from, in the order a season runs. */
export const recordableKinds = [
  "planting",
  "fertilising",
  "spraying",
  "harvesting",
  "processing",
  "lab_test",
  "certification",
  "packing",
  "storing",
  "shipping",
  "receiving",
  "note",
] as const satisfies readonly DiaryKind[];
export type RecordableKind = (typeof recordableKinds)[number];

export function isRecordableKind(value: unknown): value is RecordableKind {
  return typeof value === "string" && (recordableKinds as readonly string[]).includes(value);
}

export const MAX_PHOTOS_PER_ENTRY = 3;
export const MAX_RESULT_ROWS = 5;
export const MAX_INPUT_ROWS = 5;
export const TEXT_MAX = 200;
export const NOTE_MAX = 1000;
/** A recall reason is read by buyers: a sentence or two. */
export const HOLD_REASON_MAX = 500;
/** Largest quantity a batch can hold, in its unit: far above any cooperative's batch. */
export const MAX_BATCH_QUANTITY = 10_000_000;
/** Phone clocks drift; a few minutes ahead is tolerated (as appendTraceEvent does). */
export const FUTURE_TOLERANCE_MS = 5 * 60 * 1000;

export const areaUnits = ["m²", "sào", "ha"] as const;
export const certificationSchemes = ["vietgap", "globalgap", "organic", "other"] as const;
export type CertificationScheme = (typeof certificationSchemes)[number];
/** Common dose units, offered as suggestions; any other unit may be typed. */
export const doseUnitSuggestions = ["kg/ha", "L/ha", "ml/bình 16 L", "g/bình 16 L", "kg/sào", "kg/gốc"];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Parsed<T> = { ok: true; value: T } | { ok: false; key: string };
const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = (key: string): Parsed<never> => ({ ok: false, key: `batches.errors.${key}` });

/** A form field (absent = "") trimmed and run through `parse`; a failure is a dictionary key. */
function field<T>(parse: (raw: string) => Parsed<T>) {
  return z
    .string()
    .optional()
    .default("")
    .transform((raw, ctx): T => {
      const result = parse(raw.trim());
      if (result.ok) return result.value;
      ctx.addIssue({ code: "custom", message: result.key });
      return z.NEVER;
    });
}

const requiredText = (max = TEXT_MAX) =>
  field((s) => (!s ? fail("required") : s.length > max ? fail("tooLong") : ok(s)));
const optionalText = (max = TEXT_MAX) =>
  field((s) => (!s ? ok(undefined) : s.length > max ? fail("tooLong") : ok(s)));

/** "0,5", "0.5", "12" → a number; Vietnamese write the decimal comma. */
function parseDecimal(s: string, { positive }: { positive: boolean }): Parsed<number> {
  const compact = s.replace(/[\s\u00a0]/g, "");
  if (/^[-−]/.test(compact)) return fail("negative");
  if (!/^\d+([.,]\d+)?$/.test(compact)) return fail("number");
  const value = Number(compact.replace(",", "."));
  if (!Number.isFinite(value) || value > 1e9) return fail("number");
  if (positive && value === 0) return fail("positive");
  return ok(value);
}
const requiredDecimal = () => field((s) => (!s ? fail("required") : parseDecimal(s, { positive: true })));
const optionalDecimal = () => field((s) => (!s ? ok(undefined) : parseDecimal(s, { positive: true })));

/** A whole number as typed: "1200", "1.200" or "1 200". */
export function parseWholeNumber(s: string): Parsed<number> {
  const compact = s.replace(/[\s\u00a0]/g, "");
  if (!compact) return fail("required");
  if (/^[-−]/.test(compact)) return fail("negative");
  let digits: string | null = null;
  if (/^\d+$/.test(compact)) digits = compact;
  else if (/^\d{1,3}([.,]\d{3})+$/.test(compact)) digits = compact.replace(/[.,]/g, "");
  if (digits === null) return fail("wholeNumber");
  return ok(Number(digits));
}

const wholeDays = () =>
  field((s) => {
    if (!s) return fail("required");
    const n = parseWholeNumber(s);
    if (!n.ok) return n.key.endsWith("negative") ? fail("phiNegative") : fail("wholeDays");
    return n.value > 3650 ? fail("wholeDays") : n;
  });

/** "2026-09-05" (date input) or "05/09/2026" (typed by hand) → "2026-09-05". */
export function parseIsoDay(s: string): string | null {
  let iso = s;
  const dmy = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s);
  if (dmy) iso = `${dmy[3]}-${dmy[2]?.padStart(2, "0")}-${dmy[1]?.padStart(2, "0")}`;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) return null;
  const date = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === iso ? iso : null;
}

/** Today in Vietnam, "YYYY-MM-DD". */
export const vietnamToday = (now: Date) =>
  new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Ho_Chi_Minh" }).format(now);

const day = (now: Date, { required }: { required: boolean }) =>
  field((s) => {
    if (!s) return required ? fail("required") : ok(undefined);
    const iso = parseIsoDay(s);
    if (!iso) return fail("date");
    return iso > vietnamToday(now) ? fail("dateFuture") : ok(iso);
  });
const anyDay = () =>
  field((s) => {
    if (!s) return fail("required");
    const iso = parseIsoDay(s);
    return iso ? ok(iso) : fail("date");
  });

/** A `datetime-local` value ("2026-09-05T06:30") is a time in Vietnam, +07:00 all year. */
export function parseLocalTime(s: string): Date | null {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(s);
  if (!m || !parseIsoDay(m[1] ?? "")) return null;
  if (Number(m[2]) > 23 || Number(m[3]) > 59 || Number(m[4] ?? 0) > 59) return null;
  return new Date(`${m[1]}T${m[2]}:${m[3]}:${m[4] ?? "00"}+07:00`);
}

/** The value a `datetime-local` input shows for an instant, in Vietnam's time. */
export function localTimeInputValue(at: Date | string): string {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone: "Asia/Ho_Chi_Minh",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(new Date(at));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "00";
  return `${get("year")}-${get("month")}-${get("day")}T${get("hour")}:${get("minute")}`;
}

const eventTime = (now: Date) =>
  field((s) => {
    if (!s) return fail("required");
    const at = parseLocalTime(s);
    if (!at) return fail("time");
    return at.getTime() > now.getTime() + FUTURE_TOLERANCE_MS ? fail("timeFuture") : ok(at);
  });

const coordinate = (limit: number) =>
  field((s) => {
    if (!s) return ok(null);
    const n = Number(s);
    return Number.isFinite(n) && Math.abs(n) <= limit ? ok(n) : fail("gps");
  });

const place = {
  regionId: field((s) => (!s ? ok(null) : UUID.test(s) ? ok(s.toLowerCase()) : fail("region"))),
  placeText: field((s) => (!s ? ok(null) : s.length > TEXT_MAX ? fail("tooLong") : ok(s))),
  latitude: coordinate(90),
  longitude: coordinate(180),
};

/** A lab result value: a number when it is one ("0,31" → 0.31), else the text as typed ("< 0,01"). */
function numberOrText(s: string): number | string {
  const n = parseDecimal(s, { positive: false });
  return n.ok ? n.value : s;
}

const passChoice = z
  .string()
  .optional()
  .default("")
  .transform((s, ctx) => {
    if (s === "pass") return true;
    if (s === "fail") return false;
    ctx.addIssue({ code: "custom", message: "batches.errors.passRequired" });
    return z.NEVER;
  });

const resultRow = z
  .object({
    name: z.string().optional().default(""),
    value: z.string().optional().default(""),
    limit: z.string().optional().default(""),
    pass: z.string().optional().default(""),
  })
  .transform((row, ctx) => {
    const name = row.name.trim();
    const value = row.value.trim();
    const limit = row.limit.trim();
    // A row left empty is not a result: the form always shows five.
    if (!name && !value && !limit && !row.pass) return null;
    const issue = (path: string, key: string) =>
      ctx.addIssue({ code: "custom", path: [path], message: `batches.errors.${key}` });
    if (!name) issue("name", "required");
    else if (name.length > 80) issue("name", "tooLong");
    if (!value) issue("value", "required");
    else if (value.length > 40) issue("value", "tooLong");
    if (limit.length > 40) issue("limit", "tooLong");
    if (row.pass !== "pass" && row.pass !== "fail") issue("pass", "passRequired");
    return {
      name,
      value: numberOrText(value),
      ...(limit ? { limit: numberOrText(limit) } : {}),
      pass: row.pass === "pass",
    };
  });

const inputRow = z
  .object({
    batchId: z.string().optional().default(""),
    quantity: z.string().optional().default(""),
  })
  .transform((row, ctx) => {
    const batchId = row.batchId.trim();
    const quantity = row.quantity.trim();
    if (!batchId && !quantity) return null;
    const issue = (path: string, key: string) =>
      ctx.addIssue({ code: "custom", path: [path], message: `batches.errors.${key}` });
    if (!UUID.test(batchId)) issue("batchId", batchId ? "notYourBatch" : "inputBatchRequired");
    const n = parseWholeNumber(quantity);
    if (!n.ok)
      issue("quantity", n.key.endsWith("negative") ? "positive" : n.key.replace("batches.errors.", ""));
    else if (n.value === 0) issue("quantity", "positive");
    return { batchId: batchId.toLowerCase(), quantity: n.ok ? n.value : 0 };
  });

const rows = <T extends z.ZodType>(row: T) =>
  z
    .array(row)
    .max(MAX_RESULT_ROWS)
    .default([])
    .transform((list) => list.filter((r): r is NonNullable<z.output<T>> => r !== null));

const note = { note: optionalText(NOTE_MAX) };

function kindShape(kind: RecordableKind, now: Date) {
  switch (kind) {
    case "planting":
      return {
        variety: requiredText(),
        seedSource: optionalText(),
        area: optionalDecimal(),
        areaUnit: optionalText(10),
        ...note,
      };
    case "fertilising":
      return {
        product: requiredText(),
        dose: requiredDecimal(),
        doseUnit: requiredText(20),
        area: optionalDecimal(),
        areaUnit: optionalText(10),
        ...note,
      };
    case "spraying":
      return {
        product: requiredText(),
        activeIngredient: requiredText(),
        dose: requiredDecimal(),
        doseUnit: requiredText(20),
        preHarvestIntervalDays: wholeDays(),
        target: optionalText(),
        ...note,
      };
    case "harvesting":
      return { quantity: requiredDecimal(), unit: requiredText(20), ...note };
    case "processing":
      return {
        step: requiredText(),
        inputs: rows(inputRow),
        outputQuantity: optionalDecimal(),
        unit: optionalText(20),
        ...note,
      };
    case "lab_test":
      return {
        lab: requiredText(),
        reportNo: requiredText(60),
        date: day(now, { required: true }),
        results: rows(resultRow),
        pass: passChoice,
        ...note,
      };
    case "certification":
      return {
        scheme: field((s) =>
          (certificationSchemes as readonly string[]).includes(s) ? ok(s) : fail("schemeRequired"),
        ),
        schemeName: optionalText(80),
        body: requiredText(),
        number: requiredText(60),
        validFrom: anyDay(),
        validTo: anyDay(),
        ...note,
      };
    case "packing":
      return {
        quantity: optionalDecimal(),
        unit: optionalText(20),
        packageSize: optionalText(50),
        ...note,
      };
    case "storing":
      return { conditions: optionalText(), ...note };
    case "shipping":
      return {
        to: requiredText(),
        toAddress: optionalText(300),
        quantity: optionalDecimal(),
        unit: optionalText(20),
        vehicle: optionalText(50),
        ...note,
      };
    case "receiving":
      return {
        from: requiredText(),
        fromAddress: optionalText(300),
        item: optionalText(),
        quantity: optionalDecimal(),
        unit: optionalText(20),
        ...note,
      };
    case "note":
      return { note: requiredText(NOTE_MAX) };
  }
}

export interface DiaryEntryInput {
  eventTime: Date;
  regionId: string | null;
  placeText: string | null;
  latitude: number | null;
  longitude: number | null;
  /** The kind's own fields, as stored in trace_events.details (before photos and files). */
  details: Record<string, unknown>;
  /** Processing only: the input batches and how much of each was used (checked against the database later). */
  inputs: { batchId: string; quantity: number }[];
  /** Why a correction was needed; set only when correcting. */
  correctionReason?: string;
}

/** The schema of one kind's form, for an entry written at `now` (nothing after it is accepted). */
export function diaryEntrySchema(kind: RecordableKind, now: Date, { correction = false } = {}) {
  return z
    .object({
      eventTime: eventTime(now),
      ...place,
      ...kindShape(kind, now),
      ...(correction ? { correctionReason: requiredText(500) } : {}),
    })
    .superRefine((value, ctx) => {
      const v = value as Record<string, unknown>;
      if ((v.latitude === null) !== (v.longitude === null)) {
        ctx.addIssue({ code: "custom", path: ["latitude"], message: "batches.errors.gps" });
      }
      if (kind === "certification") {
        if (v.scheme === "other" && !v.schemeName) {
          ctx.addIssue({ code: "custom", path: ["schemeName"], message: "batches.errors.required" });
        }
        if (typeof v.validFrom === "string" && typeof v.validTo === "string" && v.validTo < v.validFrom) {
          ctx.addIssue({ code: "custom", path: ["validTo"], message: "batches.errors.validToBeforeFrom" });
        }
      }
      if ((kind === "planting" || kind === "fertilising") && v.areaUnit !== undefined) {
        if (!(areaUnits as readonly string[]).includes(String(v.areaUnit))) {
          ctx.addIssue({ code: "custom", path: ["areaUnit"], message: "batches.errors.invalid" });
        }
      }
      if (kind === "lab_test" && v.pass === true) {
        const results = (v.results ?? []) as { pass: boolean }[];
        // "Passed" overall while a result failed is a typo that would let a batch through.
        if (results.some((r) => !r.pass)) {
          ctx.addIssue({ code: "custom", path: ["pass"], message: "batches.errors.passMismatch" });
        }
      }
      if (kind === "processing") {
        const inputs = (v.inputs ?? []) as { batchId: string }[];
        const seen = new Set<string>();
        inputs.forEach((input, i) => {
          if (seen.has(input.batchId)) {
            ctx.addIssue({
              code: "custom",
              path: ["inputs", i, "batchId"],
              message: "batches.errors.inputTwice",
            });
          }
          seen.add(input.batchId);
        });
      }
    });
}

/**
 * The flat form ("results.0.name", "inputs.1.quantity") as the nested object the schema reads,
 * so an error's path is the name of the field it belongs to.
 */
export function nestFormValues(values: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    const m = /^(results|inputs)\.(\d)\.(\w+)$/.exec(key);
    if (!m) {
      out[key] = value;
      continue;
    }
    const [, list = "", index = "0", name = ""] = m;
    if (Number(index) >= MAX_RESULT_ROWS) continue;
    out[list] ??= [];
    const array = out[list] as Record<string, string>[];
    while (array.length <= Number(index)) array.push({});
    (array[Number(index)] as Record<string, string>)[name] = value;
  }
  return out;
}

export type DiaryParse =
  | { ok: true; entry: DiaryEntryInput }
  | { ok: false; fieldErrors: Record<string, string> };

/** Parses one diary form; on failure, one dictionary key per field in error. */
export function parseDiaryEntry(
  kind: RecordableKind,
  values: Record<string, string>,
  { now = new Date(), correction = false }: { now?: Date; correction?: boolean } = {},
): DiaryParse {
  const result = diaryEntrySchema(kind, now, { correction }).safeParse(nestFormValues(values));
  if (!result.success) {
    const fieldErrors: Record<string, string> = {};
    for (const issue of result.error.issues) {
      const path = issue.path.join(".") || "_form";
      fieldErrors[path] ??= issue.message.startsWith("batches.") ? issue.message : "batches.errors.invalid";
    }
    return { ok: false, fieldErrors };
  }
  const {
    eventTime: at,
    regionId,
    placeText,
    latitude,
    longitude,
    ...rest
  } = result.data as Record<string, unknown> & {
    eventTime: Date;
    regionId: string | null;
    placeText: string | null;
    latitude: number | null;
    longitude: number | null;
  };
  const {
    inputs = [],
    correctionReason,
    ...details
  } = rest as {
    inputs?: { batchId: string; quantity: number }[];
    correctionReason?: string;
  } & Record<string, unknown>;
  if (kind === "certification" && details.scheme !== "other") delete details.schemeName;
  for (const key of Object.keys(details)) if (details[key] === undefined) delete details[key];
  return {
    ok: true,
    entry: {
      eventTime: at,
      regionId,
      placeText,
      latitude,
      longitude,
      details,
      inputs,
      ...(correction ? { correctionReason: String(correctionReason) } : {}),
    },
  };
}

/** Details keys that are not typed into the kind's form (set by the server). */
const SERVER_KEYS = new Set(["photos", "reportFile", "correctionReason", "inputs"]);

/**
 * A stored entry as the values of its form, to prefill a correction: the same kind, the old
 * values, and the processing inputs as they were linked.
 */
export function diaryFormValues(event: {
  eventTime: Date | string;
  regionId: string | null;
  placeText: string | null;
  latitude: number | null;
  longitude: number | null;
  details: Record<string, unknown>;
  inputs?: readonly { batchId: string; quantity: number }[];
}): Record<string, string> {
  const values: Record<string, string> = {
    eventTime: localTimeInputValue(event.eventTime),
    regionId: event.regionId ?? "",
    placeText: event.placeText ?? "",
    latitude: event.latitude === null ? "" : String(event.latitude),
    longitude: event.longitude === null ? "" : String(event.longitude),
  };
  const asText = (v: unknown) => (typeof v === "number" || typeof v === "string" ? String(v) : "");
  for (const [key, value] of Object.entries(event.details)) {
    if (SERVER_KEYS.has(key)) continue;
    if (key === "pass" && typeof value === "boolean") values.pass = value ? "pass" : "fail";
    else if (key === "results" && Array.isArray(value)) {
      value.slice(0, MAX_RESULT_ROWS).forEach((row, i) => {
        const r = (row ?? {}) as Record<string, unknown>;
        values[`results.${i}.name`] = asText(r.name);
        values[`results.${i}.value`] = asText(r.value);
        values[`results.${i}.limit`] = asText(r.limit);
        values[`results.${i}.pass`] = r.pass === true ? "pass" : r.pass === false ? "fail" : "";
      });
    } else {
      const text = asText(value);
      if (text) values[key] = text;
    }
  }
  (event.inputs ?? []).slice(0, MAX_INPUT_ROWS).forEach((input, i) => {
    values[`inputs.${i}.batchId`] = input.batchId;
    values[`inputs.${i}.quantity`] = String(input.quantity);
  });
  return values;
}

/** The batch's own form: which product, its lot code, how much, and when. */
export function openBatchSchema(now: Date) {
  const today = vietnamToday(now);
  return z
    .object({
      productId: field((s) => (UUID.test(s) ? ok(s.toLowerCase()) : fail("productRequired"))),
      lot: lotSchema,
      quantity: field((s) => {
        const n = parseWholeNumber(s);
        if (!n.ok) return n.key.endsWith("negative") ? fail("quantityPositive") : n;
        if (n.value === 0) return fail("quantityPositive");
        return n.value > MAX_BATCH_QUANTITY ? fail("quantityTooLarge") : n;
      }),
      producedOn: field((s) => {
        if (!s) return fail("required");
        const iso = parseIsoDay(s);
        if (!iso) return fail("date");
        return iso > today ? fail("producedFuture") : ok(iso);
      }),
      bestBefore: field((s) => {
        if (!s) return ok(null);
        const iso = parseIsoDay(s);
        return iso ? ok(iso) : fail("date");
      }),
    })
    .superRefine((v, ctx) => {
      if (v.bestBefore && v.producedOn && v.bestBefore < v.producedOn) {
        ctx.addIssue({ code: "custom", path: ["bestBefore"], message: "batches.errors.bestBeforeEarly" });
      }
    });
}

export type OpenBatchInput = z.output<ReturnType<typeof openBatchSchema>>;
