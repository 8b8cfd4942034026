import type { CreateOnceAnswer, RecordVersion } from '@precond/domain';
import { versionFields } from '@precond/domain';
import type { Response } from 'express';
import { sendText } from './problem-responses.js';

/** Sends a stored record (its JSON, or its bytes) with its validators; reads are revalidated (`no-cache`). */
export function sendRecord(res: Response, version: RecordVersion, body: unknown, status = 200): void {
  res.status(status).set(versionFields(version));
  if (body instanceof Uint8Array) res.send(body);
  else res.json(body);
}

/** Sends an answer the domain decided as it is: status, fields and body. */
export function sendAnswer(res: Response, answer: CreateOnceAnswer): void {
  sendText(res.status(answer.status).set(answer.headers), answer.body);
}
