/**
 * The whole answer to a GET of a representation served in single byte ranges: status, fields, which
 * bytes to send, and the problem body of a 416. Apps copy it onto their framework's response.
 *
 * @module
 */

import { decideByteRange, formatContentRange } from './byte-range.js';
import { handlesRange, normaliseMethod } from './method.js';
import type { ProblemDetails } from './problem.js';
import { httpProblem, PROBLEM_CONTENT_TYPE } from './problem.js';

/** What {@link byteRangeResponse} needs to know about the request and the representation. */
export interface ByteRangeRequest {
  /**
   * The request method. Range handling is defined for GET only (RFC 9110 §14.2): for any other,
   * HEAD included, the Range field is ignored and the answer is the whole representation's, as the
   * RFC requires. Leave it out only where nothing but GET reaches the call.
   */
  readonly method?: string | undefined;
  /** The request's `Range` field value, `undefined` when absent. */
  readonly range: string | undefined;
  /**
   * `true` when If-Range did not match (core's `ignoreRange`): the Range field is then ignored and
   * the whole representation sent (RFC 9110 §13.1.5).
   */
  readonly ignoreRange?: boolean | undefined;
  /** The size of the selected representation in bytes. */
  readonly size: number;
  /** The request target, for the 416 problem's `instance`. */
  readonly instance?: string | undefined;
}

/** A 200 with every byte, or a 206 with one part: send `body.subarray(...slice)` with `headers`. */
export interface ByteRangeContent {
  readonly status: 200 | 206;
  /**
   * `accept-ranges`, `content-length` and, on a 206, `content-range`; names in lower case. The
   * representation's own fields (`content-type`, validators) are the caller's.
   */
  readonly headers: Readonly<Record<string, string>>;
  /** The bytes to send, as `subarray` and `slice` take them: first offset, then the end (exclusive). */
  readonly slice: readonly [start: number, end: number];
}

/** A 416 Range Not Satisfiable: send `body`, the problem details, with `headers`. */
export interface ByteRangeNotSatisfiable {
  readonly status: 416;
  /** `accept-ranges`, `content-range: bytes *\/size` and `content-type`; names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  /** The serialized problem details. */
  readonly body: string;
  /** The problem details object behind `body` (RFC 9457). */
  readonly problem: ProblemDetails;
}

/** What {@link byteRangeResponse} answers. */
export type ByteRangeResponse = ByteRangeContent | ByteRangeNotSatisfiable;

/**
 * The response to a GET of a representation of `size` bytes that is served in single byte ranges
 * (RFC 9110 §14), once the preconditions have let the request through:
 *
 * - 200 with every byte when there is no usable Range, or If-Range said to ignore it (RFC 9110
 *   §13.1.5), or the method is not GET (§14.2: HEAD ignores Range too), or several ranges were asked
 *   for (§14.2 lets a server send the whole instead);
 * - 206 Partial Content (§15.3.7) with one part and its `Content-Range` (§14.4);
 * - 416 Range Not Satisfiable (§15.5.17) with `Content-Range: bytes *\/size` and an RFC 9457
 *   problem body, when no listed range overlaps the representation.
 *
 * Every answer carries `Accept-Ranges: bytes` (§14.3), the 416 included, so a client learns how to
 * ask again. Never throws.
 *
 * @example
 * ```ts
 * const answer = byteRangeResponse({ method: request.method, range: headers.get('range') ?? undefined, ignoreRange, size: bytes.byteLength });
 * if (answer.status === 416) return new Response(answer.body, answer);
 * return new Response(bytes.subarray(...answer.slice), { status: answer.status, headers: { ...answer.headers, etag } });
 * ```
 */
export function byteRangeResponse(request: ByteRangeRequest): ByteRangeResponse {
  const { size } = request;
  const { method } = request;
  const ignored = request.ignoreRange || (method !== undefined && !handlesRange(normaliseMethod(method)));
  const decision = decideByteRange(ignored ? undefined : request.range, size);
  if (decision.kind === 'unsatisfiable') {
    const problem = httpProblem(416, `The range is outside the ${size} bytes of this body`, request.instance);
    return {
      status: 416,
      headers: {
        'accept-ranges': 'bytes',
        'content-range': formatContentRange(size),
        'content-type': PROBLEM_CONTENT_TYPE,
      },
      body: JSON.stringify(problem),
      problem,
    };
  }
  if (decision.kind === 'full') {
    return {
      status: 200,
      headers: { 'accept-ranges': 'bytes', 'content-length': String(size) },
      slice: [0, size],
    };
  }
  return {
    status: 206,
    headers: {
      'accept-ranges': 'bytes',
      'content-length': String(decision.end - decision.start + 1),
      'content-range': formatContentRange(size, decision),
    },
    slice: [decision.start, decision.end + 1],
  };
}
