import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { openDb } from "../../db/client.server";

declare module "vitest" {
  export interface ProvidedContext {
    /** Real PostgreSQL: the server URL and the name of a migrated template database. */
    pgTemplate: { url: string; template: string } | null;
    /** PGlite: a dump of a migrated data directory, cloned by every test file. */
    pgliteDump: string | null;
  }
}

/**
 * Migrates one database up front; each test file then starts from a copy of it (a PostgreSQL
 * TEMPLATE clone, or a PGlite data-dir dump), which is both fresh and fast.
 * TEST_DATABASE_URL selects a real PostgreSQL server; otherwise PGlite is used.
 */
export default async function setup(project: TestProject) {
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const { default: postgres } = await import("postgres");
    const admin = postgres(url, { max: 1, onnotice: () => {} });
    const template = `cho_ocop_tmpl_${process.pid}`;
    await admin.unsafe(`drop database if exists ${template}`);
    await admin.unsafe(`create database ${template}`);
    const templateUrl = withDatabase(url, template);
    const handle = await openDb({ url: templateUrl });
    await handle.close();
    project.provide("pgTemplate", { url, template });
    project.provide("pgliteDump", null);
    return async () => {
      await admin.unsafe(`drop database if exists ${template} with (force)`);
      await admin.end();
    };
  }
  const handle = await openDb({ pgliteDir: "memory://" });
  const dump = await handle.dump?.();
  await handle.close();
  if (!dump) throw new Error("PGlite dump failed");
  const dir = mkdtempSync(path.join(tmpdir(), "cho-ocop-test-"));
  const file = path.join(dir, "template.tar");
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  project.provide("pgTemplate", null);
  project.provide("pgliteDump", file);
  return () => rmSync(dir, { recursive: true, force: true });
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
