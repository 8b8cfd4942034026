import type { ServerResponse } from 'node:http';
import type { CreateOnceAnswer, RecordVersion } from '@precond/domain';
import { versionFields } from '@precond/domain';

/** Sets a stored version's validators on the response; reads are revalidated (`no-cache`). */
export function setVersionFields(res: ServerResponse, version: RecordVersion): void {
  for (const [name, value] of Object.entries(versionFields(version))) res.setHeader(name, value);
}

/**
 * Sends a stored record as JSON with its validators; a 201 names the new resource in `Location`.
 * Written with `res.end`, not `res.json`: Next's `res.send` replaces any `ETag` with its own hash of
 * the body (on routes `withPreconditionsApi` does not wrap, such as the POSTs), which would name no
 * stored version.
 */
export function sendRecord(
  res: ServerResponse,
  version: RecordVersion,
  data: unknown,
  created?: { readonly location: string },
): void {
  setVersionFields(res, version);
  res.statusCode = created ? 201 : 200;
  if (created) res.setHeader('location', created.location);
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(JSON.stringify(data));
}

/** Sends an answer the domain decided as it is: status, fields and body. */
export function sendAnswer(res: ServerResponse, answer: CreateOnceAnswer): void {
  res.statusCode = answer.status;
  for (const [name, value] of Object.entries(answer.headers)) res.setHeader(name, value);
  res.end(answer.body);
}
