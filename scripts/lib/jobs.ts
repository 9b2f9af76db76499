import { expireCertificates } from "../../app/domain/listings/certificates.server";

const HOUR = 60 * 60 * 1000;

/**
 * Periodic upkeep: listings whose OCOP certificate has expired go back to the review queue
 * (their stars are already hidden by the read side). Runs at start and every hour; the
 * update is conditional on the listing still being approved, so several app instances
 * running it at once do no harm. The storefront feature moves jobs onto a PostgreSQL queue.
 */
export function startMaintenanceJobs(log: (line: string) => void = console.info): () => void {
  const run = async () => {
    try {
      const { expired } = await expireCertificates();
      if (expired.length > 0) log(`certificates expired: ${expired.length} listing(s) sent back to review`);
    } catch (error) {
      console.error("maintenance job failed", error);
    }
  };
  void run();
  const timer = setInterval(run, HOUR);
  timer.unref();
  return () => clearInterval(timer);
}
