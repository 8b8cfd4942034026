/**
 * ETag generation with Web Crypto: `@precond/core/etag-web`, for Next.js Edge and other Fetch
 * runtimes without Node built-ins. Produces the same tags as `@precond/core/etag`.
 *
 * Web Crypto has no incremental digest, so there is no streaming variant here: hashing a stream
 * would mean buffering it whole. Adapters leave streamed bodies untagged on such runtimes.
 *
 * @module
 */

import type { BufferedBody, GenerateEntityTagOptions } from './options.js';
import { entityTagFromDigest } from './options.js';

export type { BufferedBody, GenerateEntityTagOptions } from './options.js';

const encoder = new TextEncoder();

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i] as number);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * A strong (or, on request, weak) entity-tag for a body held in memory, computed with
 * `crypto.subtle`. Strings are hashed as UTF-8.
 */
export async function generateEntityTag(
  body: BufferedBody,
  options?: GenerateEntityTagOptions,
): Promise<string> {
  const bytes = typeof body === 'string' ? encoder.encode(body) : body;
  const digest = await crypto.subtle.digest('SHA-1', bytes as BufferSource);
  return entityTagFromDigest(toBase64Url(new Uint8Array(digest)), options);
}
