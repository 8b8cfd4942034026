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
  /**
   * When this version was written, by the database's clock, in whole seconds as HTTP dates are:
   * never later than that clock.
   */
  readonly lastModified: Date;
  /**
   * Whether this is the only version of the record written in the second of `lastModified`, so
   * that an HTTP date naming that second names this version alone (RFC 9110 §8.8.2.2).
   */
  readonly lastModifiedStrong: boolean;
}

/** The version columns as a row carries them. */
export interface VersionColumns {
  readonly etag: string;
  readonly modified_at: Date | string;
  readonly modified_at_strong: boolean;
}

/** The version columns, as a statement selects or returns them. */
export const VERSION_COLUMNS = 'etag, modified_at, modified_at_strong';

/**
 * The `modified_at` of a new row: the moment its statement began. The row is the only version
 * in that second (`modified_at_strong` defaults to true): a row deleted and created again within
 * one second is the one case this cannot see, as no trace of the deleted row is kept.
 */
export const FIRST_MODIFIED_AT = 'statement_timestamp()';

/**
 * The assignments that date a row's next version: the moment its statement began (or the
 * previous version's moment, should that be later: a statement that waited for the row lock
 * began before the write it waited for), and whether that second is the new version's alone.
 * Dates never run ahead of the clock, so two writes in one second share a Last-Modified; the
 * second of them is marked, and core then refuses to let that date stand for either version
 * (`If-Unmodified-Since` naming it is a 412, `If-Modified-Since` naming it never a 304). The
 * database's clock decides, so this holds across instances.
 */
export const NEXT_VERSION_DATES = `modified_at = GREATEST(statement_timestamp(), modified_at),
  modified_at_strong = date_trunc('second', statement_timestamp()) > date_trunc('second', modified_at)`;

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
  return {
    etag: `"${row.etag}"`,
    lastModified: new Date(Math.floor(new Date(row.modified_at).getTime() / 1000) * 1000),
    lastModifiedStrong: row.modified_at_strong,
  };
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
