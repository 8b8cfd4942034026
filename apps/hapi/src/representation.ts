import type { ResponseObject, ResponseToolkit, ResponseValue } from '@hapi/hapi';
import type { CreateOnceAnswer, RecordVersion } from '@precond/domain';
import { representedResourceFields, versionFields } from '@precond/domain';

/**
 * A stored record (as JSON, or its bytes) with its validators; reads are revalidated (`no-cache`).
 * The ETag is set as a plain field, not with `response.etag()`, whose tag hapi suffixes with `-gzip`
 * when it compresses: a tag no compare-and-set would then match.
 */
export function recordResponse(
  h: ResponseToolkit,
  version: RecordVersion,
  body: ResponseValue,
  status = 200,
): ResponseObject {
  const response = h.response(body).code(status);
  for (const [name, value] of Object.entries(versionFields(version))) response.header(name, value);
  return response;
}

/**
 * Sends the representation a write produced, of the resource at `path`, with its validators, named
 * by `Content-Location` (and, for a 201, `Location`): the body is then the resource's
 * representation, which a client may keep with the validators (RFC 9110 §8.7).
 */
export function writtenResponse(
  h: ResponseToolkit,
  version: RecordVersion,
  body: ResponseValue,
  path: string,
  status = 200,
): ResponseObject {
  const response = recordResponse(h, version, body, status);
  for (const [name, value] of Object.entries(representedResourceFields(path, status)))
    response.header(name, value);
  return response;
}

/** An answer the domain decided, as it is: status, fields and body. */
export function answerResponse(h: ResponseToolkit, answer: CreateOnceAnswer): ResponseObject {
  const response = h.response(answer.body).code(answer.status);
  for (const [name, value] of Object.entries(answer.headers)) response.header(name, value);
  return response;
}
