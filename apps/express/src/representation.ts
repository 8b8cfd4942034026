import type { CreateOnceAnswer, RecordVersion } from '@precond/domain';
import { representedResourceFields, versionFields } from '@precond/domain';
import type { Response } from 'express';
import { sendText } from './problem-responses.js';

/** Sends a stored record (its JSON, or its bytes) with its validators; reads are revalidated (`no-cache`). */
export function sendRecord(res: Response, version: RecordVersion, body: unknown, status = 200): void {
  res.status(status).set(versionFields(version));
  if (body instanceof Uint8Array) res.send(body);
  else res.json(body);
}

/**
 * Sends the representation a write produced, of the resource at `path`, with its validators, named
 * by `Content-Location` (and, for a 201, `Location`): the body is then the resource's
 * representation, which a client may keep with the validators (RFC 9110 §8.7).
 */
export function sendWritten(
  res: Response,
  version: RecordVersion,
  body: unknown,
  path: string,
  status = 200,
): void {
  res.set(representedResourceFields(path, status));
  sendRecord(res, version, body, status);
}

/** Sends an answer the domain decided as it is: status, fields and body. */
export function sendAnswer(res: Response, answer: CreateOnceAnswer): void {
  sendText(res.status(answer.status).set(answer.headers), answer.body);
}
