import type { JsonBodyResult, JsonRequestHead } from '@precond/domain';
import { decodeJsonBody, MAX_BODY_BYTES, readBodyBytes } from '@precond/domain';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendProblem } from './problem-responses.js';

/** What decides how the request's body is read: its method and content fields. */
function headOf(request: FastifyRequest): JsonRequestHead {
  const { headers } = request;
  return {
    method: request.method,
    contentType: headers['content-type'],
    contentEncoding: headers['content-encoding'],
  };
}

/**
 * Fastify's body parsing, replaced by the domain's: every body, whatever its Content-Type, is read
 * up to the limit (one declared larger is not read at all) and decoded as JSON. What it decodes to
 * — the value, or the 400/413/415 to answer — is the route's to answer, in {@link jsonRequest}.
 */
export function parseBodiesAsJson(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', async (request: FastifyRequest, payload: FastifyRequest['raw']) => {
    const declared = Number(request.headers['content-length']);
    const bytes = declared > MAX_BODY_BYTES ? undefined : await readBodyBytes(payload);
    return decodeJsonBody(headOf(request), bytes);
  });
}

// The bytes each decoded body came from, for the route to compare with what it stored (`putAnswer`).
const contents = new WeakMap<FastifyRequest, Uint8Array>();

/** The request body's bytes as received (a route behind {@link jsonRequest}). */
export function requestContent(request: FastifyRequest): Uint8Array {
  return contents.get(request) ?? new Uint8Array();
}

/**
 * A route's `preValidation`: 413, 415 and 400 before anything else runs (precond's `preHandler`
 * included), else `request.body` becomes the decoded JSON (its bytes {@link requestContent}).
 */
export async function jsonRequest(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const result =
    (request.body as JsonBodyResult | undefined) ?? decodeJsonBody(headOf(request), new Uint8Array());
  if (!result.ok) {
    if (result.status === 413) reply.header('connection', 'close');
    return void (await sendProblem(reply, result.status, result.detail));
  }
  request.body = result.value;
  contents.set(request, result.content);
}
