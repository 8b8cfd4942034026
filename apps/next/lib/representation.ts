import type { CreateOnceAnswer, RecordVersion } from '@precond/domain';
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

/** An answer the domain decided, as it is: status, fields and body. */
export function answerResponse(answer: CreateOnceAnswer): Response {
  return new Response(answer.body, { status: answer.status, headers: answer.headers });
}
