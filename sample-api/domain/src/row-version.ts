/**
 * What a record's version is, and what a write expects of it. The version columns, their dates and
 * the compare-and-set statements are `@precond/postgres`'s.
 *
 * @module
 */

import type { WriteCondition } from '@precond/core';

export type { RecordVersion } from '@precond/postgres';

/**
 * What a compare-and-set expects of the stored version: an entity-tag as in an `ETag` field
 * (`"abc"`), or core's {@link WriteCondition} (an `If-Match` list, or `*` for any version).
 */
export type ExpectedVersion = string | WriteCondition;

/** `expected` as the write condition `@precond/postgres` checks. */
export function toWriteCondition(expected: ExpectedVersion): WriteCondition {
  return typeof expected === 'string' ? { kind: 'etags', etags: [expected] } : expected;
}
