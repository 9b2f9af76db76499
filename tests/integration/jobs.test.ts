import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { eq, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { type JobDefinitions, type JobPayloads, jobDefinitions } from "~/jobs/definitions.server";
import { pgliteExecutor } from "~/jobs/pglite-executor.server";
import {
  enqueueJob,
  JOBS_APPLICATION_NAME,
  type JobRunner,
  type JobState,
  startJobRunner,
  startMarketplaceJobs,
} from "~/jobs/runner.server";
import { db, getDbHandle, rowsOf } from "../../db/client.server";
import { carts, orders, products } from "../../db/schema";
import { createCooperative, createProduct, createUser, seedRegionTree } from "./review-fixtures";

const FINISHED: JobState[] = ["completed", "failed", "cancelled"];

/** Polls until the job has finished (a bound, not a timing assertion: a stuck job fails the test). */
async function finished<P>(runner: JobRunner<P>, name: keyof P & string, id: string | null) {
  if (!id) throw new Error(`${name} was not queued`);
  const deadline = Date.now() + 20_000;
  for (;;) {
    const job = await runner.getJob(name, id);
    if (job && FINISHED.includes(job.state)) return job;
    if (Date.now() > deadline) throw new Error(`${name} ${id} is still ${job?.state ?? "missing"}`);
    await sleep(100);
  }
}

let tree: Awaited<ReturnType<typeof seedRegionTree>>;
beforeAll(async () => {
  tree = await seedRegionTree();
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe("the marketplace's jobs, run on demand", () => {
  // The real handlers without their schedules, so that no scheduled run races the one under test.
  const onDemand = Object.fromEntries(
    Object.entries(jobDefinitions).map(([name, definition]) => [name, { ...definition, cron: undefined }]),
  ) as JobDefinitions<JobPayloads>;
  let runner: JobRunner<JobPayloads>;
  const logged: string[] = [];

  beforeAll(async () => {
    runner = await startJobRunner({
      handle: getDbHandle(),
      definitions: onDemand,
      pollingIntervalSeconds: 0.5,
      log: (line) => logged.push(line),
    });
  });
  afterAll(async () => {
    await runner.stop();
  });

  it("certificates.expire sends approved listings with an expired certificate back to review", async () => {
    const coop = await createCooperative("HTX Hết Hạn", tree.bangPhuc.id);
    const { product: expired } = await createProduct(coop.id, "Rượu hết hạn", {
      status: "approved",
      decisionDate: "2020-01-10",
      expiresOn: "2023-01-10",
    });
    const { product: valid } = await createProduct(coop.id, "Rượu còn hạn", { status: "approved" });

    const job = await finished(
      runner,
      "certificates.expire",
      await runner.enqueue("certificates.expire", {}),
    );

    expect(job.state).toBe("completed");
    expect(job.output).toEqual({ expired: [expired.id] });
    const status = async (productId: string) =>
      (await db().select({ status: products.status }).from(products).where(eq(products.id, productId)))[0]
        ?.status;
    expect(await status(expired.id)).toBe("submitted");
    expect(await status(valid.id)).toBe("approved");
    expect(logged).toContain(
      "jobs: certificates.expire: 1 listing(s) with an expired certificate sent back to review",
    );
  });

  it("carts.purge-stale removes guest carts untouched for 30 days, and nothing else", async () => {
    const cart = async (userId: string | null, daysAgo: number) => {
      const [row] = await db()
        .insert(carts)
        .values({ userId, token: randomUUID(), updatedAt: new Date(Date.now() - daysAgo * 86_400_000) })
        .returning({ id: carts.id });
      if (!row) throw new Error("cart insert failed");
      return row.id;
    };
    const buyer = await createUser("Người mua", []);
    const stale = await cart(null, 31);
    const recent = await cart(null, 2);
    const accountCart = await cart(buyer.id, 90);

    const job = await finished(runner, "carts.purge-stale", await runner.enqueue("carts.purge-stale", {}));

    expect(job.state).toBe("completed");
    expect(job.output).toEqual({ removed: 1 });
    const left = new Set((await db().select({ id: carts.id }).from(carts)).map((c) => c.id));
    expect(left.has(stale)).toBe(false);
    expect(left.has(recent)).toBe(true);
    expect(left.has(accountCart)).toBe(true);
  });

  it("orders.release-expired-holds cancels unpaid orders whose hold has run out", async () => {
    // The buyer's text message is logged in development.
    vi.spyOn(console, "info").mockImplementation(() => {});
    const order = async (holdExpiresAt: Date) => {
      const [row] = await db()
        .insert(orders)
        .values({
          code: `JOB${randomUUID().replace(/-/g, "").slice(0, 10).toUpperCase()}`,
          status: "awaiting_payment",
          paymentMethod: "vietqr",
          contactName: "Người mua",
          contactPhone: "0912345678",
          regionId: tree.dongPhuc.id,
          street: "Số 1",
          totalVnd: 0,
          holdExpiresAt,
        })
        .returning();
      if (!row) throw new Error("order insert failed");
      return row;
    };
    const expired = await order(new Date(Date.now() - 60_000));
    const holding = await order(new Date(Date.now() + 30 * 60_000));

    const job = await finished(
      runner,
      "orders.release-expired-holds",
      await runner.enqueue("orders.release-expired-holds", {}),
    );

    expect(job.state).toBe("completed");
    expect(job.output).toEqual({ released: 1 });
    const status = async (orderId: string) =>
      (await db().select({ status: orders.status }).from(orders).where(eq(orders.id, orderId)))[0]?.status;
    expect(await status(expired.id)).toBe("cancelled");
    expect(await status(holding.id)).toBe("awaiting_payment");
  });
});

describe("the marketplace's jobs, scheduled", () => {
  let runner: JobRunner<JobPayloads>;
  const logged: string[] = [];

  beforeAll(async () => {
    runner = await startMarketplaceJobs({
      handle: getDbHandle(),
      pollingIntervalSeconds: 0.5,
      cronIntervalSeconds: 1,
      log: (line) => logged.push(line),
    });
  });
  afterAll(async () => {
    await runner.stop();
  });

  it("start pg-boss on the app's database with a recurring schedule per job", async () => {
    expect(runner.database).toBe(getDbHandle().kind);
    expect(logged[0]).toMatch(
      /^Background jobs: pg-boss on .*certificates\.expire, orders\.release-expired-holds, carts\.purge-stale$/,
    );
    expect((await runner.schedules()).sort((a, b) => a.name.localeCompare(b.name))).toEqual([
      { name: "carts.purge-stale", cron: "17 20 * * *" },
      { name: "certificates.expire", cron: "0 * * * *" },
      { name: "orders.release-expired-holds", cron: "* * * * *" },
    ]);
  });

  it("turn the every-minute schedule into a run without anyone enqueueing", async () => {
    vi.spyOn(console, "info").mockImplementation(() => {});
    const deadline = Date.now() + 20_000;
    let states: string[] = [];
    while (!states.includes("completed")) {
      if (Date.now() > deadline) throw new Error(`no scheduled run completed: ${states.join(", ")}`);
      await sleep(200);
      states = rowsOf<{ state: string }>(
        await db().execute(
          sql`select state::text from pgboss.job where name = 'orders.release-expired-holds'`,
        ),
      ).map((r) => r.state);
    }
    expect(states).toContain("completed");
  });

  it("queue a one-off job for later through enqueueJob", async () => {
    const later = new Date(Date.now() + 2 * 60 * 60_000);
    const id = await enqueueJob("certificates.expire", {}, { startAfter: later, singletonKey: "later" });
    const job = await runner.getJob("certificates.expire", id ?? "");
    expect(job?.state).toBe("created");
    expect(job?.startAfter.toISOString()).toBe(later.toISOString());
  });
});

interface TestPayloads {
  "test.echo": { n: number };
  "test.fails": Record<string, never>;
}
const testDefinitions: JobDefinitions<TestPayloads> = {
  "test.echo": {
    policy: "standard",
    retryLimit: 0,
    expireInSeconds: 60,
    run: async (data) => ({ echoed: data }),
  },
  "test.fails": {
    policy: "standard",
    retryLimit: 0,
    expireInSeconds: 60,
    run: async () => {
      throw new Error("the handler failed on purpose");
    },
  },
};

describe("the job runner", () => {
  it("records a failing job as failed, logs it, and goes on with the next one", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const runner = await startJobRunner({
      handle: getDbHandle(),
      definitions: testDefinitions,
      pollingIntervalSeconds: 0.5,
    });
    try {
      const failed = await finished(runner, "test.fails", await runner.enqueue("test.fails", {}));
      expect(failed.state).toBe("failed");
      expect(failed.output).toMatchObject({ message: "the handler failed on purpose" });
      expect(errors.mock.calls.some((call) => String(call[0]).startsWith("jobs: test.fails failed"))).toBe(
        true,
      );

      const echoed = await finished(runner, "test.echo", await runner.enqueue("test.echo", { n: 7 }));
      expect(echoed).toMatchObject({ state: "completed", output: { echoed: { n: 7 } } });
    } finally {
      await runner.stop();
    }
  });

  it("without workers (JOBS=0) only queues; a process with workers runs the job", async () => {
    const handle = getDbHandle();
    const web = await startJobRunner({ handle, definitions: testDefinitions, workers: false });
    const id = await web.enqueue("test.echo", { n: 1 });
    expect((await web.getJob("test.echo", id ?? ""))?.state).toBe("created");
    await web.stop();

    const worker = await startJobRunner({
      handle,
      definitions: testDefinitions,
      pollingIntervalSeconds: 0.5,
    });
    try {
      expect(await finished(worker, "test.echo", id)).toMatchObject({
        state: "completed",
        output: { echoed: { n: 1 } },
      });
    } finally {
      await worker.stop();
    }
  });

  it("stops cleanly: refuses new jobs, releases its connections, leaves the database usable", async () => {
    const handle = getDbHandle();
    const runner = await startJobRunner({
      handle,
      definitions: testDefinitions,
      pollingIntervalSeconds: 0.5,
    });
    await runner.stop();
    await runner.stop();
    await expect(runner.enqueue("test.echo", { n: 2 })).rejects.toThrow(/stopping/);
    await expect(enqueueJob("certificates.expire", {})).rejects.toThrow(/not running/);

    if (handle.kind === "postgres") {
      // pg-boss's pool is closed; the server may take a moment to drop the backends.
      const deadline = Date.now() + 10_000;
      let open = 1;
      while (open > 0 && Date.now() < deadline) {
        const [row] = rowsOf<{ n: number }>(
          await db().execute(
            sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and application_name = ${JOBS_APPLICATION_NAME}`,
          ),
        );
        open = row?.n ?? 0;
        if (open) await sleep(100);
      }
      expect(open).toBe(0);
    }
    const [row] = rowsOf<{ ok: number }>(await db().execute(sql`select 1 as ok`));
    expect(row?.ok).toBe(1);
  });
});

describe.skipIf(inject("pgTemplate") !== null)("pg-boss on the embedded database", () => {
  it("rolls back a failed script, so the one shared connection is not left in an aborted transaction", async () => {
    const { pglite } = getDbHandle();
    if (!pglite) throw new Error("expected the embedded database");
    // The shape of pg-boss's schema and maintenance scripts: BEGIN; …; COMMIT; without parameters.
    await expect(
      pgliteExecutor(pglite).executeSql("BEGIN; create table job_probe (id int); select 1/0; COMMIT;"),
    ).rejects.toThrow(/division by zero/);
    const [row] = rowsOf<{ probe: string | null }>(
      await db().execute(sql`select to_regclass('job_probe')::text as probe`),
    );
    expect(row).toEqual({ probe: null });
  });
});
