import { readFileSync } from "node:fs";
import path from "node:path";
import Ajv, { type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import { beforeAll, describe, expect, it } from "vitest";
import {
  cbvTerm,
  EPCIS_CONTEXT_URL,
  type EpcisDocument,
  type EpcisEvent,
  type EpcisExportInput,
  type EpcisInputBatch,
  type EpcisRegion,
  type EpcisTraceEvent,
  epcisQuantity,
  eventIdOf,
  localIsoTime,
  OCOP_VOC,
  toEpcisDocument,
} from "~/domain/trace/epcis";
import { type ChainEvent, hashEvent } from "~/domain/trace/hash-chain";
import {
  type DiaryKind,
  diaryKinds,
  diarySteps,
  labTestDisposition,
  OWN_BIZSTEP_BASE,
} from "~/domain/trace/vocabulary";

const STANDARDS = path.resolve(process.cwd(), "../shared/standards/epcis-2.0");
const ORIGIN = "https://cho-ocop.vn";
const NOW = new Date("2026-11-21T03:00:00Z");
const VAN_HO: EpcisRegion = { scheme: "current", code: "14263", name: "Vân Hồ" };
const BANG_PHUC: EpcisRegion = { scheme: "legacy", code: "02041", name: "Bằng Phúc" };

let validate: ValidateFunction;

beforeAll(() => {
  // The schema is draft-07, so the default Ajv class; strict mode off because the official
  // schema uses if/then without else and other patterns strict mode flags.
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  validate = ajv.compile(JSON.parse(readFileSync(path.join(STANDARDS, "EPCIS-JSON-Schema.json"), "utf8")));
});

/** Schema check whose failure message lists every error with its path. */
function expectValid(document: unknown) {
  const ok = validate(document);
  const errors = (validate.errors ?? []).map(
    (e) => `${e.instancePath || "/"} ${e.message} ${JSON.stringify(e.params)}`,
  );
  expect(errors.join("\n"), "EPCIS JSON schema errors").toBe("");
  expect(ok).toBe(true);
}

interface Entry {
  kind: DiaryKind;
  at: string;
  details: Record<string, unknown>;
  region?: EpcisRegion | null;
  gps?: boolean;
  correctionOfSeq?: number;
}

/** A batch diary as appendTraceEvent would store it: seqs from 1, a real hash chain. */
function diary(batchId: string, entries: Entry[]): EpcisTraceEvent[] {
  const out: EpcisTraceEvent[] = [];
  let prevHash: string | null = null;
  for (const [index, entry] of entries.entries()) {
    const step = diarySteps[entry.kind];
    const id = `${batchId}-e${index + 1}`;
    const correctionOf = entry.correctionOfSeq ? `${batchId}-e${entry.correctionOfSeq}` : null;
    const chain: ChainEvent = {
      batchId,
      seq: index + 1,
      kind: entry.kind,
      eventType: step.eventType,
      bizStep: step.bizStep,
      disposition:
        entry.kind === "lab_test" ? labTestDisposition(entry.details.pass === true) : step.disposition,
      eventTime: new Date(entry.at),
      eventTimeZoneOffset: "+07:00",
      regionId: null,
      placeText: "Bản Bó Nhàng 1, xã Vân Hồ",
      latitude: entry.gps ? 20.7786 : null,
      longitude: entry.gps ? 104.8217 : null,
      details: entry.details,
      correctionOf,
      recordedBy: null,
      prevHash,
    };
    const hash = hashEvent(chain);
    out.push({
      id,
      seq: chain.seq,
      kind: chain.kind,
      eventType: chain.eventType,
      bizStep: chain.bizStep,
      disposition: chain.disposition ?? null,
      eventTime: chain.eventTime,
      eventTimeZoneOffset: chain.eventTimeZoneOffset,
      recordedAt: new Date(new Date(entry.at).getTime() + 3_600_000),
      region: entry.region === undefined ? VAN_HO : entry.region,
      placeText: chain.placeText ?? null,
      latitude: chain.latitude ?? null,
      longitude: chain.longitude ?? null,
      details: entry.details,
      correctionOf,
      prevHash,
      hash,
    });
    prevHash = hash;
  }
  return out;
}

/** The tea batch of the demo: a GTIN product with farm steps, a spraying with its PHI, a correction. */
function teaExport(): EpcisExportInput {
  return {
    origin: `${ORIGIN}/`,
    now: NOW,
    product: {
      name: "Chè Shan tuyết Vân Hồ",
      gtin: "08938512400037",
      unit: "gói",
      cooperativeName: "HTX Chè Vân Hồ",
    },
    batch: {
      lot: "CVH-2026-09",
      publicCode: "t3avh2026q",
      quantity: 320,
      producedOn: "2026-09-08",
      bestBefore: "2027-09-08",
      status: "released",
    },
    inputBatches: [],
    events: diary("tea", [
      {
        kind: "planting",
        at: "2026-03-02T08:00:00+07:00",
        details: { crop: "Chè Shan tuyết", area: 2.4, areaUnit: "ha" },
        gps: true,
      },
      {
        kind: "fertilising",
        at: "2026-06-15T07:30:00+07:00",
        details: { product: "Phân hữu cơ vi sinh", dose: 1200, doseUnit: "kg/ha" },
      },
      {
        kind: "spraying",
        at: "2026-08-20T16:30:00+07:00",
        details: {
          product: "Sokupi 0.5SL",
          activeIngredient: "Matrine",
          dose: 0.5,
          doseUnit: "L/ha",
          preHarvestIntervalDays: 7,
        },
      },
      {
        kind: "harvesting",
        at: "2026-09-05T06:30:00+07:00",
        details: { quantity: 330, unit: "kg", note: "Hái tay" },
        gps: true,
      },
      {
        kind: "processing",
        at: "2026-09-05T13:00:00+07:00",
        details: {
          step: "Sao chảo gang",
          inputQuantity: 330,
          inputUnit: "kg búp tươi",
          outputQuantity: 66,
          unit: "kg chè khô",
        },
      },
      {
        kind: "lab_test",
        at: "2026-09-15T10:00:00+07:00",
        details: {
          lab: "Quatest 1",
          reportNo: "Q1-2609/1183",
          results: [{ name: "Matrine", value: 0.01, unit: "mg/kg", limit: 0.05, pass: true }],
          pass: true,
        },
        region: null,
      },
      {
        kind: "packing",
        at: "2026-09-18T08:00:00+07:00",
        details: { quantity: 320, unit: "gói", packageSize: "200 g" },
      },
      // The packing count was wrong: corrected by a new event pointing at it.
      {
        kind: "packing",
        at: "2026-09-18T08:00:00+07:00",
        details: { quantity: 318, unit: "gói", packageSize: "200 g", reason: "Đếm lại" },
        correctionOfSeq: 7,
      },
      {
        kind: "certification",
        at: "2026-09-19T08:00:00+07:00",
        details: {
          scheme: "VietGAP",
          number: "VG-123",
          validUntil: "2028-09-19",
          certificationUrl: "https://example.vn/vg-123",
        },
      },
    ]),
  };
}

/** The rice wine: no GTIN, made from an input batch of leaf yeast (a transformation). */
function wineExport(): EpcisExportInput {
  const events = diary("wine", [
    {
      kind: "receiving",
      at: "2026-09-02T08:00:00+07:00",
      details: { items: [{ name: "Gạo nếp nương", quantity: 300, unit: "kg" }] },
      region: BANG_PHUC,
    },
    {
      kind: "processing",
      at: "2026-09-03T06:00:00+07:00",
      details: {
        step: "Đồ xôi, rắc men lá",
        inputs: [{ name: "Bánh men lá", quantity: 30, unit: "gói", lot: "BML-2026-08" }],
      },
      region: BANG_PHUC,
    },
    {
      kind: "processing",
      at: "2026-10-05T07:00:00+07:00",
      details: { step: "Chưng cất", outputQuantity: 210, unit: "lít", alcoholPercent: 29 },
      region: BANG_PHUC,
    },
    {
      kind: "packing",
      at: "2026-10-20T09:00:00+07:00",
      details: { quantity: 400, unit: "chai" },
      region: BANG_PHUC,
    },
    {
      kind: "shipping",
      at: "2026-10-28T09:00:00+07:00",
      details: { to: "Cửa hàng OCOP Thái Nguyên", quantity: 48, unit: "chai" },
      region: BANG_PHUC,
    },
  ]);
  const yeast: EpcisInputBatch = {
    eventId: "wine-e2",
    quantity: 30,
    lot: "BML-2026-08",
    publicCode: "bmlcode001",
    gtin: null,
    unit: "gói",
    productName: "Bánh men lá Thanh Tâm",
  };
  return {
    origin: ORIGIN,
    now: NOW,
    product: { name: "Rượu men lá Bằng Phúc", gtin: null, unit: "chai", cooperativeName: "HTX Thanh Tâm" },
    batch: {
      lot: "RML-2026-10",
      publicCode: "rmlcode001",
      quantity: 400,
      producedOn: "2026-10-20",
      bestBefore: null,
      status: "on_hold",
    },
    inputBatches: [yeast],
    events,
  };
}

// biome-ignore lint/suspicious/noExplicitAny: a JSON view of the document, read only in assertions.
type Json = any;
const bySeq = (doc: EpcisDocument, seq: number) =>
  doc.epcisBody.eventList.find((e) => e["ocop:seq"] === seq) as EpcisEvent & Record<string, Json>;

describe("the EPCIS JSON schema setup", () => {
  it("accepts GS1's own examples", () => {
    for (const file of ["example-ObjectEvent.jsonld", "example-TransformationEvent-DigitalLink.jsonld"]) {
      expectValid(JSON.parse(readFileSync(path.join(STANDARDS, file), "utf8")));
    }
  });

  it("rejects a broken document, so a pass means something", () => {
    const doc = toEpcisDocument(teaExport()) as unknown as {
      epcisBody: { eventList: Record<string, unknown>[] };
    };
    const broken = structuredClone(doc);
    delete broken.epcisBody.eventList[0]?.eventTimeZoneOffset;
    expect(validate(broken)).toBe(false);
    const badStep = structuredClone(doc);
    (badStep.epcisBody.eventList[0] as Record<string, unknown>).bizStep =
      "https://ns.gs1.org/cbv/BizStep-planting";
    expect(validate(badStep)).toBe(false);
    const badUom = structuredClone(doc);
    (badUom.epcisBody.eventList[3] as { quantityList: { uom: string }[] }).quantityList[0] = {
      uom: "kg",
    } as never;
    expect(validate(badUom)).toBe(false);
  });
});

describe("a batch diary as an EPCIS 2.0 document", () => {
  it("validates against the official schema, for a GTIN product and for one without", () => {
    expectValid(toEpcisDocument(teaExport()));
    expectValid(toEpcisDocument(wineExport()));
  });

  it("validates for every diary kind the app can record", () => {
    for (const kind of diaryKinds) {
      const input = teaExport();
      input.events = diary(`k-${kind}`, [
        { kind, at: "2026-09-05T06:30:00+07:00", details: { quantity: 5, unit: "kg", pass: false } },
      ]);
      expectValid(toEpcisDocument(input));
    }
  });

  it("is a JSON-LD EPCISDocument with our vocabulary prefix", () => {
    const doc = toEpcisDocument(teaExport());
    expect(doc["@context"]).toEqual([EPCIS_CONTEXT_URL, { ocop: OCOP_VOC }]);
    expect(OWN_BIZSTEP_BASE.startsWith(OCOP_VOC)).toBe(true);
    expect(doc).toMatchObject({
      type: "EPCISDocument",
      schemaVersion: "2.0",
      creationDate: "2026-11-21T03:00:00.000Z",
    });
    expect(doc.epcisBody.eventList.map((e) => e["ocop:seq"])).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it("identifies the batch by its Digital Link, or by the short path without a GTIN", () => {
    const tea = toEpcisDocument(teaExport());
    const teaClass = "https://cho-ocop.vn/01/08938512400037/10/CVH-2026-09";
    expect(bySeq(tea, 4).quantityList).toEqual([{ epcClass: teaClass, quantity: 330, uom: "KGM" }]);
    const wine = toEpcisDocument(wineExport());
    expect(bySeq(wine, 4).quantityList).toEqual([
      { epcClass: "https://cho-ocop.vn/t/rmlcode001", quantity: 400 },
    ]);
    expect(wine.epcisHeader.epcisMasterData.vocabularyList[0]).toMatchObject({
      type: "urn:epcglobal:epcis:vtype:EPCClass",
      vocabularyElementList: [{ id: "https://cho-ocop.vn/t/rmlcode001" }],
    });
    const attributes = (
      wine.epcisHeader.epcisMasterData.vocabularyList[0] as {
        vocabularyElementList: { attributes: unknown[] }[];
      }
    ).vocabularyElementList[0]?.attributes;
    expect(attributes).toContainEqual({ id: "ocop:batchStatus", attribute: "on_hold" });
    expect(attributes).toContainEqual({ id: "ocop:productName", attribute: "Rượu men lá Bằng Phúc" });
  });

  it("adds the lot at the harvest and observes it everywhere else", () => {
    const doc = toEpcisDocument(teaExport());
    const objectEvents = doc.epcisBody.eventList.filter((e) => e.type === "ObjectEvent");
    expect(objectEvents.map((e) => [e["ocop:diaryKind"], e.action])).toEqual([
      ["planting", "OBSERVE"],
      ["fertilising", "OBSERVE"],
      ["spraying", "OBSERVE"],
      ["harvesting", "ADD"],
      ["lab_test", "OBSERVE"],
      ["packing", "OBSERVE"],
      ["packing", "OBSERVE"],
      ["certification", "OBSERVE"],
    ]);
    expect(bySeq(doc, 4).ilmd).toEqual({
      "ocop:lot": "CVH-2026-09",
      "ocop:productionDate": "2026-09-08",
      "ocop:bestBeforeDate": "2027-09-08",
    });
    expect(doc.epcisBody.eventList.filter((e) => "ilmd" in e)).toHaveLength(1);
  });

  it("writes when, where and why in EPCIS terms", () => {
    const doc = toEpcisDocument(teaExport());
    const harvest = bySeq(doc, 4);
    expect(harvest.eventTime).toBe("2026-09-05T06:30:00.000+07:00");
    expect(harvest.eventTimeZoneOffset).toBe("+07:00");
    expect(harvest.recordTime).toBe("2026-09-05T00:30:00.000Z");
    expect(harvest.bizStep).toBe("commissioning");
    expect(harvest.disposition).toBe("active");
    expect(harvest.readPoint).toEqual({ id: "geo:20.778600,104.821700" });
    expect(harvest.bizLocation).toEqual({ id: "https://cho-ocop.vn/r/current/14263" });
    // A farm step the CBV lacks keeps the project's own URI.
    expect(bySeq(doc, 1).bizStep).toBe(`${OWN_BIZSTEP_BASE}planting`);
    // Without GPS the region is the read point too; without either there is no place.
    expect(bySeq(doc, 2).readPoint).toEqual({ id: "https://cho-ocop.vn/r/current/14263" });
    expect(bySeq(doc, 6).readPoint).toBeUndefined();
    expect(bySeq(doc, 6).disposition).toBe("conformant");
    expect(bySeq(doc, 6).bizStep).toBe("inspecting");
    const wine = toEpcisDocument(wineExport());
    expect(bySeq(wine, 1).bizLocation).toEqual({ id: "https://cho-ocop.vn/r/legacy/02041" });
    expect(wine.epcisHeader.epcisMasterData.vocabularyList).toContainEqual({
      type: "urn:epcglobal:epcis:vtype:BusinessLocation",
      vocabularyElementList: [
        {
          id: "https://cho-ocop.vn/r/legacy/02041",
          attributes: [{ id: "ocop:name", attribute: "Bằng Phúc" }],
        },
      ],
    });
  });

  it("uses each event's chain hash as its eventID and carries the chain link", () => {
    const input = teaExport();
    const doc = toEpcisDocument(input);
    for (const [i, event] of doc.epcisBody.eventList.entries()) {
      const source = input.events[i] as EpcisTraceEvent;
      expect(event.eventID).toBe(`ni:///sha-256;${source.hash}?ver=ocop-chain-1`);
      expect(event.eventID).toBe(eventIdOf(source.hash));
      expect(event["ocop:prevHash"]).toBe(source.prevHash ?? undefined);
    }
  });

  it("declares a corrected entry's error and points it at its correction", () => {
    const input = teaExport();
    const doc = toEpcisDocument(input);
    const original = bySeq(doc, 7);
    const correction = bySeq(doc, 8);
    expect(original.errorDeclaration).toEqual({
      declarationTime: new Date(input.events[7]?.recordedAt as Date).toISOString(),
      reason: "incorrect_data",
      correctiveEventIDs: [correction.eventID],
    });
    expect(correction["ocop:correctionOf"]).toBe(original.eventID);
    expect(correction.errorDeclaration).toBeUndefined();
    expect(correction.quantityList[0].quantity).toBe(318);
  });

  it("keeps the food details: dose, pre-harvest interval, lab results, certificates", () => {
    const doc = toEpcisDocument(teaExport());
    expect(bySeq(doc, 3)["ocop:details"]).toEqual({
      "ocop:product": "Sokupi 0.5SL",
      "ocop:activeIngredient": "Matrine",
      "ocop:dose": 0.5,
      "ocop:doseUnit": "L/ha",
      "ocop:preHarvestIntervalDays": 7,
    });
    expect(bySeq(doc, 6)["ocop:details"]["ocop:results"]).toEqual([
      {
        "ocop:name": "Matrine",
        "ocop:value": 0.01,
        "ocop:unit": "mg/kg",
        "ocop:limit": 0.05,
        "ocop:pass": true,
      },
    ]);
    expect(bySeq(doc, 9).certificationInfo).toBe("https://example.vn/vg-123");
    expect(bySeq(doc, 9)["ocop:details"]["ocop:scheme"]).toBe("VietGAP");
    expect(bySeq(doc, 1)["ocop:place"]).toBe("Bản Bó Nhàng 1, xã Vân Hồ");
  });

  it("maps processing to a TransformationEvent from the input batches (one step back)", () => {
    const doc = toEpcisDocument(wineExport());
    const brewing = bySeq(doc, 2);
    expect(brewing.type).toBe("TransformationEvent");
    expect(brewing.action).toBeUndefined();
    expect(brewing.inputQuantityList).toEqual([
      { epcClass: "https://cho-ocop.vn/t/bmlcode001", quantity: 30 },
    ]);
    expect(brewing.outputQuantityList).toEqual([{ epcClass: "https://cho-ocop.vn/t/rmlcode001" }]);
    expect(brewing["ocop:inputBatches"]).toEqual([
      {
        "ocop:productName": "Bánh men lá Thanh Tâm",
        "ocop:lot": "BML-2026-08",
        "ocop:quantity": 30,
        "ocop:unit": "gói",
      },
    ]);
    // The first processing step brings the lot into being; the receiving before it only observes.
    expect(brewing.ilmd).toEqual({ "ocop:lot": "RML-2026-10", "ocop:productionDate": "2026-10-20" });
    expect(bySeq(doc, 1).action).toBe("OBSERVE");
    const distilling = bySeq(doc, 3);
    expect(distilling.ilmd).toBeUndefined();
    expect(distilling.outputQuantityList).toEqual([
      { epcClass: "https://cho-ocop.vn/t/rmlcode001", quantity: 210, uom: "LTR" },
    ]);
    // Processing inside the batch: the lot goes in and comes out, with both quantities.
    const tea = toEpcisDocument(teaExport());
    expect(bySeq(tea, 5).inputQuantityList).toEqual([
      { epcClass: "https://cho-ocop.vn/01/08938512400037/10/CVH-2026-09", quantity: 330, uom: "KGM" },
    ]);
    expect(bySeq(tea, 5).outputQuantityList[0]).toMatchObject({ quantity: 66, uom: "KGM" });
  });
});

describe("EPCIS building blocks", () => {
  it("turns CBV URIs into their bare JSON terms and leaves other URIs alone", () => {
    expect(cbvTerm("https://ref.gs1.org/cbv/BizStep-packing", "BizStep")).toBe("packing");
    expect(cbvTerm("urn:epcglobal:cbv:bizstep:shipping", "BizStep")).toBe("shipping");
    expect(cbvTerm("https://ref.gs1.org/cbv/Disp-in_transit", "Disp")).toBe("in_transit");
    expect(cbvTerm("https://ref.gs1.org/cbv/BizStep-planting", "BizStep")).toBe(
      "https://ref.gs1.org/cbv/BizStep-planting",
    );
    expect(cbvTerm(`${OWN_BIZSTEP_BASE}spraying`, "BizStep")).toBe(`${OWN_BIZSTEP_BASE}spraying`);
  });

  it("gives quantities a UN/CEFACT unit, none for counted units, and drops what it cannot read", () => {
    expect(epcisQuantity(330, "kg búp tươi")).toEqual({ quantity: 330, uom: "KGM" });
    expect(epcisQuantity(2.5, "lít")).toEqual({ quantity: 2.5, uom: "LTR" });
    expect(epcisQuantity(200, "g")).toEqual({ quantity: 200, uom: "GRM" });
    expect(epcisQuantity(400, "chai")).toEqual({ quantity: 400 });
    expect(epcisQuantity(2.5, "chai")).toBeNull();
    expect(epcisQuantity("12", "kg")).toBeNull();
    expect(epcisQuantity(12, undefined)).toBeNull();
    expect(epcisQuantity(-1, "kg")).toBeNull();
  });

  it("writes times in the place's own offset", () => {
    expect(localIsoTime(new Date("2026-09-04T23:30:00Z"), "+07:00")).toBe("2026-09-05T06:30:00.000+07:00");
    expect(localIsoTime("2026-09-05T06:30:00Z", "-05:30")).toBe("2026-09-05T01:00:00.000-05:30");
    expect(() => localIsoTime("nonsense", "+07:00")).toThrow(TypeError);
  });
});
