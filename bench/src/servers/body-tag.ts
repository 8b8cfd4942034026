/**
 * What a team writes to tag a response after the fact without a library, for the `hand-after`
 * variants: the body as the frameworks here serialise it, and a strong ETag of its SHA-1 in the
 * format precond generates (packages/core/src/etag/node.ts), so that both hash the same bytes.
 *
 * @module
 */

import { hash } from 'node:crypto';

/** JSON text as every framework here sends it: text already rendered as it is, anything else through `JSON.stringify`. */
export function jsonText(rendered: unknown): string {
  return typeof rendered === 'string' ? rendered : JSON.stringify(rendered);
}

/** `"<SHA-1 in base64url>"`, by node:crypto's one-shot `hash()` (Node.js 20.12 and later). */
export function sha1EntityTag(body: string): string {
  return `"${hash('sha1', body, 'base64url')}"`;
}
