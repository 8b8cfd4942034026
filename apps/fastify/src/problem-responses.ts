import { httpProblem, isPreconditionFailed, PROBLEM_CONTENT_TYPE } from '@precond/core';
import { problemForError } from '@precond/domain';
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';

/** Answers with an RFC 9457 problem+json body; `instance` is the request target, as in precond's 412 and 428. */
export function sendProblem(reply: FastifyReply, status: number, detail: string): FastifyReply {
  const problem = httpProblem(status, detail, reply.request.url);
  // A Buffer, so that Fastify sends the Content-Type as it is (a string would gain a charset).
  return reply
    .code(status)
    .header('cache-control', 'no-store')
    .type(PROBLEM_CONTENT_TYPE)
    .send(Buffer.from(JSON.stringify(problem)));
}

/**
 * Every error is problem+json: Fastify's own 4xx errors and the 404 for an unknown path with their
 * status, the rest as the domain's `problemForError` says (a storage outage is 503, anything
 * unexpected a 500 that is logged). A `PreconditionFailedError` is @precond/fastify's: its onSend
 * hook answers it with core's 412, whatever is sent here.
 */
export function problemResponses(app: FastifyInstance): void {
  app.setNotFoundHandler((_request, reply) => sendProblem(reply, 404, 'There is no resource at this path'));
  app.setErrorHandler((error: FastifyError, _request, reply) => {
    if (isPreconditionFailed(error)) return reply.code(412).send();
    const status = error.statusCode;
    if (status !== undefined && status >= 400 && status < 500)
      return sendProblem(reply, status, error.message);
    const problem = problemForError(error);
    return sendProblem(reply, problem.status, problem.detail).headers(problem.headers);
  });
}
