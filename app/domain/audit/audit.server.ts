import { type Db, db as defaultDb } from "~db/client.server";
import { auditLog } from "~db/schema";

export interface AuditEntry {
  /** Who did it; null for the system (jobs, webhooks). */
  actorId: string | null;
  /** What happened, as "area.verb_object", e.g. "account.password_changed". */
  action: string;
  entityType: string;
  entityId?: string | null;
  /** Facts needed to read the entry later; never secrets (passwords, tokens). */
  data?: Record<string, unknown>;
}

/** One place for audit writes: pass the transaction of the change, so both commit or neither. */
export async function recordAudit(entry: AuditEntry, tx: Db = defaultDb()): Promise<void> {
  await tx.insert(auditLog).values({
    actorId: entry.actorId,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId ?? null,
    data: entry.data ?? {},
  });
}
