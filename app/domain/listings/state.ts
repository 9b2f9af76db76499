/**
 * The listing review workflow, as one pure state machine. Every route and domain function that
 * changes a listing's status asks `transition()`; nothing else decides what may follow what.
 *
 *   draft ──submit──▶ submitted ──approve──▶ approved
 *     ▲                  │ ├─request_changes─▶ changes_requested ──submit──▶ submitted
 *     │                  │ └─reject──────────▶ rejected ──submit──▶ submitted
 *   approved ──claim_changed / certificate_expired──▶ submitted (stars hidden until approved again)
 *   any but archived ──archive──▶ archived ──restore──▶ draft
 */
export const listingStatuses = [
  "draft",
  "submitted",
  "approved",
  "changes_requested",
  "rejected",
  "archived",
] as const;
export type ListingStatus = (typeof listingStatuses)[number];

export type ListingAction =
  | "submit"
  | "approve"
  | "request_changes"
  | "reject"
  | "claim_changed"
  | "certificate_expired"
  | "archive"
  | "restore";

const table: Record<ListingAction, Partial<Record<ListingStatus, ListingStatus>>> = {
  submit: { draft: "submitted", changes_requested: "submitted", rejected: "submitted" },
  approve: { submitted: "approved" },
  request_changes: { submitted: "changes_requested" },
  reject: { submitted: "rejected" },
  // An approved listing whose OCOP claim changes goes back to the queue; one still in draft or
  // awaiting changes simply keeps its state (the new claim is reviewed when it is submitted).
  claim_changed: { approved: "submitted", submitted: "submitted" },
  certificate_expired: { approved: "submitted" },
  archive: {
    draft: "archived",
    submitted: "archived",
    approved: "archived",
    changes_requested: "archived",
    rejected: "archived",
  },
  restore: { archived: "draft" },
};

/** The status after `action`, or null when the action is not allowed from `from`. */
export function transition(from: ListingStatus, action: ListingAction): ListingStatus | null {
  return table[action][from] ?? null;
}

export function allowedActions(from: ListingStatus): ListingAction[] {
  return (Object.keys(table) as ListingAction[]).filter((a) => table[a][from] !== undefined);
}

/** Only approved listings are public. */
export const isPublic = (status: ListingStatus) => status === "approved";

/** Reviewer decisions, as actions, and whether they need a written reason. */
export const decisionAction = {
  approved: "approve",
  changes_requested: "request_changes",
  rejected: "reject",
} as const satisfies Record<string, ListingAction>;
export type ReviewDecision = keyof typeof decisionAction;
export const reasonRequired = (decision: ReviewDecision) => decision !== "approved";
