import { mkdirSync } from "node:fs";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import { type SQL, sql } from "drizzle-orm";
import { type PgDatabase, PgDialect, type PgQueryResultHKT } from "drizzle-orm/pg-core";
import * as schema from "./schema";

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
export type DbKind = "postgres" | "pglite";
export interface DbHandle {
  db: Db;
  kind: DbKind;
  close: () => Promise<void>;
  /** PostgreSQL only: the URL it was opened with, for clients that keep their own pool (the job queue). */
  url?: string;
  /** PGlite only: the client itself, for code that must share its single connection (the job queue). */
  pglite?: PGlite;
  /** PGlite only: dump the data directory (used to clone fresh test databases quickly). */
  dump?: () => Promise<Blob>;
  /** LISTEN on a channel (NOTIFY payloads arrive after the sender's commit); resolves to an unlisten function. */
  listen?: (channel: string, onNotify: (payload: string) => void) => Promise<() => Promise<void>>;
}

export interface OpenDbOptions {
  /** A postgres:// URL; when absent the embedded PGlite database is used. */
  url?: string;
  /** PGlite data directory, or "memory://". */
  pgliteDir?: string;
  /** PGlite: start from a dumped data directory instead of running initdb. */
  loadDataDir?: Blob;
  migrate?: boolean;
}

export const migrationsFolder = path.resolve(process.cwd(), "db/migrations");

/** Opens PostgreSQL through postgres.js when a URL is given, else PGlite in a local folder. */
export async function openDb(options: OpenDbOptions = {}): Promise<DbHandle> {
  const doMigrate = options.migrate ?? true;
  if (options.url) {
    const { default: postgres } = await import("postgres");
    const { drizzle } = await import("drizzle-orm/postgres-js");
    const client = postgres(options.url, { max: 10, onnotice: () => {} });
    const db = drizzle(client, { schema });
    if (doMigrate) {
      const { migrate } = await import("drizzle-orm/postgres-js/migrator");
      await migrate(db, { migrationsFolder });
    }
    return {
      db,
      kind: "postgres",
      url: options.url,
      close: () => client.end({ timeout: 5 }),
      listen: async (channel, onNotify) => {
        const meta = await client.listen(channel, onNotify);
        return () => meta.unlisten();
      },
    };
  }
  const { PGlite } = await import("@electric-sql/pglite");
  const { pg_trgm } = await import("@electric-sql/pglite/contrib/pg_trgm");
  const { unaccent } = await import("@electric-sql/pglite/contrib/unaccent");
  const { drizzle } = await import("drizzle-orm/pglite");
  const dir = options.pgliteDir ?? "memory://";
  // PGlite's own mkdir is not recursive.
  if (!dir.startsWith("memory://")) mkdirSync(dir, { recursive: true });
  const client = await PGlite.create(dir, {
    extensions: { pg_trgm, unaccent },
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
  });
  const db = drizzle(client, { schema });
  if (doMigrate) {
    const { migrate } = await import("drizzle-orm/pglite/migrator");
    await migrate(db, { migrationsFolder });
  }
  return {
    db,
    kind: "pglite",
    pglite: client,
    close: () => client.close(),
    dump: () => client.dumpDataDir("none") as Promise<Blob>,
    listen: (channel, onNotify) => client.listen(channel, onNotify),
  };
}

// One handle per process, kept on globalThis so the Vite dev server's module reloads and the
// production bundle (which holds its own copy of this module) all see the same connection.
const KEY = Symbol.for("cho-ocop.db");
type Holder = { [KEY]?: DbHandle };
const holder = globalThis as Holder;

export function setDbHandle(handle: DbHandle | undefined): void {
  holder[KEY] = handle;
}

export function getDbHandle(): DbHandle {
  const handle = holder[KEY];
  if (!handle) throw new Error("The database is not open: call openDb() and setDbHandle() at start-up.");
  return handle;
}

/** The process's database. Domain functions take an optional transaction and fall back to this. */
export function db(): Db {
  return getDbHandle().db;
}

/** `db.execute()` returns an array on postgres.js and `{ rows }` on PGlite. */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}

interface PostgresJsClient {
  unsafe(text: string, params: unknown[], options: { prepare: boolean }): Promise<unknown[]>;
}

/**
 * Runs a statement whose text never changes ($1, $2… for its parameters) so that the database
 * plans it once: on the process's PostgreSQL pool, each connection prepares it the first time
 * and reuses the plan (drizzle's `execute` sends an unnamed statement, planned on every call).
 * Inside a caller's transaction, and on PGlite, an ordinary parameterised query: the text is cut
 * at each $n, so a statement for this function holds no "$" followed by digits inside a literal.
 */
export async function runPrepared<T>(text: string, params: unknown[], tx: Db = db()): Promise<T[]> {
  const handle = getDbHandle();
  if (tx === handle.db && handle.kind === "postgres") {
    const client = (tx as unknown as { $client: PostgresJsClient }).$client;
    return (await client.unsafe(text, params, { prepare: true })) as T[];
  }
  const chunks: SQL[] = [];
  let at = 0;
  for (const m of text.matchAll(/\$(\d+)/g)) {
    chunks.push(sql.raw(text.slice(at, m.index)), sql`${params[Number(m[1]) - 1]}`);
    at = m.index + m[0].length;
  }
  chunks.push(sql.raw(text.slice(at)));
  return rowsOf<T>(await tx.execute(sql.join(chunks)));
}

const dialect = new PgDialect();

/** `runPrepared` for a drizzle `sql` template: its text is the same on every call when only its values change. */
export function executePrepared<T>(query: SQL, tx: Db = db()): Promise<T[]> {
  const { sql: text, params } = dialect.sqlToQuery(query);
  return runPrepared<T>(text, params, tx);
}
