/**
 * The job that releases unpaid orders' stock when their hold runs out (see lifecycle.server.ts
 * for what releasing means). Scheduled every minute by the job runner.
 */
export { releaseExpiredHolds } from "./lifecycle.server";
