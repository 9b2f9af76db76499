import { setTimeout as sleep } from "node:timers/promises";
import PgBoss from "pg-boss";
import type { DbHandle } from "~db/client.server";
import { type JobDefinitions, type JobName, type JobPayloads, jobDefinitions } from "./definitions.server";
import { pgliteExecutor } from "./pglite-executor.server";

/** pg-boss keeps its tables in this schema, beside the app's (never in a drizzle migration). */
export const JOBS_SCHEMA = "pgboss";
/** How pg-boss's own connections show in pg_stat_activity. */
export const JOBS_APPLICATION_NAME = "cho-ocop-jobs";

export type JobState = "created" | "retry" | "active" | "completed" | "cancelled" | "failed";

export interface EnqueueOptions {
  /** Not before this instant (default: as soon as a worker is free). */
  startAfter?: Date;
  /** On a `stately` queue, jobs with different keys do not displace each other. */
  singletonKey?: string;
}

export interface JobRunnerOptions<Payloads> {
  handle: DbHandle;
  definitions: JobDefinitions<Payloads>;
  /**
   * Run workers and schedules in this process (the default). Without them the process can
   * still enqueue; another process with workers runs the jobs (`JOBS=0`).
   */
  workers?: boolean;
  /** How often an idle worker asks the database for work. */
  pollingIntervalSeconds?: number;
  /** How often the schedules are checked and their jobs handed to workers (default 30 s and 5 s). */
  cronIntervalSeconds?: number;
  log?: (line: string) => void;
}

export interface JobRunner<Payloads> {
  readonly database: DbHandle["kind"];
  readonly workers: boolean;
  /** Queues a job; resolves to its id, or null when a `stately` queue already has one waiting. */
  enqueue<Name extends keyof Payloads & string>(
    name: Name,
    data: Payloads[Name],
    options?: EnqueueOptions,
  ): Promise<string | null>;
  /** A job's state and what its handler returned (or the error), archived jobs included. */
  getJob(
    name: keyof Payloads & string,
    id: string,
  ): Promise<{ state: JobState; startAfter: Date; output: unknown } | null>;
  /** The recurring schedules stored in the database. */
  schedules(): Promise<{ name: string; cron: string }[]>;
  /** Stops taking jobs, lets running ones finish (up to 10 s), and releases pg-boss's connections. */
  stop(): Promise<void>;
}

const STOP_TIMEOUT_MS = 10_000;

/**
 * Starts pg-boss on the app's database: its own pool and schema on PostgreSQL; on the embedded
 * PGlite, the app's one connection (see pgliteExecutor). Creates a queue per definition, and,
 * with workers, registers each handler and upserts the cron schedules (dropping schedules of
 * jobs no longer defined with one). Several instances may run this at once: a cron slot
 * creates one job, and each job is taken by one worker.
 */
export async function startJobRunner<Payloads>(
  options: JobRunnerOptions<Payloads>,
): Promise<JobRunner<Payloads>> {
  const { handle, workers = true, pollingIntervalSeconds = 5, log = console.info } = options;
  const { cronIntervalSeconds: cronInterval } = options;
  const boss = new PgBoss({
    ...connectionOf(handle),
    schema: JOBS_SCHEMA,
    migrate: true,
    // The clock that turns cron schedules into jobs, and the upkeep (expiring stuck jobs,
    // archiving finished ones), run where jobs run.
    schedule: workers,
    supervise: workers,
    pollingIntervalSeconds,
    ...(cronInterval
      ? { cronMonitorIntervalSeconds: cronInterval, cronWorkerIntervalSeconds: cronInterval }
      : {}),
    archiveCompletedAfterSeconds: 60 * 60,
    archiveFailedAfterSeconds: 7 * 24 * 60 * 60,
    deleteAfterDays: 7,
  });
  boss.on("error", (error) => console.error("jobs: queue error", error));
  await boss.start();
  try {
    return await setUp(boss, options, { workers, pollingIntervalSeconds, log });
  } catch (error) {
    // Release pg-boss's connections, or they would keep a failed start-up alive.
    await boss.stop({ graceful: false }).catch(() => {});
    throw error;
  }
}

async function setUp<Payloads>(
  boss: PgBoss,
  { handle, definitions }: JobRunnerOptions<Payloads>,
  {
    workers,
    pollingIntervalSeconds,
    log,
  }: { workers: boolean; pollingIntervalSeconds: number; log: (line: string) => void },
): Promise<JobRunner<Payloads>> {
  const names = Object.keys(definitions) as (keyof Payloads & string)[];
  for (const name of names) {
    const { policy, retryLimit, retryDelaySeconds = 0, expireInSeconds } = definitions[name];
    const queue = { name, policy, retryLimit, retryDelay: retryDelaySeconds, expireInSeconds };
    // createQueue leaves an existing queue alone; updateQueue brings its options up to date.
    await boss.createQueue(name, queue);
    await boss.updateQueue(name, queue);
  }

  const running = new Set<Promise<unknown>>();
  const workerIds = new Map<string, string>();
  if (workers) {
    for (const name of names) {
      const definition = definitions[name];
      const workerId = await boss.work<Payloads[typeof name]>(
        name,
        { pollingIntervalSeconds },
        async ([job]) => {
          if (!job) return undefined;
          const task = (async () => {
            try {
              const result = await definition.run(job.data);
              const line = definition.report?.(result);
              if (line) log(`jobs: ${name}: ${line}`);
              return result;
            } catch (error) {
              console.error(`jobs: ${name} failed (job ${job.id})`, error);
              throw error;
            }
          })();
          running.add(task);
          try {
            return await task;
          } finally {
            running.delete(task);
          }
        },
      );
      workerIds.set(name, workerId);
      if (definition.cron) await boss.schedule(name, definition.cron, {}, { tz: "UTC" });
    }
    for (const { name } of await boss.getSchedules()) {
      if (!(name in definitions && definitions[name as keyof Payloads & string].cron)) {
        await boss.unschedule(name);
      }
    }
  }

  let stopping: Promise<void> | undefined;
  return {
    database: handle.kind,
    workers,
    async enqueue(name, data, { startAfter, singletonKey } = {}) {
      if (stopping) throw new Error(`The job queue is stopping: ${name} was not queued.`);
      const id = await boss.send(name, data ?? {}, { startAfter, singletonKey });
      // Wake this process's idle worker instead of waiting for its next poll.
      const workerId = workerIds.get(name);
      if (id && workerId && (!startAfter || startAfter.getTime() <= Date.now())) boss.notifyWorker(workerId);
      return id;
    },
    async getJob(name, id) {
      const job = await boss.getJobById(name, id, { includeArchive: true });
      return job ? { state: job.state, startAfter: new Date(job.startAfter), output: job.output } : null;
    },
    async schedules() {
      return (await boss.getSchedules()).map(({ name, cron }) => ({ name, cron }));
    },
    stop() {
      stopping ??= (async () => {
        await boss.stop({ graceful: true, wait: true, timeout: STOP_TIMEOUT_MS });
        // A job fetched just as the workers stopped is still running: give it the same grace.
        if (running.size) {
          await Promise.race([
            Promise.allSettled(running),
            sleep(STOP_TIMEOUT_MS, undefined, { ref: false }),
          ]);
        }
      })();
      return stopping;
    },
  };
}

function connectionOf(handle: DbHandle): PgBoss.DatabaseOptions {
  if (handle.kind === "pglite") {
    if (!handle.pglite) throw new Error("The embedded database handle has no PGlite client.");
    return { db: pgliteExecutor(handle.pglite) };
  }
  if (!handle.url) throw new Error("The PostgreSQL handle has no URL for the job queue's connections.");
  return { connectionString: handle.url, max: 4, application_name: JOBS_APPLICATION_NAME };
}

// The marketplace's runner is kept on globalThis, like the database handle, so that code in
// the server bundle (which has its own copy of this module) can enqueue through it.
const KEY = Symbol.for("cho-ocop.jobs");
type Holder = { [KEY]?: JobRunner<JobPayloads> };
const holder = globalThis as Holder;

/** Starts the marketplace's jobs (app/jobs/definitions.server.ts) and makes enqueueJob use them. */
export async function startMarketplaceJobs(
  options: Omit<JobRunnerOptions<JobPayloads>, "definitions">,
): Promise<JobRunner<JobPayloads>> {
  const runner = await startJobRunner({ ...options, definitions: jobDefinitions });
  const where = runner.database === "pglite" ? "the embedded database" : `PostgreSQL (schema ${JOBS_SCHEMA})`;
  (options.log ?? console.info)(
    runner.workers
      ? `Background jobs: pg-boss on ${where}, ${Object.keys(jobDefinitions).join(", ")}`
      : `Background jobs: none in this process (JOBS=0); jobs queued here wait for a process with JOBS=1`,
  );
  const registered: JobRunner<JobPayloads> = {
    ...runner,
    async stop() {
      if (holder[KEY] === registered) holder[KEY] = undefined;
      await runner.stop();
    },
  };
  holder[KEY] = registered;
  return registered;
}

/**
 * Queues a marketplace job, e.g. `enqueueJob("orders.release-expired-holds", {})`, or later
 * with `{ startAfter }`. Call it after your transaction commits: the job is not part of it,
 * and on the embedded database (one connection) a call inside a transaction would wait for
 * that transaction to end, which never comes.
 */
export async function enqueueJob<Name extends JobName>(
  name: Name,
  data: JobPayloads[Name],
  options?: EnqueueOptions,
): Promise<string | null> {
  const runner = holder[KEY];
  if (!runner) throw new Error("The job queue is not running: call startMarketplaceJobs() at start-up.");
  return runner.enqueue(name, data, options);
}
