import { validatorHeaders } from '@precond/core';
import type { Article, RecordVersion, Session, User } from '@precond/domain';
import { json } from '@precond/next';

/** An article as the API represents it: `{ id, title, body, views }`. */
export const articleJson = ({ id, title, body, views }: Article) => ({ id, title, body, views });
/** A user as the API represents it: `{ name, displayName }`. */
export const userJson = ({ name, displayName }: User) => ({ name, displayName });
/** A session as the API represents it: `{ id, touchedAt }`, the time in ISO 8601. */
export const sessionJson = ({ id, touchedAt }: Session) => ({ id, touchedAt: touchedAt.toISOString() });

/** A stored version's validators as response fields; reads are revalidated (`no-cache`). */
export function versionFields(version: RecordVersion): Record<string, string> {
  return { ...validatorHeaders({ exists: true, ...version }), 'cache-control': 'no-cache' };
}

/** A stored record as JSON with its validators; a 201 names the new resource in `Location`. */
export function recordResponse(
  version: RecordVersion,
  data: unknown,
  created?: { readonly location: string },
): Response {
  const headers = versionFields(version);
  if (created) headers.location = created.location;
  return json(data, { status: created ? 201 : 200, headers });
}
