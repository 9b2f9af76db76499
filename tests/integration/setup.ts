import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, inject } from "vitest";
import { type DbHandle, openDb, setDbHandle } from "../../db/client.server";
import { withDatabase } from "./global-setup";

// Each test file gets its own fresh, migrated database and a throwaway data directory.
process.env.DATA_DIR = mkdtempSync(path.join(tmpdir(), "cho-ocop-data-"));
process.env.SESSION_SECRET ??= randomBytes(32).toString("hex");
process.env.DATABASE_URL = "";

let handle: DbHandle | undefined;
let cleanup: (() => Promise<void>) | undefined;

beforeAll(async () => {
  const pg = inject("pgTemplate");
  if (pg) {
    const { default: postgres } = await import("postgres");
    const admin = postgres(pg.url, { max: 1, onnotice: () => {} });
    const name = `cho_ocop_test_${process.pid}_${randomBytes(4).toString("hex")}`;
    await admin.unsafe(`create database ${name} template ${pg.template}`);
    handle = await openDb({ url: withDatabase(pg.url, name), migrate: false });
    cleanup = async () => {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    };
  } else {
    const dump = inject("pgliteDump");
    if (!dump) throw new Error("global setup did not provide a database template");
    handle = await openDb({
      pgliteDir: "memory://",
      loadDataDir: new Blob([readFileSync(dump)]),
      migrate: false,
    });
  }
  setDbHandle(handle);
});

afterAll(async () => {
  setDbHandle(undefined);
  await handle?.close();
  await cleanup?.();
});
