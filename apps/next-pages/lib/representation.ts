import type { ServerResponse } from 'node:http';
import type { CreateOnceAnswer, RecordVersion } from '@precond/domain';
import { representedResourceFields, versionFields } from '@precond/domain';

/** Sets a stored version's validators on the response; reads are revalidated (`no-cache`). */
export function setVersionFields(res: ServerResponse, version: RecordVersion): void {
  for (const [name, value] of Object.entries(versionFields(version))) res.setHeader(name, value);
}

/**
 * Sends a stored record as JSON with its validators. The answer to a write names the resource it
 * represents (`written`): `Content-Location`, and for a 201 `Location` (RFC 9110 §8.7).
 * Written with `res.end`, not `res.json`: Next's `res.send` replaces any `ETag` with its own hash of
 * the body (on routes `withPreconditionsApi` does not wrap, such as the POSTs), which would name no
 * stored version.
 */
export function sendRecord(
  res: ServerResponse,
  version: RecordVersion,
  data: unknown,
  written?: { readonly path: string; readonly status: 200 | 201 },
): void {
  setVersionFields(res, version);
  res.statusCode = written?.status ?? 200;
  if (written) {
    for (const [name, value] of Object.entries(representedResourceFields(written.path, written.status))) {
      res.setHeader(name, value);
    }
  }
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(JSON.stringify(data));
}

/** Sends an answer the domain decided as it is: status, fields and body. */
export function sendAnswer(res: ServerResponse, answer: CreateOnceAnswer): void {
  res.statusCode = answer.status;
  for (const [name, value] of Object.entries(answer.headers)) res.setHeader(name, value);
  res.end(answer.body);
}
