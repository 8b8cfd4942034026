/**
 * PGlite: PostgreSQL compiled to WebAssembly, in this process. For development and tests, and for
 * an app that runs as one process: PGlite serves one connection, so statements run one at a time.
 *
 * @module
 */

import { mkdir } from 'node:fs/promises';
import type { Transaction } from '@electric-sql/pglite';
import { PGlite } from '@electric-sql/pglite';
import { fromPglite } from '@precond/postgres';
import type { SqlExecutor, SqlTransaction } from './sql.js';
import { guardStorage, guardTransaction } from './storage-unavailable.js';

/**
 * Opens PGlite persisted under `dataDir` (created when missing), or in memory when `dataDir` is
 * undefined. One process at a time may open a data directory.
 *
 * @throws {@link StorageUnavailableError} when PGlite cannot start.
 */
export async function openPglite(dataDir?: string): Promise<SqlExecutor> {
  const db = await guardStorage(async () => {
    if (dataDir === undefined) return PGlite.create();
    await mkdir(dataDir, { recursive: true });
    return PGlite.create({ dataDir });
  });
  // Statements on the instance are prepared once (`fromPglite`); a transaction's go through `tx.query`.
  const queryOn = (target: PGlite | Transaction): SqlTransaction['query'] => {
    const client = fromPglite(target);
    return (text, params = []) => guardStorage(async () => (await client.query(text, params)) as never);
  };
  return {
    kind: 'pglite',
    query: queryOn(db),
    transaction: (work) =>
      guardTransaction(
        (body) => db.transaction(body),
        (tx: Transaction) => work({ query: queryOn(tx) }),
      ),
    async close() {
      if (!db.closed) await db.close();
    },
  };
}
