/**
 * Version 3: the table `POST /api/articles` records its `Idempotency-Key`s in.
 *
 * @module
 */

import { idempotencyKeysMigration } from '@precond/postgres';
import type { Migration } from './run-migrations.js';

/** `idempotency_keys`, as `@precond/postgres` lays it out: keys kept 24 hours. */
export const createIdempotencyKeys: Migration = {
  version: 3,
  name: 'record the Idempotency-Key of each POST with its answer',
  statements: idempotencyKeysMigration(),
};
