/**
 * The production server (scripts/start.ts, unchanged) plus a control channel for the scan
 * benchmark, which runs it as a child process: the embedded database belongs to this process,
 * so writing a diary entry, counting scans and switching the page cache happen here, on request
 * over the IPC channel that child_process.fork opens. Not for production use.
 */
import { eq, sql } from "drizzle-orm";
import { appendTraceEvent } from "../../app/domain/trace/events.server";
import { setPageCacheEnabled } from "../../app/domain/trace/page-cache.server";
import { flushScanLog } from "../../app/domain/trace/scan-log.server";
import { diarySteps } from "../../app/domain/trace/vocabulary";
import { db, rowsOf } from "../../db/client.server";
import { batches } from "../../db/schema";

await import("../start");

export type ControlMessage =
  | { id: number; op: "countScans" }
  | { id: number; op: "append"; batchId: string; note: string }
  | { id: number; op: "cache"; enabled: boolean }
  | { id: number; op: "batchId"; lot: string };

async function handle(message: ControlMessage): Promise<unknown> {
  switch (message.op) {
    case "countScans": {
      await flushScanLog();
      const [row] = rowsOf<{ n: number }>(await db().execute(sql`select count(*)::int as n from scans`));
      return row?.n ?? 0;
    }
    case "append":
      await appendTraceEvent({
        batchId: message.batchId,
        kind: "note",
        ...diarySteps.note,
        eventTime: new Date(),
        details: { note: message.note },
      });
      return true;
    case "cache":
      setPageCacheEnabled(message.enabled);
      return true;
    case "batchId": {
      const [row] = await db().select({ id: batches.id }).from(batches).where(eq(batches.lot, message.lot));
      return row?.id ?? null;
    }
  }
}

process.on("message", (message: ControlMessage) => {
  handle(message).then(
    (result) => process.send?.({ id: message.id, result }),
    (error: unknown) => process.send?.({ id: message.id, error: String(error) }),
  );
});
