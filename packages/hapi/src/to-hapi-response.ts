import { Readable } from 'node:stream';
import type { Request, ResponseObject } from '@hapi/hapi';
import type { PreconditionResponse } from '@precond/core/adapter';
import { preconditionResponseHeaders, varyWith } from '@precond/core/adapter';

/** An empty payload of no known size: hapi drains it, sends nothing and measures nothing. */
const emptyStream = async (): Promise<Readable> =>
  new Readable({
    read() {
      this.push(null);
    },
  });

/**
 * A hapi response for a 304, 412 or 428 decided by core. It keeps the fields of the response it
 * stands for (`produced`, when there is one) that core's rule keeps — on a 304 all but content
 * fields, on a 412 all but content, caching and validator fields — and carries core's own.
 */
export function toHapiResponse(
  request: Request,
  answer: PreconditionResponse,
  produced?: ResponseObject,
): ResponseObject {
  const { body } = answer;
  const fields = preconditionResponseHeaders(answer, produced?.headers ?? {});
  if (body === null) {
    // A 304: hapi's own 304 check skips it and there is no payload to marshal, so the fields go on now.
    // For HEAD hapi still marshals the payload and sets Content-Length to its size, `0`; a stream has
    // no size, so the 304 goes out without one, as RFC 9110 §8.6 wants (it could only be the 200's).
    const response = request.generateResponse(null, { marshal: emptyStream }).code(answer.status);
    Object.assign(response.headers, fields);
    return response;
  }
  // Fields set while the payload is marshalled, the last of hapi's response steps, win over hapi's
  // own: its default `cache-control: no-cache`, its content type from the source, and its 304 check
  // on GET routes, which would turn a 412 whose ETag the request's If-None-Match names into a 304.
  const marshal = async (response: ResponseObject) => {
    // hapi's own `Vary` (its CORS `origin`) is set by now: it joins the answer's rather than going.
    const own = response.headers.vary;
    Object.assign(response.headers, fields);
    if (typeof own === 'string' && fields.vary !== undefined)
      response.headers.vary = joinedVary(own, fields.vary);
    return body;
  };
  return request.generateResponse(body, { marshal }).code(answer.status);
}

/** `own` with each member of `added` that it does not name yet (`varyWith`, member by member). */
function joinedVary(own: string, added: string | number | readonly string[]): string {
  let joined = own;
  for (const member of String(added).split(',')) {
    const name = member.trim();
    if (name !== '') joined = varyWith(joined, name);
  }
  return joined;
}
