import type { CreateOnceAnswer, RecordVersion } from '@precond/domain';
import { representedResourceFields, versionFields } from '@precond/domain';
import { json } from '@precond/next';

/**
 * A stored record as JSON with its validators. The answer to a write names the resource it
 * represents (`written`): `Content-Location`, and for a 201 `Location` (RFC 9110 §8.7).
 */
export function recordResponse(
  version: RecordVersion,
  data: unknown,
  written?: { readonly path: string; readonly status: 200 | 201 },
): Response {
  const headers = versionFields(version);
  if (written) Object.assign(headers, representedResourceFields(written.path, written.status));
  return json(data, { status: written?.status ?? 200, headers });
}

/** An answer the domain decided, as it is: status, fields and body. */
export function answerResponse(answer: CreateOnceAnswer): Response {
  return new Response(answer.body, { status: answer.status, headers: answer.headers });
}
