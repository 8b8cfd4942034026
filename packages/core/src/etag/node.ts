/**
 * ETag generation with `node:crypto`: `@precond/core/etag`. For Fetch runtimes without Node
 * built-ins (Next.js Edge, workers) use `@precond/core/etag-web`, which produces identical tags.
 *
 * The tag is the SHA-1 digest of the body's bytes in base64url (27 characters). SHA-1 is used as a
 * fast, well-distributed content fingerprint, not for security: an ETag is not a secret and a
 * client gains nothing by forging one.
 *
 * @module
 */

import * as crypto from 'node:crypto';
import type { BufferedBody, GenerateEntityTagOptions, StreamedBody } from './options.js';
import { chunksOf, entityTagFromDigest } from './options.js';
import type { FingerprintedRequest } from './request-fingerprint.js';
import { fingerprintedBytes } from './request-fingerprint.js';

export type { BufferedBody, GenerateEntityTagOptions, StreamedBody } from './options.js';
export type { FingerprintedRequest } from './request-fingerprint.js';

/**
 * node:crypto's one-shot `hash()` (Node.js 20.12 and later; read from the namespace so that older
 * versions load this module too): it skips the Hash object `createHash` builds per call, which is
 * most of the cost of tagging a small body (1 KiB: about 1.7 times faster).
 */
const oneShotHash: typeof crypto.hash | undefined =
  typeof crypto.hash === 'function' ? crypto.hash : undefined;

/**
 * A strong (or, on request, weak) entity-tag for a body held in memory. Strings are hashed as UTF-8.
 *
 * @example generateEntityTag('{"id":1}') // '"…27 characters…"'
 */
export function generateEntityTag(body: BufferedBody, options?: GenerateEntityTagOptions): string {
  return entityTagFromDigest(digestOf(body), options);
}

/** The SHA-1 digest of a body's bytes in base64url. */
function digestOf(body: BufferedBody): string {
  const bytes = body instanceof ArrayBuffer ? new Uint8Array(body) : body;
  return oneShotHash
    ? oneShotHash('sha1', bytes, 'base64url')
    : crypto.createHash('sha1').update(bytes).digest('base64url');
}

/**
 * A request's fingerprint for an `Idempotency-Key` (draft-ietf-httpapi-idempotency-key-header
 * §2.4): 27 base64url characters digesting its method, target and body, equal for equal requests.
 * A store keeps it beside the key and compares a retry's: another fingerprint under the same key
 * is a 422. Equal to `requestFingerprint` of `@precond/core/etag-web`.
 *
 * @example requestFingerprint({ method: 'POST', target: '/api/articles', body: rawBody })
 */
export function requestFingerprint(request: FingerprintedRequest): string {
  return digestOf(fingerprintedBytes(request));
}

/** An incremental entity-tag: feed chunks as they pass, read the tag at the end. */
export interface EntityTagHasher {
  update(chunk: Uint8Array | string): void;
  /** The tag for everything fed so far; call once. */
  digest(): string;
}

/** Starts an incremental entity-tag, for hashing a body as it streams past in constant memory. */
export function createEntityTagHasher(options?: GenerateEntityTagOptions): EntityTagHasher {
  const hash = crypto.createHash('sha1');
  return {
    update(chunk) {
      hash.update(chunk);
    },
    digest() {
      return entityTagFromDigest(hash.digest('base64url'), options);
    },
  };
}

/**
 * The entity-tag of a streamed body, read chunk by chunk in constant memory. Equal to
 * {@link generateEntityTag} of the concatenated bytes. Consumes the stream.
 */
export async function generateEntityTagFromStream(
  source: StreamedBody,
  options?: GenerateEntityTagOptions,
): Promise<string> {
  const hasher = createEntityTagHasher(options);
  for await (const chunk of chunksOf(source)) hasher.update(chunk);
  return hasher.digest();
}
