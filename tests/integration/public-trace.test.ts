import { beforeAll, describe, expect, it } from "vitest";
import { loadPublicTrace } from "~/domain/trace/public.server";
import { db } from "~db/client.server";
import { units } from "~db/schema";
import { seedDemoData } from "~db/seed";
import { batchOf, RML } from "./scan-helpers";

const TEA = { gtin: "08938512400013", lot: "CVH-2026-09" };
const SERIAL = "000777";

beforeAll(async () => {
  await seedDemoData(db());
  const wine = await batchOf("ruou-men-la-bang-phuc", RML.lot);
  await db().insert(units).values({ batchId: wine.id, serial: SERIAL });
});

describe("loading public traces that are asked for together", () => {
  it("gives each scan its own batch, unit or 404, with the chain checked", async () => {
    const yeast = await batchOf("banh-men-la-thanh-tam", "BML-2026-08");
    const wine = await batchOf("ruou-men-la-bang-phuc", RML.lot);

    // Started in one turn of the event loop, so PGlite answers them with one message.
    const [byGtin, byCode, unit, noLot, noUnit, tea, again] = await Promise.all([
      loadPublicTrace(RML),
      loadPublicTrace({ publicCode: yeast.publicCode }),
      loadPublicTrace(RML, { serial: SERIAL }),
      loadPublicTrace({ gtin: RML.gtin, lot: "NO-SUCH-LOT" }),
      loadPublicTrace({ publicCode: yeast.publicCode }, { serial: SERIAL }),
      loadPublicTrace(TEA),
      loadPublicTrace(RML),
    ]);

    if (!byGtin?.found || !byCode?.found || !unit?.found || !tea?.found || !again?.found) {
      throw new Error("a batch that exists was not found");
    }
    expect(noLot).toEqual({ found: false, missing: "batch" });
    expect(noUnit).toEqual({ found: false, missing: "unit" });

    expect(byGtin.trace.batch.id).toBe(wine.id);
    expect(byGtin.trace.unit).toBeNull();
    expect(byGtin.trace.inputs.map((i) => i.lot)).toEqual(["BML-2026-08"]);
    expect(byGtin.trace.outputs).toEqual([]);
    expect(byCode.trace.batch.id).toBe(yeast.id);
    expect(byCode.trace.outputs.map((o) => o.lot)).toEqual([RML.lot]);
    expect(byCode.trace.inputs).toEqual([]);
    expect(unit.trace.batch.id).toBe(wine.id);
    expect(unit.trace.unit?.serial).toBe(SERIAL);
    expect(tea.trace.product.gtin).toBe(TEA.gtin);
    expect(again.trace).toEqual(byGtin.trace);

    for (const { trace } of [byGtin, byCode, unit, tea]) {
      expect(trace.events.length).toBeGreaterThan(0);
      expect(trace.chain).toEqual({ intact: true, headHash: trace.batch.headHash });
    }
  });

  it("reads the same record inside a caller's transaction", async () => {
    const outside = await loadPublicTrace(RML, { serial: SERIAL });
    const inside = await db().transaction((tx) => loadPublicTrace(RML, { serial: SERIAL }, tx));
    expect(outside.found).toBe(true);
    expect(inside).toEqual(outside);
  });

  it("answers the others when one statement of the batch fails", async () => {
    // A NUL cannot be a text value in PostgreSQL: this key's statement fails on both drivers.
    const [broken, wine] = await Promise.allSettled([
      loadPublicTrace({ gtin: RML.gtin, lot: "RML\u0000" }),
      loadPublicTrace(RML),
    ]);
    expect(broken?.status).toBe("rejected");
    expect(wine?.status === "fulfilled" && wine.value.found && wine.value.trace.batch.lot).toBe(RML.lot);
  });
});
