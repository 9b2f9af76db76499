import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { gtinCheckDigit, isValidGtin, toGtin14 } from "~/domain/labels/gtin";
import {
  type ChainEvent,
  canonicalEventJson,
  type HashedChainEvent,
  hashEvent,
  verifyChain,
} from "~/domain/trace/hash-chain";
import { diaryKinds, diarySteps } from "~/domain/trace/vocabulary";
import { seedProducts } from "~db/seed/data/products";

const BATCH = "6f1c1d64-3a57-4d7e-9a43-0b6f1f1e2a10";

function event(seq: number, details: Record<string, unknown>, prevHash: string | null): ChainEvent {
  return {
    batchId: BATCH,
    seq,
    kind: "harvesting",
    eventType: "ObjectEvent",
    bizStep: "https://ref.gs1.org/cbv/BizStep-commissioning",
    disposition: "https://ref.gs1.org/cbv/Disp-active",
    eventTime: new Date(`2026-09-0${seq}T06:30:00+07:00`),
    eventTimeZoneOffset: "+07:00",
    regionId: null,
    placeText: "Bản Bó Nhàng 1, xã Vân Hồ",
    latitude: 20.7786,
    longitude: 104.8217,
    details,
    correctionOf: null,
    recordedBy: null,
    prevHash,
  };
}

function buildChain(n: number): HashedChainEvent[] {
  const out: HashedChainEvent[] = [];
  for (let seq = 1; seq <= n; seq++) {
    const e = event(seq, { quantity: 100 + seq, unit: "kg" }, out.at(-1)?.hash ?? null);
    out.push({ ...e, hash: hashEvent(e) });
  }
  return out;
}

describe("canonicalEventJson", () => {
  it("writes exactly the documented keys, sorted, without whitespace, time in UTC with ms", () => {
    const json = canonicalEventJson(event(1, { unit: "kg", quantity: 330 }, null));
    expect(json).toBe(
      '{"batchId":"6f1c1d64-3a57-4d7e-9a43-0b6f1f1e2a10","bizStep":"https://ref.gs1.org/cbv/BizStep-commissioning",' +
        '"correctionOf":null,"details":{"quantity":330,"unit":"kg"},"disposition":"https://ref.gs1.org/cbv/Disp-active",' +
        '"eventTime":"2026-08-31T23:30:00.000Z","eventTimeZoneOffset":"+07:00","eventType":"ObjectEvent",' +
        '"kind":"harvesting","latitude":20.7786,"longitude":104.8217,"placeText":"Bản Bó Nhàng 1, xã Vân Hồ",' +
        '"prevHash":null,"recordedBy":null,"regionId":null,"seq":1}',
    );
    expect(hashEvent(event(1, { unit: "kg", quantity: 330 }, null))).toBe(
      createHash("sha256").update(json, "utf8").digest("hex"),
    );
  });

  it("does not depend on key order at any depth; arrays keep their order", () => {
    const a = event(
      1,
      {
        lab: "Quatest 1",
        results: [
          { name: "Pb", value: 0.2 },
          { name: "Cd", value: 0.01 },
        ],
      },
      null,
    );
    const b = {
      ...event(
        1,
        {
          results: [
            { value: 0.2, name: "Pb" },
            { value: 0.01, name: "Cd" },
          ],
          lab: "Quatest 1",
        },
        null,
      ),
    };
    const reordered = Object.fromEntries(Object.entries(b).reverse()) as unknown as ChainEvent;
    expect(canonicalEventJson(reordered)).toBe(canonicalEventJson(a));
    expect(hashEvent(reordered)).toBe(hashEvent(a));

    const swapped = event(
      1,
      {
        lab: "Quatest 1",
        results: [
          { name: "Cd", value: 0.01 },
          { name: "Pb", value: 0.2 },
        ],
      },
      null,
    );
    expect(hashEvent(swapped)).not.toBe(hashEvent(a));
  });

  it("hashes the same Vietnamese text the same whether it is precomposed or decomposed", () => {
    const nfc = "Rượu men lá Bằng Phúc";
    const nfd = nfc.normalize("NFD");
    expect(nfd).not.toBe(nfc);
    const a = { ...event(1, { ghiChú: nfc }, null), placeText: nfc };
    const b = { ...event(1, { ["ghiChú".normalize("NFD")]: nfd }, null), placeText: nfd };
    expect(canonicalEventJson(b)).toBe(canonicalEventJson(a));
    expect(canonicalEventJson(a)).toContain(`"placeText":"${nfc}"`);
  });

  it("treats missing optional fields as null and an event time string like the same Date", () => {
    const full = event(1, {}, null);
    const sparse: ChainEvent = {
      batchId: BATCH,
      seq: 1,
      kind: full.kind,
      eventType: full.eventType,
      bizStep: full.bizStep,
      disposition: full.disposition,
      eventTime: "2026-08-31T23:30:00Z",
      eventTimeZoneOffset: "+07:00",
      placeText: full.placeText,
      latitude: full.latitude,
      longitude: full.longitude,
    };
    expect(hashEvent(sparse)).toBe(hashEvent(full));
  });

  it("refuses numbers JSON cannot carry", () => {
    expect(() => canonicalEventJson(event(1, { dose: Number.NaN }, null))).toThrow(TypeError);
  });
});

describe("verifyChain", () => {
  it("accepts an intact chain, in any order, and names its head", () => {
    const chain = buildChain(4);
    expect(verifyChain([...chain].reverse())).toEqual({ intact: true, headHash: chain[3]?.hash });
    expect(verifyChain([])).toEqual({ intact: true, headHash: null });
  });

  it("finds an event whose details changed after the fact", () => {
    const chain = buildChain(5);
    const tampered = chain.map((e) => (e.seq === 3 ? { ...e, details: { quantity: 999, unit: "kg" } } : e));
    expect(verifyChain(tampered)).toEqual({ intact: false, brokenAtSeq: 3, reason: "hash_mismatch" });
  });

  it("finds a changed event whose hash was recomputed, at the next link", () => {
    const chain = buildChain(5);
    const changed = { ...event(3, { quantity: 999, unit: "kg" }, chain[1]?.hash ?? null) };
    const tampered = chain.map((e) => (e.seq === 3 ? { ...changed, hash: hashEvent(changed) } : e));
    expect(verifyChain(tampered)).toEqual({ intact: false, brokenAtSeq: 4, reason: "prev_hash_mismatch" });
  });

  it("finds a removed event", () => {
    const chain = buildChain(5).filter((e) => e.seq !== 3);
    expect(verifyChain(chain)).toEqual({ intact: false, brokenAtSeq: 3, reason: "seq_gap" });
  });

  it("finds a chain that does not start at 1", () => {
    expect(verifyChain(buildChain(3).slice(1))).toEqual({ intact: false, brokenAtSeq: 1, reason: "seq_gap" });
  });

  it("finds an event re-linked to another predecessor", () => {
    const chain = buildChain(4);
    // Event 3 re-pointed at event 1 and re-hashed so its own hash is consistent.
    const relinked = { ...chain[2], prevHash: chain[0]?.hash ?? null } as HashedChainEvent;
    relinked.hash = hashEvent(relinked);
    const tampered = chain.map((e) => (e.seq === 3 ? relinked : e));
    expect(verifyChain(tampered)).toEqual({ intact: false, brokenAtSeq: 3, reason: "prev_hash_mismatch" });
  });

  it("finds a first event that claims a predecessor", () => {
    const chain = buildChain(2);
    const first = { ...event(1, { quantity: 101, unit: "kg" }, "a".repeat(64)) };
    const tampered = [{ ...first, hash: hashEvent(first) }, ...chain.slice(1)];
    expect(verifyChain(tampered)).toEqual({ intact: false, brokenAtSeq: 1, reason: "prev_hash_mismatch" });
  });

  it("with the recorded head, finds events cut off the end", () => {
    const chain = buildChain(4);
    const head = chain[3]?.hash;
    expect(verifyChain(chain, { expectedHeadHash: head })).toEqual({ intact: true, headHash: head });
    expect(verifyChain(chain.slice(0, 3), { expectedHeadHash: head })).toEqual({
      intact: false,
      brokenAtSeq: 4,
      reason: "head_mismatch",
    });
  });
});

describe("diary vocabulary", () => {
  it("maps every diary kind to an EPCIS type and a CBV or project business step URI", () => {
    for (const kind of diaryKinds) {
      const step = diarySteps[kind];
      expect(step.bizStep).toMatch(
        /^https:\/\/(ref\.gs1\.org\/cbv\/BizStep-|cho-ocop\.vn\/voc\/bizstep\/)[a-z_]+$/,
      );
      if (step.disposition) expect(step.disposition).toMatch(/^https:\/\/ref\.gs1\.org\/cbv\/Disp-[a-z_]+$/);
    }
    expect(diarySteps.processing.eventType).toBe("TransformationEvent");
    expect(diarySteps.lab_test.bizStep).toBe("https://ref.gs1.org/cbv/BizStep-inspecting");
  });
});

describe("GTIN", () => {
  it("computes GS1 mod-10 check digits", () => {
    expect(gtinCheckDigit("400638133393")).toBe(1); // EAN-13 4006381333931
    expect(gtinCheckDigit("893458801222")).toBe(8); // 8934588012228
    expect(gtinCheckDigit("9638507")).toBe(4); // EAN-8 96385074
    expect(gtinCheckDigit("03600029145")).toBe(2); // UPC-A 036000291452
    expect(gtinCheckDigit("1400638133393")).toBe(8); // GTIN-14 14006381333938 (indicator 1 + the EAN-13 above)
    expect(gtinCheckDigit("893851250001")).toBe(0); // a multiple of 10 gives 0, not 10
  });

  it("accepts GTIN-8, -12, -13 and -14 with a correct check digit", () => {
    for (const code of ["96385074", "036000291452", "4006381333931", "8934588012228", "14006381333938"]) {
      expect(isValidGtin(code)).toBe(true);
    }
  });

  it("rejects a wrong check digit, non-digits and other lengths", () => {
    expect(isValidGtin("4006381333932")).toBe(false);
    expect(isValidGtin("8934588012220")).toBe(false);
    expect(isValidGtin("400638133393A")).toBe(false);
    expect(isValidGtin(" 4006381333931")).toBe(false);
    expect(isValidGtin("４００６３８１３３３９３１")).toBe(false); // full-width digits
    expect(isValidGtin("")).toBe(false);
    expect(isValidGtin("4006381")).toBe(false); // 7
    expect(isValidGtin("00040063813339310")).toBe(false); // 17
    expect(isValidGtin("40063813339")).toBe(false); // 11
  });

  it("pads to the 14-digit form, and refuses an invalid GTIN", () => {
    expect(toGtin14("4006381333931")).toBe("04006381333931");
    expect(toGtin14("96385074")).toBe("00000096385074");
    expect(toGtin14("14006381333938")).toBe("14006381333938");
    expect(isValidGtin(toGtin14("036000291452"))).toBe(true);
    expect(() => toGtin14("4006381333932")).toThrow(RangeError);
  });

  it("gives every demo product GTIN a valid 14-digit code under Vietnam's prefix 893", () => {
    const gtins = seedProducts.flatMap((p) => (p.gtin ? [p.gtin] : []));
    expect(gtins.length).toBeGreaterThanOrEqual(3);
    for (const gtin of gtins) {
      expect(gtin).toMatch(/^0893\d{10}$/);
      expect(isValidGtin(gtin)).toBe(true);
    }
  });
});
