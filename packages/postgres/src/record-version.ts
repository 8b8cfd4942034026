/**
 * The three version columns every guarded table carries, and how callers see them: a quoted strong
 * entity-tag, a `Date` in whole seconds, and whether that second names this version alone.
 *
 * @module
 */

import type { WriteCondition } from '@precond/core';
import { parseEntityTag } from '@precond/core';

/** What every row read or written through a guarded table carries besides its own fields. */
export interface RecordVersion {
  /** The strong entity-tag as it goes in an `ETag` field: `"` + 32 hex digits + `"`. */
  readonly etag: string;
  /**
   * When this version was written, by the database's clock, in whole seconds as HTTP dates are
   * (RFC 9110 §5.6.7): never later than that clock (§8.8.2.1).
   */
  readonly lastModified: Date;
  /**
   * Whether this is the only version of the row written in the second of `lastModified`, so that an
   * HTTP date naming that second names this version alone and may be used as a strong validator
   * (RFC 9110 §8.8.2.2). Hand it to core as `Validators.lastModifiedStrong`.
   */
  readonly lastModifiedStrong: boolean;
}

/** The names of the version columns in a table. */
export interface VersionColumnNames {
  /** `text NOT NULL`: the entity-tag's opaque part, without quotes. @defaultValue `'etag'` */
  readonly etag: string;
  /** `timestamptz NOT NULL`: when the version was written. @defaultValue `'modified_at'` */
  readonly modifiedAt: string;
  /**
   * `boolean NOT NULL DEFAULT true`: whether no other version was written in that second.
   * @defaultValue `'modified_at_strong'`
   */
  readonly modifiedAtStrong: string;
}

/** The version columns' names unless a table says otherwise. */
export const DEFAULT_VERSION_COLUMNS: VersionColumnNames = Object.freeze({
  etag: 'etag',
  modifiedAt: 'modified_at',
  modifiedAtStrong: 'modified_at_strong',
});

/**
 * A fresh opaque-tag for a new version: random, not derived from the content, so that a row deleted
 * and created again with the same fields never brings back a tag a client still holds.
 */
export function newEtagToken(): string {
  return globalThis.crypto.randomUUID().replaceAll('-', '');
}

/**
 * The stored tokens a write accepts (its statement's tag test: `etag = $n` for one, `etag = ANY($n)`
 * for several); `null` accepts any version
 * (`If-Match: *`). Weak and malformed tags are left out: a stored version is always strong, and
 * If-Match compares strongly (RFC 9110 §13.1.1), so an empty list matches nothing.
 */
export function toExpectedTokens(condition: WriteCondition): string[] | null {
  if (condition.kind === 'any') return null;
  const tokens: string[] = [];
  for (const etag of condition.etags) {
    const tag = parseEntityTag(etag);
    if (tag && !tag.weak) tokens.push(tag.opaque);
  }
  return tokens;
}

/** The version columns as a statement returns them (under the aliases the statements give them). */
export interface VersionFields {
  readonly precond_etag: string;
  /** ISO 8601, UTC, whole seconds. */
  readonly precond_modified_at: string;
  readonly precond_modified_at_strong: boolean;
}

/** A row's version as callers see it. */
export function toRecordVersion(row: VersionFields): RecordVersion {
  return {
    etag: `"${row.precond_etag}"`,
    lastModified: new Date(row.precond_modified_at),
    lastModifiedStrong: row.precond_modified_at_strong,
  };
}
