import { eq, sql } from "drizzle-orm";
import { type BatchStatus, batchTransition } from "~/domain/trace/batch-state";
import type { Db } from "~db/client.server";
import { batches, orderItems } from "~db/schema";

/**
 * Gives the units of cancelled items back to their batches. A sold-out batch is on sale again;
 * a batch on hold or closed keeps its status (the units wait for the hold to be lifted).
 * Batches are locked in id order, like placing an order does.
 */
export async function returnStock(items: ReadonlyArray<{ batchId: string; quantity: number }>, tx: Db) {
  const byBatch = new Map<string, number>();
  for (const i of items) byBatch.set(i.batchId, (byBatch.get(i.batchId) ?? 0) + i.quantity);
  for (const batchId of [...byBatch.keys()].sort()) {
    const qty = byBatch.get(batchId) ?? 0;
    const [row] = await tx
      .select({ status: batches.status })
      .from(batches)
      .where(eq(batches.id, batchId))
      .for("update");
    if (!row) continue;
    const status = row.status as BatchStatus;
    await tx
      .update(batches)
      .set({
        quantityAvailable: sql`${batches.quantityAvailable} + ${qty}`,
        status: batchTransition(status, "restock") ?? status,
      })
      .where(eq(batches.id, batchId));
  }
}

export async function itemsOf(where: { orderId?: string; shipmentId?: string }, tx: Db) {
  const cond = where.shipmentId
    ? eq(orderItems.shipmentId, where.shipmentId)
    : eq(orderItems.orderId, where.orderId ?? "");
  return tx
    .select({
      batchId: orderItems.batchId,
      quantity: orderItems.quantity,
      unitPriceVnd: orderItems.unitPriceVnd,
    })
    .from(orderItems)
    .where(cond);
}
