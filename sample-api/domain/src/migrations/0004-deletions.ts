/**
 * Version 4: the table `DELETE` records the date of a version in, while an article (or user, or
 * session) created again under its id could share that version's second.
 *
 * @module
 */

import { deletionsMigration } from '@precond/postgres';
import type { Migration } from './run-migrations.js';

/** `precond_deletions`, as `@precond/postgres` lays it out. */
export const createDeletions: Migration = {
  version: 4,
  name: 'remember the second of each deleted version while a new one could share it',
  statements: deletionsMigration(),
};
