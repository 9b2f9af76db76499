/** Review rules shared by the server and the review pages (no I/O, safe in the browser bundle). */

/** The states a reviewer's queue shows as tabs. */
export const queueStatuses = ["submitted", "changes_requested", "approved", "rejected"] as const;
export type QueueStatus = (typeof queueStatuses)[number];

/** A reason for asking changes or rejecting must say something the cooperative can act on. */
export const REASON_MIN_LENGTH = 5;
export const REASON_MAX_LENGTH = 2000;

export const reviewDecisions = ["approved", "changes_requested", "rejected"] as const;
