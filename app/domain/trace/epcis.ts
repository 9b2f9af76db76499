/**
 * A batch's diary as a GS1 EPCIS 2.0 document in JSON-LD (pure: the caller loads the rows).
 *
 * - What: the batch is an EPC class, identified by its label URL (GS1 Digital Link with GTIN and
 *   lot, or the platform's /t/ path for products without a GTIN); quantities go in quantityList.
 * - When: eventTime in the local offset (+07:00) plus eventTimeZoneOffset; recordTime is when it
 *   was written down.
 * - Where: readPoint is a geo: URI when the phone gave GPS, otherwise the region; bizLocation is
 *   the region (https://{origin}/r/{scheme}/{code}).
 * - Why: CBV 2.0 business steps and dispositions in their bare JSON form ("commissioning"); farm
 *   steps the CBV lacks keep the project's own vocabulary URIs.
 * - The event that brings the lot into being (the harvest, or the first processing step) is
 *   ObjectEvent ADD with the lot's ILMD, or the TransformationEvent carrying it; every other
 *   ObjectEvent is OBSERVE. Processing is a TransformationEvent whose inputQuantityList names the
 *   input batches' EPC classes, which is the "one step back" of the traceability rules.
 * - eventID is the event's hash-chain hash as an ni: URI. The `ver` parameter names our
 *   canonical form (hash-chain.ts), not the CBV event-hash algorithm, so nobody mistakes one for
 *   the other.
 * - A correction is a new event pointing at the old one; the old one gets an errorDeclaration
 *   whose correctiveEventIDs name its corrections, as EPCIS 2.0 models it.
 * - Food details (inputs, dose, pre-harvest interval, lab results, certificates) travel as the
 *   extension field "ocop:details", every key under the "ocop:" prefix declared in @context.
 */
import { type BatchIdentity, batchLinkUrl, normalizeOrigin } from "../labels/digital-link";

export const EPCIS_CONTEXT_URL = "https://ref.gs1.org/standards/epcis/epcis-context.jsonld";
/** Namespace of our extension fields and our own business steps. */
export const OCOP_VOC = "https://cho-ocop.vn/voc/";
/** `ver` of our event IDs: hash-chain.ts canonical serialisation, version 1. */
export const EVENT_ID_VERSION = "ocop-chain-1";

export interface EpcisProduct {
  name: string;
  /** GTIN-14, or null for products without one. */
  gtin: string | null;
  /** The selling unit as the cooperative names it (kg, chai, gói…). */
  unit: string;
  cooperativeName: string;
}

export interface EpcisBatch {
  lot: string;
  /** batches.public_code */
  publicCode: string;
  quantity: number;
  /** ISO dates "YYYY-MM-DD". */
  producedOn: string;
  bestBefore: string | null;
  status: string;
}

export interface EpcisRegion {
  scheme: "current" | "legacy";
  code: string;
  name: string;
}

/** One trace_events row with its region joined, as a repository would load it. */
export interface EpcisTraceEvent {
  id: string;
  seq: number;
  kind: string;
  /** "ObjectEvent" or "TransformationEvent" (anything else is exported as an ObjectEvent). */
  eventType: string;
  bizStep: string;
  disposition: string | null;
  eventTime: Date | string;
  eventTimeZoneOffset: string;
  recordedAt: Date | string;
  region: EpcisRegion | null;
  placeText: string | null;
  latitude: number | null;
  longitude: number | null;
  details: Record<string, unknown>;
  /** Id of the earlier event this one corrects. */
  correctionOf: string | null;
  prevHash: string | null;
  hash: string;
}

/** A batch_inputs row with the input batch and its product joined. */
export interface EpcisInputBatch {
  /** The processing event that consumed it; null attaches it to the batch's first processing event. */
  eventId: string | null;
  quantity: number;
  lot: string;
  publicCode: string;
  gtin: string | null;
  unit: string;
  productName: string;
}

export interface EpcisExportInput {
  batch: EpcisBatch;
  product: EpcisProduct;
  events: readonly EpcisTraceEvent[];
  inputBatches: readonly EpcisInputBatch[];
  /** "https://cho-ocop.vn", no trailing slash needed. */
  origin: string;
  /** creationDate of the document; now when omitted. */
  now?: Date;
}

export interface QuantityElement {
  epcClass: string;
  quantity?: number;
  uom?: string;
}

export type EpcisEvent = Record<string, unknown> & { type: string; eventID: string };

export interface EpcisDocument {
  "@context": (string | Record<string, string>)[];
  type: "EPCISDocument";
  schemaVersion: "2.0";
  creationDate: string;
  epcisHeader: { epcisMasterData: { vocabularyList: Record<string, unknown>[] } };
  epcisBody: { eventList: EpcisEvent[] };
}

/** CBV 2.0 business steps and dispositions that have a bare JSON form (the EPCIS JSON schema's enums). */
const CBV_BIZ_STEPS = new Set(
  "accepting arriving assembling collecting commissioning consigning creating_class_instance cycle_counting decommissioning departing destroying disassembling dispensing encoding entering_exiting holding inspecting installing killing loading other packing picking receiving removing repackaging repairing replacing reserving retail_selling shipping staging_outbound stock_taking stocking storing transporting unloading unpacking void_shipping sensor_reporting sampling".split(
    " ",
  ),
);
const CBV_DISPOSITIONS = new Set(
  "active container_closed damaged destroyed dispensed disposed encoded expired in_progress in_transit inactive no_pedigree_match non_sellable_other partially_dispensed recalled reserved retail_sold returned sellable_accessible sellable_not_accessible stolen unknown available completeness_verified completeness_inferred conformant container_open mismatch_instance mismatch_class mismatch_quantity needs_replacement non_conformant unavailable".split(
    " ",
  ),
);

/** "https://ref.gs1.org/cbv/BizStep-packing" (or the urn:epcglobal form) → "packing"; other URIs unchanged. */
export function cbvTerm(uri: string, kind: "BizStep" | "Disp"): string {
  const known = kind === "BizStep" ? CBV_BIZ_STEPS : CBV_DISPOSITIONS;
  const web = new RegExp(`^https?://(?:ref|ns)\\.gs1\\.org/cbv/${kind}-([a-z_]+)$`).exec(uri);
  const urn = new RegExp(`^urn:epcglobal:cbv:${kind === "BizStep" ? "bizstep" : "disp"}:([a-z_]+)$`).exec(
    uri,
  );
  const term = web?.[1] ?? urn?.[1];
  if (term && known.has(term)) return term;
  return uri;
}

/** UN/CEFACT Rec. 20 codes for the measured units people type; counted units (chai, gói…) have none. */
const UOM: Record<string, string> = {
  kg: "KGM",
  g: "GRM",
  gr: "GRM",
  gam: "GRM",
  tấn: "TNE",
  t: "TNE",
  l: "LTR",
  lít: "LTR",
  lit: "LTR",
  ml: "MLT",
  ha: "HAR",
  m2: "MTK",
};

/**
 * An EPCIS quantity for "330" + "kg búp tươi": the number with its unit code, the number alone
 * for counted units (400 chai = 400 instances), or nothing when the unit is not understood.
 */
export function epcisQuantity(quantity: unknown, unit: unknown): { quantity: number; uom?: string } | null {
  if (typeof quantity !== "number" || !Number.isFinite(quantity) || quantity < 0) return null;
  const first = typeof unit === "string" ? (unit.trim().toLowerCase().split(/\s+/)[0] ?? "") : "";
  const uom = UOM[first.normalize("NFC")];
  if (uom) return { quantity, uom };
  // A count of items: only whole numbers of a named unit that is not a measure.
  if (Number.isInteger(quantity) && first !== "" && !/\d/.test(first)) return { quantity };
  return null;
}

/** "2026-09-05T06:30:00.000+07:00": the instant written in the place's own offset. */
export function localIsoTime(value: Date | string, offset: string): string {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) throw new TypeError("Event time is not a valid date");
  const match = /^([+-])(\d{2}):(\d{2})$/.exec(offset);
  if (!match) throw new TypeError(`Bad time zone offset: ${offset}`);
  const minutes = (match[1] === "-" ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3]));
  return new Date(date.getTime() + minutes * 60_000).toISOString().replace("Z", offset);
}

export function eventIdOf(hash: string): string {
  return `ni:///sha-256;${hash}?ver=${EVENT_ID_VERSION}`;
}

export function regionUri(origin: string, region: EpcisRegion): string {
  return `${normalizeOrigin(origin)}/r/${region.scheme}/${encodeURIComponent(region.code)}`;
}

export function geoUri(latitude: number, longitude: number): string {
  return `geo:${latitude.toFixed(6)},${longitude.toFixed(6)}`;
}

/** Extension keys: "ocop:" plus the key with anything outside [A-Za-z0-9_.-] made "_" (keys must be URIs). */
function extensionKey(key: string): string {
  return `ocop:${key.replace(/[^A-Za-z0-9_.-]/g, "_")}`;
}

/** Details as extension data: every object key prefixed at every depth, values as they are. */
function namespaced(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(namespaced);
  if (value && typeof value === "object" && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [extensionKey(k), namespaced(v)]));
  }
  return value instanceof Date ? value.toISOString() : value;
}

function isHttpUrl(value: unknown): value is string {
  return typeof value === "string" && /^https?:\/\/[^\s]+$/.test(value);
}

/** Builds the EPCISDocument for one batch; events are taken in chain order. */
export function toEpcisDocument(input: EpcisExportInput): EpcisDocument {
  const { batch, product } = input;
  const origin = normalizeOrigin(input.origin);
  const identity: BatchIdentity = { gtin: product.gtin, lot: batch.lot, publicCode: batch.publicCode };
  const epcClass = batchLinkUrl(origin, identity);
  const events = [...input.events].sort((a, b) => a.seq - b.seq);
  const byId = new Map(events.map((e) => [e.id, e]));

  // The event that brings the lot into being, and the corrections of it.
  const creator =
    events.find(
      (e) => e.eventType === "TransformationEvent" || cbvTerm(e.bizStep, "BizStep") === "commissioning",
    ) ?? events.find((e) => e.eventType !== "TransformationEvent");
  const isCreation = (e: EpcisTraceEvent) =>
    creator !== undefined && (e.id === creator.id || e.correctionOf === creator.id);
  const ilmd: Record<string, string> = { "ocop:lot": batch.lot, "ocop:productionDate": batch.producedOn };
  if (batch.bestBefore) ilmd["ocop:bestBeforeDate"] = batch.bestBefore;

  const firstTransformation = events.find((e) => e.eventType === "TransformationEvent");
  const inputsOf = (e: EpcisTraceEvent) =>
    input.inputBatches.filter(
      (i) => i.eventId === e.id || (i.eventId === null && firstTransformation?.id === e.id),
    );

  const corrections = new Map<string, EpcisTraceEvent[]>();
  for (const e of events) {
    if (e.correctionOf) corrections.set(e.correctionOf, [...(corrections.get(e.correctionOf) ?? []), e]);
  }

  const locations = new Map<string, { type: string; name: string }>();
  const eventList = events.map((e): EpcisEvent => {
    const details = e.details ?? {};
    const event: EpcisEvent = { type: "ObjectEvent", eventID: eventIdOf(e.hash) };
    const transformation = e.eventType === "TransformationEvent";
    event.type = transformation ? "TransformationEvent" : "ObjectEvent";
    event.eventTime = localIsoTime(e.eventTime, e.eventTimeZoneOffset);
    event.eventTimeZoneOffset = e.eventTimeZoneOffset;
    event.recordTime = new Date(e.recordedAt).toISOString();

    if (transformation) {
      const consumed = inputsOf(e);
      const inputList: QuantityElement[] = consumed.length
        ? consumed.map((i) => ({
            epcClass: batchLinkUrl(origin, { gtin: i.gtin, lot: i.lot, publicCode: i.publicCode }),
            ...(epcisQuantity(i.quantity, i.unit) ?? {}),
          }))
        : // Processing within the batch (filtering, drying): the lot goes in and comes out.
          [{ epcClass, ...(epcisQuantity(details.inputQuantity, details.inputUnit ?? details.unit) ?? {}) }];
      event.inputQuantityList = inputList;
      event.outputQuantityList = [
        { epcClass, ...(epcisQuantity(details.outputQuantity, details.unit) ?? {}) },
      ];
    } else {
      event.action = isCreation(e) ? "ADD" : "OBSERVE";
      event.quantityList = [{ epcClass, ...(epcisQuantity(details.quantity, details.unit) ?? {}) }];
    }
    event.bizStep = cbvTerm(e.bizStep, "BizStep");
    if (e.disposition) event.disposition = cbvTerm(e.disposition, "Disp");

    const regionId = e.region ? regionUri(origin, e.region) : null;
    if (e.region && regionId) locations.set(regionId, { type: "BusinessLocation", name: e.region.name });
    if (e.latitude !== null && e.longitude !== null) {
      const geo = geoUri(e.latitude, e.longitude);
      event.readPoint = { id: geo };
      if (e.placeText) locations.set(geo, { type: "ReadPoint", name: e.placeText });
    } else if (regionId) {
      event.readPoint = { id: regionId };
    }
    if (regionId) event.bizLocation = { id: regionId };
    if (isCreation(e)) event.ilmd = ilmd;
    if (isHttpUrl(details.certificationUrl)) event.certificationInfo = details.certificationUrl;

    const corrected = corrections.get(e.id);
    if (corrected?.length) {
      event.errorDeclaration = {
        declarationTime: new Date(corrected[0]?.recordedAt ?? e.recordedAt).toISOString(),
        reason: "incorrect_data",
        correctiveEventIDs: corrected.map((c) => eventIdOf(c.hash)),
      };
    }

    event["ocop:diaryKind"] = e.kind;
    event["ocop:seq"] = e.seq;
    if (e.prevHash) event["ocop:prevHash"] = e.prevHash;
    if (e.placeText) event["ocop:place"] = e.placeText;
    if (e.correctionOf) {
      const target = byId.get(e.correctionOf);
      if (target) event["ocop:correctionOf"] = eventIdOf(target.hash);
    }
    if (transformation) {
      const consumed = inputsOf(e);
      if (consumed.length) {
        event["ocop:inputBatches"] = consumed.map((i) => ({
          "ocop:productName": i.productName,
          "ocop:lot": i.lot,
          "ocop:quantity": i.quantity,
          "ocop:unit": i.unit,
        }));
      }
    }
    // The diary entry's own fields, grouped so they can never collide with the ones above.
    if (Object.keys(details).length) event["ocop:details"] = namespaced(details);
    return event;
  });

  const masterData: Record<string, unknown>[] = [
    {
      type: "urn:epcglobal:epcis:vtype:EPCClass",
      vocabularyElementList: [
        {
          id: epcClass,
          attributes: [
            { id: "ocop:productName", attribute: product.name },
            { id: "ocop:cooperative", attribute: product.cooperativeName },
            ...(product.gtin ? [{ id: "ocop:gtin", attribute: product.gtin }] : []),
            { id: "ocop:lot", attribute: batch.lot },
            { id: "ocop:quantity", attribute: batch.quantity },
            { id: "ocop:unit", attribute: product.unit },
            { id: "ocop:productionDate", attribute: batch.producedOn },
            ...(batch.bestBefore ? [{ id: "ocop:bestBeforeDate", attribute: batch.bestBefore }] : []),
            { id: "ocop:batchStatus", attribute: batch.status },
          ],
        },
      ],
    },
  ];
  for (const type of ["BusinessLocation", "ReadPoint"]) {
    const elements = [...locations]
      .filter(([, l]) => l.type === type)
      .map(([id, l]) => ({ id, attributes: [{ id: "ocop:name", attribute: l.name }] }));
    if (elements.length)
      masterData.push({ type: `urn:epcglobal:epcis:vtype:${type}`, vocabularyElementList: elements });
  }

  return {
    "@context": [EPCIS_CONTEXT_URL, { ocop: OCOP_VOC }],
    type: "EPCISDocument",
    schemaVersion: "2.0",
    creationDate: (input.now ?? new Date()).toISOString(),
    epcisHeader: { epcisMasterData: { vocabularyList: masterData } },
    epcisBody: { eventList },
  };
}
