import { decodeJsonBody, MAX_BODY_BYTES, readBodyBytes } from '@precond/domain';
import type { RequestHandler } from 'express';
import { sendProblem } from './problem-responses.js';
import './state.js';

/**
 * Reads the request body as JSON onto `res.locals.body` (its bytes onto `res.locals.content`): 413,
 * 415 and 400 before anything else runs.
 */
export function jsonRequest(): RequestHandler {
  return async (req, res, next) => {
    const declared = Number(req.get('Content-Length') ?? 0);
    const bytes = declared > MAX_BODY_BYTES ? undefined : await readBodyBytes(req);
    const result = decodeJsonBody(
      {
        method: req.method,
        contentType: req.get('Content-Type'),
        contentEncoding: req.get('Content-Encoding'),
      },
      bytes,
    );
    if (!result.ok) {
      if (result.status === 413) res.set('Connection', 'close');
      sendProblem(res, result.status, result.detail);
      return;
    }
    res.locals.body = result.value;
    res.locals.content = result.content;
    next();
  };
}
