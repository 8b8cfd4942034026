import type { CreateOnceAnswer, RecordVersion } from '@precond/domain';
import { representedResourceFields, versionFields } from '@precond/domain';
import type { Context } from 'hono';

/** A stored record (its JSON, or its bytes) with its validators; reads are revalidated (`no-cache`). */
export function sendRecord(c: Context, version: RecordVersion, body: unknown, status = 200): Response {
  for (const [name, value] of Object.entries(versionFields(version))) c.header(name, value);
  c.status(status as 200);
  return body instanceof Uint8Array ? c.body(new Uint8Array(body)) : c.json(body);
}

/**
 * Sends the representation a write produced, of the resource at `path`, with its validators, named
 * by `Content-Location` (and, for a 201, `Location`): the body is then the resource's
 * representation, which a client may keep with the validators (RFC 9110 §8.7).
 */
export function sendWritten(
  c: Context,
  version: RecordVersion,
  body: unknown,
  path: string,
  status = 200,
): Response {
  for (const [name, value] of Object.entries(representedResourceFields(path, status))) c.header(name, value);
  return sendRecord(c, version, body, status);
}

/** An answer the domain decided, as it is: status, fields and body. */
export function sendAnswer(c: Context, answer: CreateOnceAnswer): Response {
  return c.body(answer.body, answer.status as 201, answer.headers);
}
