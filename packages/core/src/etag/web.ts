/**
 * ETag generation with Web Crypto: `@precond/core/etag-web`, for Next.js Edge and other Fetch
 * runtimes without Node built-ins. Produces the same tags as `@precond/core/etag`.
 *
 * Where the runtime offers node:crypto without an import (`process.getBuiltinModule`: Node.js 20.16
 * and later), the same SHA-1 is computed with it instead: in Node.js 20 a Web Crypto digest costs
 * about 40 µs a call whatever the size (it is a job on the thread pool), a 1 KiB hash 1.5 µs. It is a
 * lookup at run time, not an import, so Edge bundles still see no Node built-in, and runtimes
 * without it (Edge, workers, browsers) use Web Crypto.
 *
 * Web Crypto has no incremental digest, so there is no streaming variant here: hashing a stream
 * would mean buffering it whole. Adapters leave streamed bodies untagged on such runtimes.
 *
 * @module
 */

import type { BufferedBody, GenerateEntityTagOptions } from './options.js';
import { entityTagFromDigest } from './options.js';
import type { FingerprintedRequest } from './request-fingerprint.js';
import { fingerprintedBytes } from './request-fingerprint.js';

export type { BufferedBody, GenerateEntityTagOptions } from './options.js';
export type { FingerprintedRequest } from './request-fingerprint.js';

const encoder = new TextEncoder();

type OneShotHash = (algorithm: string, data: string | Uint8Array, outputEncoding: 'base64url') => string;

/** node:crypto's one-shot `hash()` when the runtime hands it out without an import, else `undefined`. */
function findNodeHash(): OneShotHash | undefined {
  try {
    const { process } = globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } };
    const nodeCrypto = process?.getBuiltinModule?.('node:crypto') as { hash?: unknown } | undefined;
    return typeof nodeCrypto?.hash === 'function' ? (nodeCrypto.hash as OneShotHash) : undefined;
  } catch {
    return undefined;
  }
}

const nodeHash = findNodeHash();

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i] as number);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * A strong (or, on request, weak) entity-tag for a body held in memory, computed with
 * `crypto.subtle` (or with node:crypto where the runtime offers it, above). Strings are hashed as
 * UTF-8.
 */
export async function generateEntityTag(
  body: BufferedBody,
  options?: GenerateEntityTagOptions,
): Promise<string> {
  return entityTagFromDigest(await digestOf(body), options);
}

/**
 * The same tag as {@link generateEntityTag}, computed at once where the runtime offers node:crypto
 * (see above); `undefined` where only Web Crypto, whose digest is a promise, can compute it. An
 * adapter that answers synchronously when it can spares a request a promise and a turn of the
 * microtask queue.
 */
export function generateEntityTagAtOnce(
  body: BufferedBody,
  options?: GenerateEntityTagOptions,
): string | undefined {
  return nodeHash && entityTagFromDigest(nodeDigestOf(nodeHash, body), options);
}

function nodeDigestOf(hash: OneShotHash, body: BufferedBody): string {
  return hash('sha1', body instanceof ArrayBuffer ? new Uint8Array(body) : body, 'base64url');
}

/** The SHA-1 digest of a body's bytes in base64url. */
async function digestOf(body: BufferedBody): Promise<string> {
  if (nodeHash) return nodeDigestOf(nodeHash, body);
  const bytes = typeof body === 'string' ? encoder.encode(body) : body;
  return toBase64Url(new Uint8Array(await crypto.subtle.digest('SHA-1', bytes as BufferSource)));
}

/**
 * A request's fingerprint for an `Idempotency-Key` (draft-ietf-httpapi-idempotency-key-header
 * §2.4), with Web Crypto: equal to `requestFingerprint` of `@precond/core/etag`.
 */
export async function requestFingerprint(request: FingerprintedRequest): Promise<string> {
  return digestOf(fingerprintedBytes(request));
}
