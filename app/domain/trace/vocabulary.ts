/**
 * What each diary entry means in GS1 EPCIS 2.0 terms: its event type, business step and usual
 * disposition. CBV 2.0 terms are used where one fits; farm steps the CBV has no word for get
 * URIs in the project's own vocabulary under OWN_BIZSTEP_BASE.
 */
import type { traceEvents } from "~db/schema";

export type EpcisEventType = (typeof traceEvents.$inferSelect)["eventType"];

const CBV = "https://ref.gs1.org/cbv";
export const OWN_BIZSTEP_BASE = "https://cho-ocop.vn/voc/bizstep/";

export const bizSteps = {
  commissioning: `${CBV}/BizStep-commissioning`,
  inspecting: `${CBV}/BizStep-inspecting`,
  packing: `${CBV}/BizStep-packing`,
  shipping: `${CBV}/BizStep-shipping`,
  receiving: `${CBV}/BizStep-receiving`,
  storing: `${CBV}/BizStep-storing`,
  transporting: `${CBV}/BizStep-transporting`,
  sampling: `${CBV}/BizStep-sampling`,
  planting: `${OWN_BIZSTEP_BASE}planting`,
  fertilising: `${OWN_BIZSTEP_BASE}fertilising`,
  spraying: `${OWN_BIZSTEP_BASE}spraying`,
  certification: `${OWN_BIZSTEP_BASE}certification`,
  note: `${OWN_BIZSTEP_BASE}note`,
} as const;

export const dispositions = {
  active: `${CBV}/Disp-active`,
  inProgress: `${CBV}/Disp-in_progress`,
  inTransit: `${CBV}/Disp-in_transit`,
  sellableNotAccessible: `${CBV}/Disp-sellable_not_accessible`,
  conformant: `${CBV}/Disp-conformant`,
  nonConformant: `${CBV}/Disp-non_conformant`,
  recalled: `${CBV}/Disp-recalled`,
} as const;

export const diaryKinds = [
  "planting",
  "fertilising",
  "spraying",
  "harvesting",
  "processing",
  "sampling",
  "lab_test",
  "certification",
  "packing",
  "storing",
  "receiving",
  "shipping",
  "transporting",
  "note",
] as const;
export type DiaryKind = (typeof diaryKinds)[number];

export interface DiaryStep {
  eventType: EpcisEventType;
  bizStep: string;
  /** The usual disposition after this step; a lab test's depends on its result (labTestDisposition). */
  disposition: string | null;
}

export const diarySteps: Record<DiaryKind, DiaryStep> = {
  planting: { eventType: "ObjectEvent", bizStep: bizSteps.planting, disposition: null },
  fertilising: { eventType: "ObjectEvent", bizStep: bizSteps.fertilising, disposition: null },
  spraying: { eventType: "ObjectEvent", bizStep: bizSteps.spraying, disposition: null },
  // The harvest is when the lot comes into being, which CBV calls commissioning.
  harvesting: { eventType: "ObjectEvent", bizStep: bizSteps.commissioning, disposition: dispositions.active },
  // Inputs turned into the output lot: the EPCIS transformation, commissioning its output (as GS1's example).
  processing: {
    eventType: "TransformationEvent",
    bizStep: bizSteps.commissioning,
    disposition: dispositions.inProgress,
  },
  sampling: { eventType: "ObjectEvent", bizStep: bizSteps.sampling, disposition: null },
  lab_test: { eventType: "ObjectEvent", bizStep: bizSteps.inspecting, disposition: null },
  certification: { eventType: "ObjectEvent", bizStep: bizSteps.certification, disposition: null },
  packing: { eventType: "ObjectEvent", bizStep: bizSteps.packing, disposition: dispositions.inProgress },
  storing: {
    eventType: "ObjectEvent",
    bizStep: bizSteps.storing,
    disposition: dispositions.sellableNotAccessible,
  },
  receiving: { eventType: "ObjectEvent", bizStep: bizSteps.receiving, disposition: dispositions.inProgress },
  shipping: { eventType: "ObjectEvent", bizStep: bizSteps.shipping, disposition: dispositions.inTransit },
  transporting: {
    eventType: "ObjectEvent",
    bizStep: bizSteps.transporting,
    disposition: dispositions.inTransit,
  },
  note: { eventType: "ObjectEvent", bizStep: bizSteps.note, disposition: null },
};

export function isDiaryKind(value: unknown): value is DiaryKind {
  return typeof value === "string" && (diaryKinds as readonly string[]).includes(value);
}

/** A lab test's disposition: CBV 2.0 conformant / non_conformant. */
export function labTestDisposition(pass: boolean): string {
  return pass ? dispositions.conformant : dispositions.nonConformant;
}
