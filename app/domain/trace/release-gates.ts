/**
 * Release gates (pure): what keeps a batch from going on sale, read from its diary.
 *
 * (a) Pre-harvest interval: every spraying must be at least its pre-harvest interval (PHI)
 *     before the harvest. Harvest day = the day of the latest harvesting entry, or the batch's
 *     production date when the diary has none. Days are calendar days in Asia/Ho_Chi_Minh, so
 *     a spraying at 23:30 on the 1st counts as the 1st: spraying day + PHI ≤ harvest day.
 * (b) Lab test: products of the groups people eat, drink or take as medicine need a lab result
 *     before sale, and the newest one must have passed.
 *
 * A corrected entry counts with its correction's values (the newest correction wins). Every
 * blocker is returned, not only the first, so the manager can fix them all in one go.
 */
import type { OcopGroup } from "~/domain/listings/ocop";
import { type Locale, translate } from "~/i18n";
import { formatDate, TIME_ZONE } from "~/utils/format";

/**
 * Groups whose products are eaten, drunk or taken as medicine: food, beverages, medicinal herbs
 * (Vietnamese food-safety law asks for testing of these). Handicrafts, ornamental plants and
 * tourism services carry no residue risk for the buyer, so no lab test is asked for.
 */
export const LAB_TEST_REQUIRED_GROUPS: readonly OcopGroup[] = ["food", "beverages", "herbal"];

export const labTestRequired = (group: OcopGroup) => LAB_TEST_REQUIRED_GROUPS.includes(group);

export interface GateEvent {
  id: string;
  seq: number;
  kind: string;
  eventTime: Date | string;
  details: Record<string, unknown>;
  correctionOf: string | null;
}

export interface GateInput {
  ocopGroup: OcopGroup;
  /** ISO date "YYYY-MM-DD". */
  producedOn: string;
  events: readonly GateEvent[];
}

export type ReleaseBlocker =
  | {
      code: "preHarvestInterval";
      seq: number;
      product: string;
      /** ISO dates. */
      sprayedOn: string;
      harvestOn: string;
      intervalDays: number;
      /** How many days of the interval were still left at the harvest day. */
      daysShort: number;
    }
  | { code: "preHarvestIntervalMissing"; seq: number; product: string; sprayedOn: string }
  | { code: "labTestMissing" }
  | { code: "labTestFailed"; seq: number; lab: string; reportNo: string; testedOn: string };

/** The calendar day of an instant in Vietnam, "YYYY-MM-DD". */
export function vietnamDay(at: Date | string): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: TIME_ZONE }).format(new Date(at));
}

const dayNumber = (isoDay: string) => Math.round(Date.parse(`${isoDay}T00:00:00Z`) / 86_400_000);

function addDays(isoDay: string, days: number): string {
  return new Date((dayNumber(isoDay) + days) * 86_400_000).toISOString().slice(0, 10);
}

/**
 * The entries that count: an entry that a later one corrects is replaced by it (a correction
 * may itself be corrected; the newest wins). Chain order is kept.
 */
export function effectiveEvents<E extends Pick<GateEvent, "id" | "seq" | "correctionOf">>(
  events: readonly E[],
): E[] {
  const corrected = new Set(events.flatMap((e) => (e.correctionOf ? [e.correctionOf] : [])));
  return [...events].sort((a, b) => a.seq - b.seq).filter((e) => !corrected.has(e.id));
}

const newestFirst = (a: GateEvent, b: GateEvent) =>
  new Date(b.eventTime).getTime() - new Date(a.eventTime).getTime() || b.seq - a.seq;

/** Harvest day: the latest harvesting entry's day, else the batch's production date. */
export function harvestDay(input: Pick<GateInput, "producedOn" | "events">): string {
  const harvests = effectiveEvents(input.events)
    .filter((e) => e.kind === "harvesting")
    .sort(newestFirst);
  return harvests[0] ? vietnamDay(harvests[0].eventTime) : input.producedOn;
}

const text = (value: unknown) => (typeof value === "string" ? value : "");

export function releaseBlockers(input: GateInput): ReleaseBlocker[] {
  const events = effectiveEvents(input.events);
  const harvestOn = harvestDay(input);
  const blockers: ReleaseBlocker[] = [];

  for (const e of events) {
    if (e.kind !== "spraying") continue;
    const sprayedOn = vietnamDay(e.eventTime);
    const product = text(e.details.product) || text(e.details.activeIngredient);
    const phi = e.details.preHarvestIntervalDays;
    // An interval nobody wrote down cannot be checked, so it cannot be passed.
    if (typeof phi !== "number" || !Number.isInteger(phi) || phi < 0) {
      blockers.push({ code: "preHarvestIntervalMissing", seq: e.seq, product, sprayedOn });
      continue;
    }
    const daysShort = dayNumber(addDays(sprayedOn, phi)) - dayNumber(harvestOn);
    if (daysShort > 0) {
      blockers.push({
        code: "preHarvestInterval",
        seq: e.seq,
        product,
        sprayedOn,
        harvestOn,
        intervalDays: phi,
        daysShort,
      });
    }
  }

  if (labTestRequired(input.ocopGroup)) {
    const latest = events.filter((e) => e.kind === "lab_test").sort(newestFirst)[0];
    if (!latest) blockers.push({ code: "labTestMissing" });
    else if (latest.details.pass !== true) {
      blockers.push({
        code: "labTestFailed",
        seq: latest.seq,
        lab: text(latest.details.lab),
        reportNo: text(latest.details.reportNo),
        testedOn: vietnamDay(latest.eventTime),
      });
    }
  }
  return blockers;
}

/** The blocker as a sentence in the reader's language, naming the entry that blocks. */
export function blockerMessage(blocker: ReleaseBlocker, locale: Locale): string {
  switch (blocker.code) {
    case "preHarvestInterval":
      return translate(locale, "batches.gates.preHarvestInterval", {
        product: blocker.product,
        sprayedOn: formatDate(blocker.sprayedOn, locale),
        harvestOn: formatDate(blocker.harvestOn, locale),
        days: blocker.daysShort,
        interval: blocker.intervalDays,
        seq: blocker.seq,
      });
    case "preHarvestIntervalMissing":
      return translate(locale, "batches.gates.preHarvestIntervalMissing", {
        product: blocker.product,
        sprayedOn: formatDate(blocker.sprayedOn, locale),
        seq: blocker.seq,
      });
    case "labTestMissing":
      return translate(locale, "batches.gates.labTestMissing");
    case "labTestFailed":
      return translate(locale, "batches.gates.labTestFailed", {
        reportNo: blocker.reportNo,
        lab: blocker.lab,
        testedOn: formatDate(blocker.testedOn, locale),
        seq: blocker.seq,
      });
  }
}
