import type { PGlite } from "@electric-sql/pglite";

/** What pg-boss 10 needs from a connection when it is given one instead of opening its own pool. */
export interface SqlExecutor {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

/**
 * Runs pg-boss on the embedded database's one connection. pg-boss sends two kinds of SQL
 * (checked in pg-boss 10.4.2, src/plans.js): single statements with $n parameters, and scripts
 * without parameters (schema creation, migrations, maintenance) made of several statements in
 * BEGIN … COMMIT behind an advisory lock. It uses neither LISTEN nor session state.
 *
 * - With parameters → `query()`, PGlite's extended protocol, one statement.
 * - Without → `exec()` (several statements), inside `transaction()`: should a statement fail
 *   after the script's own BEGIN, the ROLLBACK is issued while PGlite still holds its lock, so
 *   the shared connection is never left in an aborted transaction for the app's next query.
 *   (The script's own BEGIN and COMMIT only raise warnings inside it, which PGlite ignores.)
 *
 * Both go through PGlite's transaction lock, so a pg-boss query never runs inside one of the
 * app's transactions; it waits for it instead. PGlite's node-postgres adapter is not used for
 * this reason: it sends protocol messages outside that lock.
 */
export function pgliteExecutor(client: PGlite): SqlExecutor {
  return {
    async executeSql(text, values) {
      if (values !== undefined) return client.query(text, values);
      const results = await client.transaction((tx) => tx.exec(text));
      return results.at(-1) ?? { rows: [] };
    },
  };
}
