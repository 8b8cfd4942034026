/**
 * The sample API's representations on the wire (harnesses/contract/API.md): the JSON of an article,
 * a user and a session, and the fields every stored record is sent with.
 *
 * @module
 */

import { validatorHeaders } from '@precond/core';
import type { Article } from './articles.js';
import type { RecordVersion } from './row-version.js';
import type { Session } from './sessions.js';
import type { User } from './users.js';

/** An article as the API represents it (API.md, Articles). */
export interface ArticleJson {
  readonly id: string;
  readonly title: string;
  readonly body: string;
  readonly views: number;
}

/** A user as the API represents it (API.md, Users). */
export interface UserJson {
  readonly name: string;
  readonly displayName: string | null;
}

/** A session as the API represents it (API.md, Sessions): `touchedAt` in ISO 8601. */
export interface SessionJson {
  readonly id: string;
  readonly touchedAt: string;
}

/** An article's representation: its fields and nothing of its version. */
export function articleJson({ id, title, body, views }: Article): ArticleJson {
  return { id, title, body, views };
}

/** A user's representation. */
export function userJson({ name, displayName }: User): UserJson {
  return { name, displayName };
}

/** A session's representation, the time in ISO 8601. */
export function sessionJson({ id, touchedAt }: Session): SessionJson {
  return { id, touchedAt: touchedAt.toISOString() };
}

/**
 * The fields a stored record is sent with: its validators, `ETag` and `Last-Modified` (RFC 9110
 * §8.8) with the `Date` they are measured against (§6.6.1), and `Cache-Control: no-cache` (RFC 9111 §5.2.2.4), since every read of the API is
 * revalidated. Names in lower case.
 */
export function versionFields(version: RecordVersion): Record<string, string> {
  // The version's own members only: a stored record spread into the validators would copy its
  // whole body on every response.
  const { etag, lastModified, lastModifiedStrong } = version;
  const fields = validatorHeaders({ exists: true, etag, lastModified, lastModifiedStrong });
  fields['cache-control'] = 'no-cache';
  return fields;
}

/**
 * The fields that name the resource whose representation a write's answer carries, at `path`:
 * `Content-Location` (RFC 9110 §8.7 and §6.4.2: the content is then that resource's current
 * representation, which a client may keep with the answer's validators, not a report about the
 * request), and for a `201` also `Location` (§10.2.2). Names in lower case.
 */
export function representedResourceFields(path: string, status: number): Record<string, string> {
  return status === 201 ? { location: path, 'content-location': path } : { 'content-location': path };
}
