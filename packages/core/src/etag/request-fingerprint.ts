/**
 * What a request fingerprint hashes, the same for the node:crypto and Web Crypto entries.
 *
 * @module
 */

import type { BufferedBody } from './options.js';

/**
 * The parts of a request that make it "the same request" for an `Idempotency-Key`
 * (draft-ietf-httpapi-idempotency-key-header §2.4): a retry sends all three unchanged.
 */
export interface FingerprintedRequest {
  /** The request method, as sent. */
  readonly method: string;
  /** The request target: path and query. */
  readonly target: string;
  /** The request content's bytes (a string is taken as UTF-8). */
  readonly body: BufferedBody;
}

const encoder = new TextEncoder();

/**
 * The bytes hashed for a fingerprint: method and target as a JSON array, a newline, then the body.
 * The JSON array ends unambiguously, so no body can pass for another method or target.
 */
export function fingerprintedBytes(request: FingerprintedRequest): Uint8Array {
  const head = encoder.encode(`${JSON.stringify([String(request.method), String(request.target)])}\n`);
  const { body } = request;
  const content =
    typeof body === 'string'
      ? encoder.encode(body)
      : body instanceof ArrayBuffer
        ? new Uint8Array(body)
        : body;
  const bytes = new Uint8Array(head.byteLength + content.byteLength);
  bytes.set(head, 0);
  bytes.set(content, head.byteLength);
  return bytes;
}
