/**
 * Version 2: each row records whether its version is the only one written in its second.
 *
 * @module
 */

import type { Migration } from './run-migrations.js';

const TABLES = ['articles', 'users', 'sessions'] as const;

/**
 * `modified_at_strong` on every versioned table. Rows written before it were dated at least one
 * second apart, so each was the only version in its second: the default is true.
 */
export const addDateStrength: Migration = {
  version: 2,
  name: 'record whether a version is the only one in its second',
  statements: TABLES.map(
    (table) =>
      `ALTER TABLE ${table} ADD COLUMN IF NOT EXISTS modified_at_strong boolean NOT NULL DEFAULT true`,
  ),
};
