import type { Request, ResponseObject, ResponseToolkit, Server } from '@hapi/hapi';
import { httpProblem, PROBLEM_CONTENT_TYPE } from '@precond/core';
import { problemForError, ResourceNotFoundError, StorageUnavailableError } from '@precond/domain';

/** An RFC 9457 problem+json response; `instance` is the request target, as in precond's 412 and 428. */
export function problemResponse(
  request: Request,
  h: ResponseToolkit,
  status: number,
  detail: string,
): ResponseObject {
  const problem = httpProblem(status, detail, request.raw.req.url ?? request.path);
  return h
    .response(JSON.stringify(problem))
    .code(status)
    .type(PROBLEM_CONTENT_TYPE)
    .header('cache-control', 'no-store');
}

/** What hapi's Boom errors carry: the status they answer with and the fields they set (`Allow`…). */
interface BoomError extends Error {
  readonly isBoom: true;
  readonly output: { readonly statusCode: number; readonly headers: Readonly<Record<string, unknown>> };
}

const isBoom = (value: unknown): value is BoomError =>
  value instanceof Error && (value as Partial<BoomError>).isBoom === true;

/**
 * Every error is problem+json: hapi's own errors (404 for an unknown route, 400 for a malformed path
 * or Content-Type, 413…) with their status, the rest as the domain's `problemForError` says (a
 * storage outage is 503, never a silent 200; anything unexpected a 500 that is logged). Only Boom errors are translated, after precond's `onPreResponse`
 * (hapi would otherwise run the two in registration order): by then precond has made a thrown
 * `PreconditionFailedError` its 412, and its 304, 412 and 428 are responses, not errors.
 */
export function problemResponses(server: Server): void {
  server.ext(
    'onPreResponse',
    (request, h) => {
      const error = request.response;
      if (!isBoom(error)) return h.continue;
      const status = error.output.statusCode;
      // hapi wraps whatever a handler throws as a 500: the domain's errors and anything unexpected.
      if (
        status === 500 ||
        error instanceof StorageUnavailableError ||
        error instanceof ResourceNotFoundError
      ) {
        const problem = problemForError(error);
        const response = problemResponse(request, h, problem.status, problem.detail);
        for (const [name, value] of Object.entries(problem.headers)) response.header(name, value);
        return response;
      }
      const detail = status === 404 ? 'There is no resource at this path' : error.message;
      const response = problemResponse(request, h, status, detail);
      for (const [name, value] of Object.entries(error.output.headers)) {
        if (typeof value === 'string' || typeof value === 'number') {
          response.header(name, String(value), { override: false });
        }
      }
      return response;
    },
    { after: ['@precond/hapi'] },
  );
}
