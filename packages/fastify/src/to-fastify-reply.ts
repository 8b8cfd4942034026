import type { PreconditionResponse } from '@precond/core/adapter';
import { isDroppedFromPreconditionResponse } from '@precond/core/adapter';
import type { FastifyReply } from 'fastify';

/**
 * Puts a 304, 412 or 428 decided by core on Fastify's reply, and returns the payload to send. Of the
 * fields already set (by the handler after the fact, by earlier hooks before it), it keeps those
 * core's rule keeps, then sets core's; the body is core's. A 304's payload is empty rather than
 * `null` for HEAD, whose route Fastify ends with a hook that measures the payload.
 */
export function toFastifyReply(reply: FastifyReply, response: PreconditionResponse): string | null {
  reply.code(response.status);
  for (const name of Object.keys(reply.getHeaders())) {
    if (isDroppedFromPreconditionResponse(response.status, name)) reply.removeHeader(name);
  }
  reply.headers(response.headers);
  return response.body ?? (reply.request.method === 'HEAD' ? '' : null);
}
