import { describe, expect, it } from "vitest";
import {
  allowedBatchActions,
  batchTransition,
  isRecalled,
  isSellableBatch,
} from "~/domain/trace/batch-state";
import {
  blockerMessage,
  effectiveEvents,
  type GateEvent,
  harvestDay,
  labTestRequired,
  releaseBlockers,
  vietnamDay,
} from "~/domain/trace/release-gates";

let seq = 0;
function event(
  kind: string,
  at: string,
  details: Record<string, unknown> = {},
  correctionOf: string | null = null,
) {
  seq += 1;
  return { id: `e${seq}`, seq, kind, eventTime: at, details, correctionOf } satisfies GateEvent;
}
const spray = (at: string, phi: unknown, product = "Abamectin") =>
  event("spraying", at, {
    product,
    activeIngredient: "Abamectin",
    dose: 10,
    doseUnit: "ml/bình 16 L",
    preHarvestIntervalDays: phi,
  });
const harvest = (at: string) => event("harvesting", at, { quantity: 300, unit: "kg" });
const labTest = (at: string, pass: boolean) =>
  event("lab_test", at, {
    lab: "Quatest 1",
    reportNo: `KN-${seq + 1}`,
    date: at.slice(0, 10),
    results: [],
    pass,
  });

const gates = (
  events: GateEvent[],
  ocopGroup: "food" | "handicrafts" | "beverages" | "herbal" = "handicrafts",
) => releaseBlockers({ ocopGroup, producedOn: "2026-09-10", events });

describe("pre-harvest interval", () => {
  it("passes when spraying day + interval is before the harvest day", () => {
    expect(gates([spray("2026-09-01T07:00:00+07:00", 3), harvest("2026-09-05T06:00:00+07:00")])).toEqual([]);
  });

  it("blocks while the interval has not elapsed, naming the spraying, its date and the harvest", () => {
    const blockers = gates([spray("2026-09-01T07:00:00+07:00", 7), harvest("2026-09-05T06:00:00+07:00")]);
    expect(blockers).toEqual([
      expect.objectContaining({
        code: "preHarvestInterval",
        product: "Abamectin",
        sprayedOn: "2026-09-01",
        harvestOn: "2026-09-05",
        daysShort: 3,
        intervalDays: 7,
      }),
    ]);
    expect(blockerMessage(blockers[0] ?? { code: "labTestMissing" }, "vi")).toMatch(
      /^Phun thuốc Abamectin ngày 01\/09\/2026: còn 3 ngày cách ly đến ngày thu hoạch 05\/09\/2026/,
    );
    expect(blockerMessage(blockers[0] ?? { code: "labTestMissing" }, "en")).toContain(
      "Spraying Abamectin on 01/09/2026",
    );
  });

  it("passes on the boundary day (spraying day + interval = harvest day) and blocks one day earlier", () => {
    expect(gates([spray("2026-09-01T07:00:00+07:00", 4), harvest("2026-09-05T06:00:00+07:00")])).toEqual([]);
    expect(gates([spray("2026-09-01T07:00:00+07:00", 5), harvest("2026-09-05T06:00:00+07:00")])).toEqual([
      expect.objectContaining({ code: "preHarvestInterval", daysShort: 1 }),
    ]);
  });

  it("counts calendar days in Vietnam, not UTC", () => {
    // 23:30 on the 1st (+07:00) is the 1st; 00:30 on the 2nd (+07:00) is the 2nd, though UTC still says the 1st.
    expect(vietnamDay("2026-09-01T23:30:00+07:00")).toBe("2026-09-01");
    expect(vietnamDay("2026-09-02T00:30:00+07:00")).toBe("2026-09-02");
    const late = spray("2026-09-01T23:30:00+07:00", 4);
    expect(gates([late, harvest("2026-09-05T05:00:00+07:00")])).toEqual([]);
    const afterMidnight = spray("2026-09-02T00:30:00+07:00", 4);
    expect(gates([afterMidnight, harvest("2026-09-05T05:00:00+07:00")])).toEqual([
      expect.objectContaining({ sprayedOn: "2026-09-02", daysShort: 1 }),
    ]);
  });

  it("uses the latest harvest, or the production date when the diary has none", () => {
    expect(harvestDay({ producedOn: "2026-09-10", events: [] })).toBe("2026-09-10");
    expect(
      harvestDay({
        producedOn: "2026-09-10",
        events: [harvest("2026-09-05T06:00:00+07:00"), harvest("2026-09-03T06:00:00+07:00")],
      }),
    ).toBe("2026-09-05");
    // No harvest entry: producedOn (10/09) is 9 days after a spraying on 01/09.
    expect(gates([spray("2026-09-01T07:00:00+07:00", 9)])).toEqual([]);
    expect(gates([spray("2026-09-01T07:00:00+07:00", 10)])).toEqual([
      expect.objectContaining({ harvestOn: "2026-09-10", daysShort: 1 }),
    ]);
  });

  it("blocks a spraying whose interval was never written down", () => {
    expect(gates([spray("2026-09-01T07:00:00+07:00", undefined)])).toEqual([
      expect.objectContaining({ code: "preHarvestIntervalMissing", sprayedOn: "2026-09-01" }),
    ]);
  });
});

describe("lab tests", () => {
  it("are required for food, beverages and herbal products, not for handicrafts, ornamental or tourism", () => {
    expect(["food", "beverages", "herbal"].every((g) => labTestRequired(g as "food"))).toBe(true);
    expect(["handicrafts", "ornamental", "tourism"].some((g) => labTestRequired(g as "food"))).toBe(false);
  });

  it("blocks food without a lab test", () => {
    expect(gates([harvest("2026-09-05T06:00:00+07:00")], "food")).toEqual([{ code: "labTestMissing" }]);
    expect(blockerMessage({ code: "labTestMissing" }, "vi")).toContain("Chưa có kết quả kiểm nghiệm");
  });

  it("blocks when the latest lab test failed, and passes once a newer one passes", () => {
    const failed = labTest("2026-09-08T10:00:00+07:00", false);
    expect(gates([failed], "beverages")).toEqual([
      expect.objectContaining({ code: "labTestFailed", seq: failed.seq, testedOn: "2026-09-08" }),
    ]);
    expect(gates([failed, labTest("2026-09-09T10:00:00+07:00", true)], "beverages")).toEqual([]);
    // An older pass does not outweigh a newer failure.
    expect(
      gates(
        [labTest("2026-09-01T10:00:00+07:00", true), labTest("2026-09-09T10:00:00+07:00", false)],
        "herbal",
      ),
    ).toHaveLength(1);
  });

  it("does not ask a handicraft for a lab test", () => {
    expect(gates([], "handicrafts")).toEqual([]);
  });

  it("returns every blocker, not just the first", () => {
    const blockers = gates(
      [
        spray("2026-09-01T07:00:00+07:00", 7),
        spray("2026-09-02T07:00:00+07:00", 7, "Sokupi"),
        harvest("2026-09-05T06:00:00+07:00"),
      ],
      "food",
    );
    expect(blockers.map((b) => b.code)).toEqual([
      "preHarvestInterval",
      "preHarvestInterval",
      "labTestMissing",
    ]);
  });
});

describe("corrections", () => {
  it("replace the entry they correct, with their own values", () => {
    const wrong = spray("2026-09-01T07:00:00+07:00", 14);
    const harvested = harvest("2026-09-05T06:00:00+07:00");
    const fixed = event(
      "spraying",
      "2026-09-01T07:00:00+07:00",
      { product: "Abamectin", preHarvestIntervalDays: 3 },
      wrong.id,
    );
    expect(gates([wrong, harvested])).toHaveLength(1);
    expect(gates([wrong, harvested, fixed])).toEqual([]);
    expect(effectiveEvents([wrong, harvested, fixed]).map((e) => e.id)).toEqual([harvested.id, fixed.id]);
  });

  it("work the other way too: a passing test corrected to a failure blocks", () => {
    const passed = labTest("2026-09-08T10:00:00+07:00", true);
    const corrected = event(
      "lab_test",
      "2026-09-08T10:00:00+07:00",
      { pass: false, reportNo: "KN-1" },
      passed.id,
    );
    expect(gates([passed], "food")).toEqual([]);
    expect(gates([passed, corrected], "food")).toEqual([
      expect.objectContaining({ code: "labTestFailed", seq: corrected.seq }),
    ]);
  });

  it("a corrected harvest date moves the harvest day", () => {
    const early = harvest("2026-09-03T06:00:00+07:00");
    const later = event("harvesting", "2026-09-06T06:00:00+07:00", { quantity: 300, unit: "kg" }, early.id);
    const sprayed = spray("2026-09-01T07:00:00+07:00", 5);
    expect(gates([sprayed, early])).toHaveLength(1);
    expect(gates([sprayed, early, later])).toEqual([]);
  });

  it("a correction of a correction wins over both", () => {
    const a = spray("2026-09-01T07:00:00+07:00", 3);
    const b = event(
      "spraying",
      "2026-09-01T07:00:00+07:00",
      { product: "X", preHarvestIntervalDays: 30 },
      a.id,
    );
    const c = event(
      "spraying",
      "2026-09-01T07:00:00+07:00",
      { product: "X", preHarvestIntervalDays: 2 },
      b.id,
    );
    const h = harvest("2026-09-05T06:00:00+07:00");
    expect(gates([a, b, h])).toHaveLength(1);
    expect(gates([a, b, c, h])).toEqual([]);
  });
});

describe("batch state machine", () => {
  it("releases from recording and from on hold only", () => {
    expect(batchTransition("recording", "release")).toBe("released");
    expect(batchTransition("on_hold", "release")).toBe("released");
    expect(batchTransition("released", "release")).toBeNull();
    expect(batchTransition("closed", "release")).toBeNull();
    expect(batchTransition("sold_out", "release")).toBeNull();
  });

  it("puts any batch not already on hold on hold", () => {
    for (const s of ["recording", "released", "sold_out", "closed"] as const) {
      expect(batchTransition(s, "hold")).toBe("on_hold");
    }
    expect(batchTransition("on_hold", "hold")).toBeNull();
  });

  it("sells out and restocks only a released batch, and closes anything not closed", () => {
    expect(batchTransition("released", "sell_out")).toBe("sold_out");
    expect(batchTransition("recording", "sell_out")).toBeNull();
    expect(batchTransition("sold_out", "restock")).toBe("released");
    expect(batchTransition("closed", "close")).toBeNull();
    expect(allowedBatchActions("closed")).toEqual(["hold"]);
    expect(allowedBatchActions("on_hold").sort()).toEqual(["close", "release"]);
  });

  it("sells only released batches; on hold means recall", () => {
    expect(isSellableBatch("released")).toBe(true);
    for (const s of ["recording", "sold_out", "closed", "on_hold"] as const)
      expect(isSellableBatch(s)).toBe(false);
    expect(isRecalled("on_hold")).toBe(true);
    expect(isRecalled("released")).toBe(false);
  });
});
