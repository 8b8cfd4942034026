import { httpProblem, PROBLEM_CONTENT_TYPE } from '@precond/core';
import { problemForError } from '@precond/domain';
import type { ErrorRequestHandler, RequestHandler, Response } from 'express';

/**
 * Sends a text body under the Content-Type already set, as it is: Express's `send` adds
 * `; charset=utf-8` to the type of a string, and application/problem+json has no parameters
 * (RFC 9457 §6.1), so the text goes as its UTF-8 bytes.
 */
export function sendText(res: Response, text: string): void {
  res.send(Buffer.from(text, 'utf8'));
}

/** Answers with an RFC 9457 problem+json body. */
export function sendProblem(res: Response, status: number, detail: string): void {
  res.status(status).set({ 'Cache-Control': 'no-store', 'Content-Type': PROBLEM_CONTENT_TYPE });
  sendText(res, JSON.stringify(httpProblem(status, detail, res.req.originalUrl)));
}

/** A route's answer to a method it does not serve: 405 with `Allow` (`.all()` after its methods). */
export function methodNotAllowed(allow: readonly string[]): RequestHandler {
  return (req, res) => {
    res.set('Allow', allow.join(', '));
    sendProblem(res, 405, `${req.method} is not supported here`);
  };
}

/** After every route: a path no route serves. */
export const noRoute: RequestHandler = (_req, res) =>
  sendProblem(res, 404, 'There is no resource at this path');

/**
 * Every other error is problem+json, as the domain's `problemForError` says (a storage outage is 503,
 * anything unexpected a 500 that is logged). An error that carries a 4xx `status` keeps it, as
 * Express's own final handler would: body-parser's, and the router's 400 for a path parameter that
 * is no valid percent-encoding (`/api/articles/%ZZ`). Its message is shown when it is meant for the
 * client (`expose`) or is that decoding failure.
 */
export const problemResponses: ErrorRequestHandler = (error: unknown, _req, res, next) => {
  if (res.headersSent) return next(error);
  const { status, expose } = error as { status?: unknown; expose?: unknown };
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const shown = expose === true || error instanceof URIError;
    return sendProblem(res, status, shown ? (error as Error).message : 'The request could not be processed');
  }
  const problem = problemForError(error);
  res.set(problem.headers);
  sendProblem(res, problem.status, problem.detail);
};
