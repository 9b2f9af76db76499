import { sql } from "drizzle-orm";
import { db } from "~db/client.server";

/** Liveness and database reachability, for load balancers and uptime checks. */
export async function loader() {
  const headers = { "Cache-Control": "no-store" };
  try {
    await db().execute(sql`select 1`);
    return Response.json({ status: "ok", db: "ok" }, { headers });
  } catch {
    return Response.json({ status: "degraded", db: "unreachable" }, { status: 503, headers });
  }
}
