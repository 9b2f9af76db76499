import { describe, expect, it } from "vitest";
import {
  diaryFormValues,
  localTimeInputValue,
  nestFormValues,
  openBatchSchema,
  parseDiaryEntry,
  parseLocalTime,
  recordableKinds,
} from "~/domain/trace/diary";
import { translate } from "~/i18n";
import { en } from "~/i18n/en";
import { vi } from "~/i18n/vi";
import { parseWith } from "~/utils/forms";

const now = new Date("2026-11-21T10:00:00+07:00");
const spraying = {
  eventTime: "2026-11-20T16:30",
  product: "Sokupi 0.5SL",
  activeIngredient: "Matrine",
  dose: "0,5",
  doseUnit: "L/ha",
  preHarvestIntervalDays: "7",
};
const parse = (
  kind: Parameters<typeof parseDiaryEntry>[0],
  values: Record<string, string>,
  correction = false,
) => parseDiaryEntry(kind, values, { now, correction });
const errorsOf = (result: ReturnType<typeof parseDiaryEntry>) => (result.ok ? {} : result.fieldErrors);

describe("diary entry schemas", () => {
  it("reads a spraying entry: Vietnamese decimal comma, local time at +07:00, no empty keys", () => {
    const result = parse("spraying", { ...spraying, target: "", placeText: "Đồi chè lô 3" });
    expect(result).toEqual({
      ok: true,
      entry: {
        eventTime: new Date("2026-11-20T09:30:00.000Z"),
        regionId: null,
        placeText: "Đồi chè lô 3",
        latitude: null,
        longitude: null,
        details: {
          product: "Sokupi 0.5SL",
          activeIngredient: "Matrine",
          dose: 0.5,
          doseUnit: "L/ha",
          preHarvestIntervalDays: 7,
        },
        inputs: [],
      },
    });
  });

  it("refuses a negative dose and a negative or fractional pre-harvest interval, next to the field", () => {
    expect(errorsOf(parse("spraying", { ...spraying, dose: "-2" }))).toEqual({
      dose: "batches.errors.negative",
    });
    expect(
      errorsOf(
        parse("fertilising", {
          eventTime: spraying.eventTime,
          product: "NPK",
          dose: "−5",
          doseUnit: "kg/ha",
        }),
      ),
    ).toEqual({
      dose: "batches.errors.negative",
    });
    expect(errorsOf(parse("spraying", { ...spraying, preHarvestIntervalDays: "-1" }))).toEqual({
      preHarvestIntervalDays: "batches.errors.phiNegative",
    });
    expect(errorsOf(parse("spraying", { ...spraying, preHarvestIntervalDays: "2,5" }))).toEqual({
      preHarvestIntervalDays: "batches.errors.wholeDays",
    });
    expect(parse("spraying", { ...spraying, preHarvestIntervalDays: "0" }).ok).toBe(true);
  });

  it("refuses a time in the future, but tolerates a phone clock a few minutes ahead", () => {
    expect(
      errorsOf(parse("harvesting", { eventTime: "2026-11-22T08:00", quantity: "30", unit: "kg" })),
    ).toEqual({
      eventTime: "batches.errors.timeFuture",
    });
    expect(parse("harvesting", { eventTime: "2026-11-21T10:03", quantity: "30", unit: "kg" }).ok).toBe(true);
    expect(
      errorsOf(parse("harvesting", { eventTime: "2026-02-30T08:00", quantity: "30", unit: "kg" })),
    ).toEqual({
      eventTime: "batches.errors.time",
    });
  });

  it("names every missing required field of a kind", () => {
    expect(errorsOf(parse("spraying", {}))).toEqual({
      eventTime: "batches.errors.required",
      product: "batches.errors.required",
      activeIngredient: "batches.errors.required",
      dose: "batches.errors.required",
      doseUnit: "batches.errors.required",
      preHarvestIntervalDays: "batches.errors.required",
    });
    expect(errorsOf(parse("note", { eventTime: "2026-11-21T08:00" }))).toEqual({
      note: "batches.errors.required",
    });
  });

  it("reads lab results row by row, skips empty rows and keeps each error on its own row's field", () => {
    const values = {
      eventTime: "2026-11-20T14:00",
      lab: "Quatest 1",
      reportNo: "Q1-2611/0042",
      date: "20/11/2026",
      pass: "pass",
      "results.0.name": "Chì (Pb)",
      "results.0.value": "0,21",
      "results.0.limit": "2",
      "results.0.pass": "pass",
      "results.2.name": "Độ ẩm",
      "results.2.value": "< 8",
      "results.2.pass": "pass",
    };
    const result = parse("lab_test", values);
    expect(result.ok && result.entry.details).toEqual({
      lab: "Quatest 1",
      reportNo: "Q1-2611/0042",
      date: "2026-11-20",
      pass: true,
      results: [
        { name: "Chì (Pb)", value: 0.21, limit: 2, pass: true },
        { name: "Độ ẩm", value: "< 8", pass: true },
      ],
    });
    expect(errorsOf(parse("lab_test", { ...values, "results.2.value": "" }))).toEqual({
      "results.2.value": "batches.errors.required",
    });
    // A failed parameter cannot sit under an overall "pass".
    expect(errorsOf(parse("lab_test", { ...values, "results.2.pass": "fail" }))).toEqual({
      pass: "batches.errors.passMismatch",
    });
    expect(errorsOf(parse("lab_test", { ...values, pass: "" }))).toEqual({
      pass: "batches.errors.passRequired",
    });
    expect(errorsOf(parse("lab_test", { ...values, date: "2026-12-01" }))).toEqual({
      date: "batches.errors.dateFuture",
    });
  });

  it("reads processing inputs and refuses a repeated batch or a quantity of zero", () => {
    const a = "7b0d5a52-1c2e-4a57-9e0b-1d3a51b2c001";
    const b = "7b0d5a52-1c2e-4a57-9e0b-1d3a51b2c002";
    const base = { eventTime: "2026-11-20T08:00", step: "Sấy khô" };
    const result = parse("processing", {
      ...base,
      "inputs.0.batchId": a,
      "inputs.0.quantity": "1.200",
      "inputs.1.batchId": b,
      "inputs.1.quantity": "30",
    });
    expect(result.ok && result.entry.inputs).toEqual([
      { batchId: a, quantity: 1200 },
      { batchId: b, quantity: 30 },
    ]);
    expect(result.ok && result.entry.details).toEqual({ step: "Sấy khô" });
    const twice = { ...base, "inputs.0.batchId": a, "inputs.0.quantity": "5", "inputs.1.batchId": a };
    expect(errorsOf(parse("processing", { ...twice, "inputs.1.quantity": "0" }))).toEqual({
      "inputs.1.quantity": "batches.errors.positive",
    });
    expect(errorsOf(parse("processing", { ...twice, "inputs.1.quantity": "3" }))).toEqual({
      "inputs.1.batchId": "batches.errors.inputTwice",
    });
    expect(
      errorsOf(parse("processing", { ...base, "inputs.0.batchId": "not-a-batch", "inputs.0.quantity": "5" })),
    ).toEqual({
      "inputs.0.batchId": "batches.errors.notYourBatch",
    });
  });

  it("checks certification dates and the other scheme's name", () => {
    const cert = {
      eventTime: "2026-11-20T08:00",
      scheme: "vietgap",
      body: "Trung tâm Chứng nhận Phù hợp (QUACERT)",
      number: "VietGAP-TT-12-34",
      validFrom: "2026-01-01",
      validTo: "2027-12-31",
    };
    expect(parse("certification", cert).ok).toBe(true);
    expect(errorsOf(parse("certification", { ...cert, validTo: "2025-12-31" }))).toEqual({
      validTo: "batches.errors.validToBeforeFrom",
    });
    expect(errorsOf(parse("certification", { ...cert, scheme: "other" }))).toEqual({
      schemeName: "batches.errors.required",
    });
    expect(errorsOf(parse("certification", { ...cert, scheme: "iso" }))).toEqual({
      scheme: "batches.errors.schemeRequired",
    });
  });

  it("asks a correction for its reason", () => {
    const values = { eventTime: "2026-11-20T08:00", quantity: "30", unit: "kg" };
    expect(errorsOf(parse("harvesting", values, true))).toEqual({
      correctionReason: "batches.errors.required",
    });
    const fixed = parse("harvesting", { ...values, correctionReason: "Cân nhầm" }, true);
    expect(fixed.ok && fixed.entry.correctionReason).toBe("Cân nhầm");
  });

  it("wants GPS as a pair, within range", () => {
    const values = { eventTime: "2026-11-20T08:00", note: "Mưa to" };
    expect(parse("note", { ...values, latitude: "22.0468", longitude: "105.6742" }).ok).toBe(true);
    expect(errorsOf(parse("note", { ...values, latitude: "22.0468" }))).toEqual({
      latitude: "batches.errors.gps",
    });
    expect(errorsOf(parse("note", { ...values, latitude: "95", longitude: "105" }))).toEqual({
      latitude: "batches.errors.gps",
    });
  });

  it("has a message in both languages for every key it can produce", () => {
    const keys = Object.keys(vi.batches.errors);
    expect(Object.keys(en.batches.errors)).toEqual(keys);
    for (const key of ["negative", "phiNegative", "timeFuture", "passMismatch", "notYourBatch"]) {
      expect(translate("vi", `batches.errors.${key}`)).not.toBe(vi.validation.invalid);
    }
  });
});

describe("prefilling a correction", () => {
  it("turns a stored entry back into the values of its form, and they parse to the same details", () => {
    const original = parse("lab_test", {
      eventTime: "2026-11-20T14:05",
      lab: "Quatest 1",
      reportNo: "KN-1",
      date: "2026-11-20",
      pass: "fail",
      "results.0.name": "Chì",
      "results.0.value": "3,5",
      "results.0.limit": "2",
      "results.0.pass": "fail",
    });
    if (!original.ok) throw new Error("fixture should parse");
    const values = diaryFormValues({
      ...original.entry,
      details: { ...original.entry.details, photos: [{ key: "x" }] },
    });
    expect(values).toMatchObject({ eventTime: "2026-11-20T14:05", pass: "fail", "results.0.value": "3.5" });
    expect(values).not.toHaveProperty("photos");
    const again = parse("lab_test", values);
    expect(again.ok && again.entry.details).toEqual(original.entry.details);
  });

  it("shows times in Vietnam's clock and reads them back as +07:00", () => {
    expect(localTimeInputValue(new Date("2026-09-01T16:30:00Z"))).toBe("2026-09-01T23:30");
    expect(parseLocalTime("2026-09-01T23:30")?.toISOString()).toBe("2026-09-01T16:30:00.000Z");
    expect(nestFormValues({ "results.1.name": "Pb", x: "1" })).toEqual({
      results: [{}, { name: "Pb" }],
      x: "1",
    });
  });

  it("offers twelve kinds, each with a name and a hint in both languages", () => {
    expect(recordableKinds).toHaveLength(12);
    for (const kind of recordableKinds) {
      expect(vi.batches.kinds[kind]).toBeTruthy();
      expect(en.batches.kindHints[kind]).toBeTruthy();
    }
  });
});

describe("opening a batch", () => {
  const schema = openBatchSchema(now);
  const valid = {
    productId: "7b0d5a52-1c2e-4a57-9e0b-1d3a51b2c001",
    lot: " HKH-2611-01 ",
    quantity: "1.200",
    producedOn: "2026-11-20",
    bestBefore: "2026-12-20",
  };
  const errors = (values: Record<string, string>) => {
    const r = parseWith(schema, values);
    return r.ok ? {} : r.error.fieldErrors;
  };

  it("trims the lot code and reads Vietnamese thousands", () => {
    const r = parseWith(schema, valid);
    expect(r.ok && r.data).toEqual({ ...valid, lot: "HKH-2611-01", quantity: 1200 });
  });

  it("refuses a lot code with spaces, diacritics or over 20 characters", () => {
    expect(errors({ ...valid, lot: "HKH 2611" })).toEqual({ lot: "labels.lot.spaces" });
    expect(errors({ ...valid, lot: "HỒNG-01" })).toEqual({ lot: "labels.lot.diacritics" });
    expect(errors({ ...valid, lot: "A".repeat(21) })).toEqual({ lot: "labels.lot.tooLong" });
    expect(errors({ ...valid, lot: "" })).toEqual({ lot: "labels.lot.empty" });
  });

  it("refuses a production date in the future and a best-before before it", () => {
    expect(errors({ ...valid, producedOn: "2026-11-22" })).toEqual({
      producedOn: "batches.errors.producedFuture",
    });
    expect(errors({ ...valid, bestBefore: "2026-11-19" })).toEqual({
      bestBefore: "batches.errors.bestBeforeEarly",
    });
    expect(errors({ ...valid, quantity: "0" })).toEqual({ quantity: "batches.errors.quantityPositive" });
    expect(errors({ ...valid, quantity: "-5" })).toEqual({ quantity: "batches.errors.quantityPositive" });
    expect(errors({ ...valid, quantity: "2,5" })).toEqual({ quantity: "batches.errors.wholeNumber" });
  });
});
