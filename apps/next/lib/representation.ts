import type { RecordVersion } from '@precond/domain';
import { versionFields } from '@precond/domain';
import { json } from '@precond/next';

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
