import path from "node:path";
import { flushScanLog } from "../../app/domain/trace/scan-log.server";
import { type Env, EnvError, getEnv } from "../../app/utils/env.server";
import { type DbHandle, openDb, setDbHandle } from "../../db/client.server";

/** Validates the environment, or prints what is wrong and exits. */
export function loadEnvOrExit(): Env {
  try {
    return getEnv();
  } catch (error) {
    if (error instanceof EnvError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}

export function pgliteDirOf(env: Env): string {
  return path.resolve(env.DATA_DIR, "pglite");
}

/** Opens the configured database (migrating it) and makes it the process's database. */
export async function openAppDb(env: Env): Promise<DbHandle> {
  const handle = await openDb(env.DATABASE_URL ? { url: env.DATABASE_URL } : { pgliteDir: pgliteDirOf(env) });
  setDbHandle(handle);
  // Scans wait in memory for a batched insert: write them after the server stops, before the database closes.
  const close = handle.close;
  handle.close = async () => {
    await flushScanLog().catch((error: unknown) => console.error(error));
    await close();
  };
  return handle;
}

/** Closes the database and exits on SIGTERM/SIGINT (an open client would keep the process alive). */
export function exitCleanlyOnSignals(close: () => Promise<void>): void {
  let closing = false;
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => {
      if (closing) return;
      closing = true;
      close()
        .catch((error) => console.error(error))
        .finally(() => process.exit(0));
    });
  }
}
