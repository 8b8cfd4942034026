import { decodeJsonBody, MAX_BODY_BYTES, readBodyBytes } from '@precond/domain';
import type { NextApiHandler, NextApiRequest } from 'next';
import { sendProblem } from './problem';

/** The bytes each decoded body came from, for the route to compare with what it stored (`putAnswer`). */
const contents = new WeakMap<NextApiRequest, Uint8Array>();

/** The request body's bytes as received (a route behind {@link jsonRequest}). */
export function requestContent(req: NextApiRequest): Uint8Array {
  return contents.get(req) ?? new Uint8Array();
}

/**
 * Reads the request body as JSON onto `req.body` (its bytes: {@link requestContent}) before anything else runs, precond's validators
 * included: 413 (a declared or actual size over 64 KiB), 415 and 400 with the domain's wording, as in
 * every app. The route must turn Next's own body parser off (`config.api.bodyParser: false`), which
 * would answer malformed JSON itself, with other statuses and without a problem body.
 */
export function jsonRequest(handler: NextApiHandler): NextApiHandler {
  return async (req, res) => {
    const declared = Number(req.headers['content-length']);
    const bytes = declared > MAX_BODY_BYTES ? undefined : await readBodyBytes(req);
    const result = decodeJsonBody(
      {
        method: req.method ?? '',
        contentType: req.headers['content-type'],
        contentEncoding: req.headers['content-encoding'],
      },
      bytes,
    );
    if (!result.ok) {
      // The rest of an oversized body is never read: close the connection rather than drain it.
      const close: Record<string, string> = result.status === 413 ? { connection: 'close' } : {};
      sendProblem(req, res, result.status, result.detail, close);
      return;
    }
    req.body = result.value;
    contents.set(req, result.content);
    return handler(req, res);
  };
}
