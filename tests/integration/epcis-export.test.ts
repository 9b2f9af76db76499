import { readFileSync } from "node:fs";
import path from "node:path";
import Ajv, { type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import { beforeAll, describe, expect, it } from "vitest";
import type { EpcisDocument } from "~/domain/trace/epcis";
import { db } from "~db/client.server";
import { seedDemoData } from "~db/seed";
import { batchOf, get, ORIGIN, RML_PATH } from "./scan-helpers";

let validate: ValidateFunction;

beforeAll(async () => {
  // Draft-07 schema; strict mode off for the official schema's if/then without else.
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  const schema = path.resolve(process.cwd(), "../shared/standards/epcis-2.0/EPCIS-JSON-Schema.json");
  validate = ajv.compile(JSON.parse(readFileSync(schema, "utf8")));
  await seedDemoData(db());
});

function expectValid(document: unknown) {
  const ok = validate(document);
  const errors = (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message}`);
  expect(errors.join("\n"), "EPCIS JSON schema errors").toBe("");
  expect(ok).toBe(true);
}

describe("EPCIS export of a batch", () => {
  it("answers Accept: application/ld+json and ?format=epcis with the same valid document", async () => {
    const byAccept = await get(RML_PATH, { Accept: "application/ld+json" });
    const byQuery = await get(`${RML_PATH}?format=epcis`);
    for (const response of [byAccept, byQuery]) {
      expect(response.status).toBe(200);
      expect(response.headers.get("Content-Type")).toBe("application/ld+json");
      expect(response.headers.get("Access-Control-Allow-Origin")).toBe("*");
    }
    const a = (await byAccept.json()) as EpcisDocument;
    const b = (await byQuery.json()) as EpcisDocument;
    expectValid(a);
    expect(a.epcisBody.eventList.map((e) => e.eventID)).toEqual(b.epcisBody.eventList.map((e) => e.eventID));
  });

  it("traces the rice wine back to its leaf-yeast lot: input quantities and that lot's own diary", async () => {
    const doc = (await (await get(`${RML_PATH}?format=epcis`)).json()) as EpcisDocument;
    const { publicCode } = await batchOf("banh-men-la-thanh-tam", "BML-2026-08");
    const yeastClass = `${ORIGIN}/t/${publicCode}`;
    const wineClass = `${ORIGIN}${RML_PATH}`;

    // 5 entries of the wine + 3 of the yeast lot it was made from.
    expect(doc.epcisBody.eventList).toHaveLength(8);
    const transformation = doc.epcisBody.eventList.find(
      (e) =>
        e.type === "TransformationEvent" &&
        JSON.stringify(e.inputQuantityList).includes(yeastClass) &&
        JSON.stringify(e.outputQuantityList).includes(wineClass),
    );
    expect(transformation?.inputQuantityList).toEqual([{ epcClass: yeastClass, quantity: 30 }]);
    expect(transformation?.outputQuantityList).toEqual([{ epcClass: wineClass }]);

    const yeastEvents = doc.epcisBody.eventList.filter((e) =>
      JSON.stringify([e.quantityList, e.outputQuantityList]).includes(yeastClass),
    );
    expect(yeastEvents.map((e) => e["ocop:diaryKind"])).toEqual(["harvesting", "processing", "packing"]);

    const classes = (
      doc.epcisHeader.epcisMasterData.vocabularyList as {
        type: string;
        vocabularyElementList: { id: string }[];
      }[]
    )
      .find((v) => v.type === "urn:epcglobal:epcis:vtype:EPCClass")
      ?.vocabularyElementList.map((v) => v.id);
    expect(classes).toEqual([wineClass, yeastClass]);
  });

  it("exports a batch without inputs too (tea with spraying and a lab test)", async () => {
    const doc = (await (await get("/01/08938512400013/10/CVH-2026-09?format=epcis")).json()) as EpcisDocument;
    expectValid(doc);
    expect(doc.epcisBody.eventList.map((e) => e["ocop:diaryKind"])).toEqual([
      "planting",
      "fertilising",
      "spraying",
      "harvesting",
      "processing",
      "lab_test",
      "packing",
    ]);
  });
});
