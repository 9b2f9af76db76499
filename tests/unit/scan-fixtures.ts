// A batch's public record built in memory, with a real hash chain: rice wine made from a lot of
// leaf yeast, at a pre-2025 commune, with a spraying, a lab test and a corrected entry.

import { hashEvent } from "~/domain/trace/hash-chain";
import type { PublicTrace, PublicTraceEvent } from "~/domain/trace/public.server";

export const BATCH_ID = "11111111-1111-4111-8111-111111111111";
export const INPUT_BATCH_ID = "22222222-2222-4222-8222-222222222222";

interface Entry {
  id: string;
  kind: string;
  at: string;
  details: Record<string, unknown>;
  correctionOf?: string;
  eventType?: string;
}

export function chain(entries: Entry[], batchId = BATCH_ID): PublicTraceEvent[] {
  const events: PublicTraceEvent[] = [];
  let prevHash: string | null = null;
  entries.forEach((e, i) => {
    const base = {
      batchId,
      seq: i + 1,
      kind: e.kind,
      eventType: e.eventType ?? "ObjectEvent",
      bizStep: `https://cho-ocop.vn/voc/bizstep/${e.kind}`,
      disposition: null,
      eventTime: new Date(e.at),
      eventTimeZoneOffset: "+07:00",
      regionId: null,
      placeText: "Thôn Nà Pài, xã Bằng Phúc",
      latitude: 22.0468,
      longitude: 105.6742,
      details: e.details,
      correctionOf: e.correctionOf ?? null,
      recordedBy: null,
      prevHash,
    };
    const hash = hashEvent(base);
    events.push({ ...base, id: e.id, recordedAt: new Date(e.at), region: null, hash });
    prevHash = hash;
  });
  return events;
}

export function fixtureTrace(overrides: Partial<PublicTrace["batch"]> = {}): PublicTrace {
  const events = chain([
    {
      id: "e1",
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
    { id: "e2", kind: "harvesting", at: "2026-09-05T06:30:00+07:00", details: { quantity: 330, unit: "kg" } },
    {
      id: "e3",
      kind: "processing",
      at: "2026-09-06T06:00:00+07:00",
      eventType: "TransformationEvent",
      details: { step: "Đồ xôi, ủ men", outputQuantity: 210, unit: "lít" },
    },
    {
      id: "e4",
      kind: "lab_test",
      at: "2026-10-16T14:00:00+07:00",
      details: {
        lab: "Quatest 1",
        reportNo: "KN-1",
        date: "2026-10-16",
        results: [{ name: "Methanol", value: 0.31, unit: "g/L", limit: 2, pass: true }],
        pass: true,
      },
    },
    { id: "e5", kind: "packing", at: "2026-10-20T09:00:00+07:00", details: { quantity: 40, unit: "chai" } },
    {
      id: "e6",
      kind: "packing",
      at: "2026-10-20T10:00:00+07:00",
      details: { quantity: 400, unit: "chai", correctionReason: "Gõ thiếu một số 0" },
      correctionOf: "e5",
    },
    {
      id: "e7",
      kind: "shipping",
      at: "2026-10-25T07:30:00+07:00",
      details: { to: "Cửa hàng OCOP Bắc Kạn", quantity: 120, unit: "chai" },
    },
  ]);
  return {
    batch: {
      id: BATCH_ID,
      lot: "RML-2026-10",
      status: "released",
      quantity: 400,
      quantityAvailable: 352,
      producedOn: "2026-10-20",
      bestBefore: "2031-10-20",
      publicCode: "k3v9p2x7qa",
      holdReason: null,
      headHash: events.at(-1)?.hash ?? null,
      ...overrides,
    },
    product: {
      id: "33333333-3333-4333-8333-333333333333",
      slug: "ruou-men-la-bang-phuc",
      name: "Rượu men lá Bằng Phúc",
      unit: "chai",
      gtin: "08938512300016",
      listingStatus: "approved",
      ocopGroup: "beverages",
      updatedAt: "2026-10-01T00:00:00.000Z",
    },
    cooperative: {
      id: "44444444-4444-4444-8444-444444444444",
      slug: "htx-ruou-men-la-thanh-tam",
      name: "HTX rượu men lá Thanh Tâm",
      updatedAt: "2026-10-01T00:00:00.000Z",
      place: [
        { level: "province", scheme: "legacy", code: "06", name: "Bắc Kạn" },
        { level: "district", scheme: "legacy", code: "064", name: "Chợ Đồn" },
        { level: "commune", scheme: "legacy", code: "02041", name: "Bằng Phúc" },
      ],
      currentPlace: [
        { level: "province", scheme: "current", code: "19", name: "Thái Nguyên" },
        { level: "commune", scheme: "current", code: "01933", name: "Đồng Phúc" },
      ],
    },
    photo: { storageKey: "photos/ruou-men-la.webp", width: 1200, height: 900, alt: "" },
    certificate: {
      id: "55555555-5555-4555-8555-555555555555",
      stars: 4,
      decisionNo: "1532/QĐ-UBND",
      decisionDate: "2024-08-09",
      authority: "UBND tỉnh Bắc Kạn",
      expiresOn: "2027-08-09",
      approvedAt: "2024-08-23T07:00:00.000Z",
    },
    inputs: [
      {
        batchId: INPUT_BATCH_ID,
        lot: "BML-2026-08",
        publicCode: "ymgct370fe",
        gtin: null,
        productName: "Bánh men lá Thanh Tâm",
        unit: "gói",
        cooperativeName: "HTX rượu men lá Thanh Tâm",
        quantity: 30,
        eventId: "e3",
        batchQuantity: 30,
        producedOn: "2026-08-14",
        bestBefore: "2027-08-14",
        status: "closed",
      },
    ],
    outputs: [],
    events,
    unit: null,
  };
}
