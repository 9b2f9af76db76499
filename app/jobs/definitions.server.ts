import { expireCertificates } from "~/domain/listings/certificates.server";
import { purgeStaleGuestCarts } from "~/domain/orders/cart.server";
import { releaseExpiredHolds } from "~/domain/orders/holds.server";

/**
 * What one kind of job carries and does. Handlers stay thin: they call one domain function,
 * which is safe to run twice (a job can be retried, or run by two instances' schedules).
 */
export interface JobDefinition<Data, Result = unknown> {
  /** Recurring jobs: a cron expression, evaluated in UTC. */
  cron?: string;
  /**
   * `stately` keeps at most one job waiting and one running, so a slow run never piles up
   * copies behind it (a second enqueue while one waits returns null); `standard` queues each.
   */
  policy: "standard" | "stately";
  /** Attempts after the first failure, `retryDelaySeconds` apart. */
  retryLimit: number;
  retryDelaySeconds?: number;
  /** A run still active after this long counts as failed (and is retried if attempts remain). */
  expireInSeconds: number;
  run: (data: Data) => Promise<Result>;
  /** A line for the log when a run did something worth telling; nothing otherwise. */
  report?: (result: Result) => string | undefined;
}

/** Job definitions for a map of job name → payload type. Payloads travel as JSON. */
export type JobDefinitions<Payloads> = {
  // biome-ignore lint/suspicious/noExplicitAny: each entry's result type is its own; the map only fixes the payloads.
  [Name in keyof Payloads & string]: JobDefinition<Payloads[Name], any>;
};

/** Every job the marketplace runs, by name, with its payload. */
export interface JobPayloads {
  "certificates.expire": Record<string, never>;
  "orders.release-expired-holds": Record<string, never>;
  "carts.purge-stale": Record<string, never>;
}

export type JobName = keyof JobPayloads;

export const jobDefinitions: JobDefinitions<JobPayloads> = {
  "certificates.expire": {
    cron: "0 * * * *",
    policy: "stately",
    retryLimit: 2,
    retryDelaySeconds: 300,
    expireInSeconds: 15 * 60,
    run: () => expireCertificates(),
    report: ({ expired }: Awaited<ReturnType<typeof expireCertificates>>) =>
      expired.length
        ? `${expired.length} listing(s) with an expired certificate sent back to review`
        : undefined,
  },
  "orders.release-expired-holds": {
    cron: "* * * * *",
    policy: "stately",
    // The next minute's run is the retry.
    retryLimit: 0,
    expireInSeconds: 5 * 60,
    run: () => releaseExpiredHolds(),
    report: ({ released }: Awaited<ReturnType<typeof releaseExpiredHolds>>) =>
      released ? `${released} unpaid order(s) past their hold cancelled, stock returned` : undefined,
  },
  "carts.purge-stale": {
    // Daily, at 03:17 in Vietnam: guest carts whose cookie has expired are never seen again.
    cron: "17 20 * * *",
    policy: "stately",
    retryLimit: 1,
    retryDelaySeconds: 3600,
    expireInSeconds: 15 * 60,
    run: () => purgeStaleGuestCarts(),
    report: ({ removed }: Awaited<ReturnType<typeof purgeStaleGuestCarts>>) =>
      removed ? `${removed} guest cart(s) untouched for 30 days removed` : undefined,
  },
};
