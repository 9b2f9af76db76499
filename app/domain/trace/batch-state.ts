/**
 * The life of a batch, as one pure state machine. Every function that changes a batch's status
 * asks `batchTransition()`; nothing else decides what may follow what.
 *
 *   recording ──release (gates)──▶ released ──sell_out──▶ sold_out ──restock──▶ released
 *       │                            │                       │
 *       └───────────close────────────┴─────────close─────────┴──▶ closed
 *   any but on_hold ──hold (recall, with a reason)──▶ on_hold
 *   on_hold ──release (the same gates)──▶ released (sold_out when nothing is left) │ ──close──▶ closed
 *
 * Leaving a hold is a release: the fault is fixed (a correction, a new lab test), the release
 * gates are checked again, and selling resumes with the quantity that was left.
 */
export const batchStatuses = ["recording", "released", "sold_out", "closed", "on_hold"] as const;
export type BatchStatus = (typeof batchStatuses)[number];

export type BatchAction = "release" | "sell_out" | "restock" | "close" | "hold";

const table: Record<BatchAction, Partial<Record<BatchStatus, BatchStatus>>> = {
  release: { recording: "released", on_hold: "released" },
  // Order allocation takes the last unit; a cancelled order gives some back.
  sell_out: { released: "sold_out" },
  restock: { sold_out: "released" },
  close: { recording: "closed", released: "closed", sold_out: "closed", on_hold: "closed" },
  // A recall reaches batches already sold or closed too: their buyers still hold the goods.
  hold: { recording: "on_hold", released: "on_hold", sold_out: "on_hold", closed: "on_hold" },
};

/** The status after `action`, or null when the action is not allowed from `from`. */
export function batchTransition(from: BatchStatus, action: BatchAction): BatchStatus | null {
  return table[action][from] ?? null;
}

export function allowedBatchActions(from: BatchStatus): BatchAction[] {
  return (Object.keys(table) as BatchAction[]).filter((a) => table[a][from] !== undefined);
}

/**
 * Whether the storefront may sell from a batch: released only. An on-hold batch keeps its
 * quantityAvailable (for when the hold is lifted) but is never sold, whatever that number says.
 */
export const isSellableBatch = (status: BatchStatus) => status === "released";

/** Whether the public trace page must show a recall notice. */
export const isRecalled = (status: BatchStatus) => status === "on_hold";

export function isBatchStatus(value: unknown): value is BatchStatus {
  return typeof value === "string" && (batchStatuses as readonly string[]).includes(value);
}
