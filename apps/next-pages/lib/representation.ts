import type { ServerResponse } from 'node:http';
import { validatorHeaders } from '@precond/core';
import type { Article, RecordVersion, Session, User } from '@precond/domain';

/** An article as the API represents it: `{ id, title, body, views }`. */
export const articleJson = ({ id, title, body, views }: Article) => ({ id, title, body, views });
/** A user as the API represents it: `{ name, displayName }`. */
export const userJson = ({ name, displayName }: User) => ({ name, displayName });
/** A session as the API represents it: `{ id, touchedAt }`, the time in ISO 8601. */
export const sessionJson = ({ id, touchedAt }: Session) => ({ id, touchedAt: touchedAt.toISOString() });

/** Sets a stored version's validators on the response; reads are revalidated (`no-cache`). */
export function setVersionFields(res: ServerResponse, version: RecordVersion): void {
  for (const [name, value] of Object.entries(validatorHeaders({ exists: true, ...version }))) {
    res.setHeader(name, value);
  }
  res.setHeader('cache-control', 'no-cache');
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
