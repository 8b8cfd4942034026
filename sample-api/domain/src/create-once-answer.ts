/**
 * The answer to a `POST` that creates once per `Idempotency-Key`, the same in every app: the
 * request's fingerprint, and the stored answer (or core's 422) as data an app writes as it is.
 *
 * @module
 */

import type { ResponseContext } from '@precond/core';
import { idempotencyKeyResponse } from '@precond/core';
import { requestFingerprint } from '@precond/core/etag';
import type { InsertOnceResult } from '@precond/postgres';
import type { ArticleInput, ArticleStore } from './articles.js';
import { versionFields } from './wire.js';

/** A complete answer: status, fields (lower-case names) and body. */
export interface CreateOnceAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/**
 * The fingerprint of a `POST` to `target` whose JSON body decoded to `body`. It is taken over the
 * JSON as decoded and written again with every object's members in one order, so a retry that
 * spaces its JSON otherwise, or lists an object's members in another order (RFC 8259 §4: an object
 * is an unordered collection), is still the same request; a change to any member is another
 * request (422).
 */
export function postFingerprint(target: string, body: unknown): string {
  return requestFingerprint({ method: 'POST', target, body: JSON.stringify(inMemberOrder(body)) });
}

/** `value` with every object's members sorted by name, arrays kept in their order. */
function inMemberOrder(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(inMemberOrder);
  if (value === null || typeof value !== 'object') return value;
  const sorted: Record<string, unknown> = {};
  for (const name of Object.keys(value).sort()) {
    sorted[name] = inMemberOrder((value as Record<string, unknown>)[name]);
  }
  return sorted;
}

/**
 * What to send for a create made once per key: the recorded answer — created now or replayed, the
 * same status, `Location`, `ETag`, `Last-Modified` and body — or the 422 problem for a key reused
 * with another request (draft-ietf-httpapi-idempotency-key-header §2.7).
 */
export function createOnceAnswer(
  result: InsertOnceResult<unknown>,
  request: Pick<ResponseContext, 'method' | 'path'>,
): CreateOnceAnswer {
  if (result.outcome === 'key-reused') {
    const refused = idempotencyKeyResponse('reused', request);
    return { status: refused.status, headers: refused.headers, body: refused.body ?? '' };
  }
  const { status, location, etag, lastModified, body } = result.response;
  const headers: Record<string, string> = {
    ...versionFields({ etag, lastModified, lastModifiedStrong: true }),
    'content-type': 'application/json',
  };
  if (location !== undefined) {
    headers.location = location;
    // The stored body is that resource's representation, as of its creation (as its validators are).
    headers['content-location'] = location;
  }
  return { status, headers, body: body ?? '' };
}

/** A `POST /api/articles` that carries an `Idempotency-Key`, as an app's route hands it over. */
export interface KeyedPost {
  /** The key the adapter handed the route (`idempotencyKey`). */
  readonly key: string;
  readonly method: string;
  /** The request target: path and query. */
  readonly path: string;
  /** The JSON body as decoded. */
  readonly body: unknown;
}

/**
 * Creates the article once per key and says what to answer: the recorded 201 (now or replayed),
 * or the 422 for a key reused with another body.
 */
export async function createArticleOnce(
  articles: ArticleStore,
  input: ArticleInput,
  post: KeyedPost,
): Promise<CreateOnceAnswer> {
  const result = await articles.createOnce(input, post.key, postFingerprint(post.path, post.body));
  return createOnceAnswer(result, post);
}
