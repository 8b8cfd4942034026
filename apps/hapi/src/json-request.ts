import type { Lifecycle, Request, ResponseToolkit, RouteOptions } from '@hapi/hapi';
import type { JsonBodyResult, JsonRequestHead } from '@precond/domain';
import { decodeJsonBody, MAX_BODY_BYTES, readBodyBytes } from '@precond/domain';
import { problemResponse } from './problem-responses.js';
// The type of `request.app.body` (module augmentation): also for programs that reach this file from start.ts.
import type {} from './state.js';

/** What decides how the request's body is read: its method as sent and its content fields. */
function headOf(request: Request): JsonRequestHead {
  const { method, headers } = request.raw.req;
  return {
    method: method ?? '',
    contentType: headers['content-type'],
    contentEncoding: headers['content-encoding'],
  };
}

function answer(request: Request, h: ResponseToolkit, result: JsonBodyResult): Lifecycle.ReturnValue {
  if (result.ok) {
    request.app.body = result.value;
    request.app.content = result.content;
    return h.continue;
  }
  return problemResponse(request, h, result.status, result.detail).takeover();
}

/**
 * Route options that read the request body as JSON onto `request.app.body` (its bytes onto `request.app.content`): 413, 415 and 400 with
 * the domain's wording, as in every app, before precond loads the route's validators (`onPreHandler`).
 * hapi hands the body over unread and the domain reads it, as in the other apps: hapi's own limit
 * destroys the connection when a body sent without `Content-Length` crosses it, so the client gets
 * no answer at all. A declared `Content-Length` over the limit is answered before any byte is read.
 */
export const jsonRequest = {
  payload: { parse: false, output: 'stream' },
  ext: {
    // Before hapi's payload step: hapi drains a payload it has refused before it answers, so a
    // client that declares 10 MB and sends two bytes would hold the request open until the socket
    // times out. Answered now, the connection is closed instead.
    onPreAuth: {
      method: (request, h) => {
        const declared = Number(request.raw.req.headers['content-length']);
        if (!(declared > MAX_BODY_BYTES)) return h.continue;
        return answer(request, h, decodeJsonBody(headOf(request), undefined));
      },
    },
    onPostAuth: {
      method: async (request, h) => {
        const bytes = await readBodyBytes(request.raw.req);
        return answer(request, h, decodeJsonBody(headOf(request), bytes));
      },
    },
  },
} satisfies RouteOptions;
