/**
 * The two columns that version every row, `etag` and `modified_at`, and how callers see them: a
 * quoted strong entity-tag and a `Date` in whole seconds.
 *
 * @module
 */

import { randomUUID } from 'node:crypto';
import type { Validators, WriteCondition } from '@precond/core';
import { parseEntityTag } from '@precond/core';

/** What every record carries besides its fields. */
export interface RecordVersion {
  /** The strong entity-tag as it goes in an `ETag` field: `"` + 32 hex digits + `"`. */
  readonly etag: string;
  /** When this version was written, in whole seconds: strictly later than the previous version's. */
  readonly lastModified: Date;
}

/** The version columns as a row carries them. */
export interface VersionColumns {
  readonly etag: string;
  readonly modified_at: Date | string;
}

/** The `modified_at` of a new row: now, truncated to the second as HTTP dates are. */
export const FIRST_MODIFIED_AT = `date_trunc('second', clock_timestamp())`;

/**
 * The `modified_at` of a row's next version: now, or one second after the previous version when
 * that is later. Two writes in the same second (from any instance: the database's clock decides)
 * still get Last-Modified values an HTTP date can tell apart, so `If-Unmodified-Since` never
 * mistakes the newer version for the one the client saw (RFC 9110 §13.1.4). The price: a burst
 * of writes pushes the row's Last-Modified ahead of the clock by up to one second per write.
 */
export const NEXT_MODIFIED_AT = `GREATEST(date_trunc('second', clock_timestamp()), modified_at + interval '1 second')`;

/**
 * A fresh opaque-tag for a new version: random, not derived from the content, so that a resource
 * deleted and created again with the same fields never brings back a tag a client still holds.
 */
export function newEtagToken(): string {
  return randomUUID().replaceAll('-', '');
}

/** The stored token of a strong entity-tag such as `"abc"`; `null` for a weak or malformed tag,
 * which can never match a stored version (they are all strong). */
export function toEtagToken(entityTag: string): string | null {
  const tag = parseEntityTag(entityTag);
  return tag && !tag.weak ? tag.opaque : null;
}

/** A row's version as callers see it. */
export function toRecordVersion(row: VersionColumns): RecordVersion {
  return { etag: `"${row.etag}"`, lastModified: new Date(row.modified_at) };
}

/** The validators of a row, or of a resource that does not exist when there is no row. */
export function toValidators(row: VersionColumns | undefined): Validators {
  return row ? { exists: true, ...toRecordVersion(row) } : { exists: false };
}

/**
 * What a compare-and-set expects of the stored version: an entity-tag as in an `ETag` field
 * (`"abc"`), or core's {@link WriteCondition} (an `If-Match` list, or `*` for any version).
 */
export type ExpectedVersion = string | WriteCondition;

/**
 * The stored tokens a compare-and-set accepts, for `etag = ANY($n)`; `null` accepts any version.
 * Weak and malformed tags are left out: they can never match (an empty list matches nothing).
 */
export function toExpectedTokens(expected: ExpectedVersion): string[] | null {
  if (typeof expected === 'string') {
    const token = toEtagToken(expected);
    return token === null ? [] : [token];
  }
  if (expected.kind === 'any') return null;
  const tokens: string[] = [];
  for (const etag of expected.etags) {
    const token = toEtagToken(etag);
    if (token !== null) tokens.push(token);
  }
  return tokens;
}
