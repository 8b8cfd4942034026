/**
 * RFC 9457 problem details for the answers core decides: 412 and 428, and the 400, 409 and 422 of
 * an `Idempotency-Key` (draft-ietf-httpapi-idempotency-key-header §2.7).
 *
 * @module
 */

import { PRECONDITION_FIELDS } from './evaluate.js';

/** The media type of a problem details body (RFC 9457 §3). */
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** An RFC 9457 problem details object. Extension members are allowed beside the standard ones. */
export interface ProblemDetails {
  /** A URI reference identifying the problem type; `about:blank` means "see the status code". */
  type: string;
  /** A short summary; with `about:blank`, the status code's reason phrase. */
  title: string;
  /** The HTTP status code. */
  status: number;
  /** An explanation specific to this occurrence. */
  detail?: string;
  /** A URI reference identifying this occurrence, usually the request path. */
  instance?: string;
  [extension: string]: unknown;
}

/** Input for {@link preconditionFailedProblem}. */
export interface PreconditionFailedProblemInput {
  /** The resource's current entity-tag, carried as the `etag` extension member. */
  readonly etag?: string | undefined;
  /** Why the precondition failed, for `detail`. */
  readonly detail?: string | undefined;
  /** The request path, for `instance`. */
  readonly instance?: string | undefined;
}

/**
 * The body of a 412 Precondition Failed (RFC 9110 §15.5.13). It carries the current entity-tag as
 * the extension member `etag` (the same value as the response's `ETag` field), so a client that
 * only reads bodies can still re-read and retry.
 */
export function preconditionFailedProblem(input: PreconditionFailedProblemInput = {}): ProblemDetails {
  const problem: ProblemDetails = {
    type: 'about:blank',
    title: 'Precondition Failed',
    status: 412,
    detail:
      input.detail ?? 'A precondition in the request did not hold for the current state of the resource.',
  };
  if (input.instance !== undefined) problem.instance = input.instance;
  if (input.etag !== undefined) problem.etag = input.etag;
  return problem;
}

/** Input for {@link preconditionRequiredProblem}. */
export interface PreconditionRequiredProblemInput {
  /** Why a precondition is required, for `detail`. */
  readonly detail?: string | undefined;
  /** The request path, for `instance`. */
  readonly instance?: string | undefined;
}

/**
 * The body of a 428 Precondition Required (RFC 6585 §3). The extension member
 * `acceptedConditions` lists the request fields that satisfy the requirement.
 */
export function preconditionRequiredProblem(input: PreconditionRequiredProblemInput = {}): ProblemDetails {
  const problem: ProblemDetails = {
    type: 'about:blank',
    title: 'Precondition Required',
    status: 428,
    detail:
      input.detail ??
      'This request must be conditional: send If-Match with the ETag you last read (or If-None-Match: * to create).',
    acceptedConditions: [...PRECONDITION_FIELDS],
  };
  if (input.instance !== undefined) problem.instance = input.instance;
  return problem;
}

/**
 * Why a request's `Idempotency-Key` was refused (draft-ietf-httpapi-idempotency-key-header §2.7):
 * - `'missing'` (400) — the route requires a key and the request has none;
 * - `'malformed'` (400) — the field is not one sf-string of 1 to 255 printable ASCII characters;
 * - `'reused'` (422) — the key was first sent with another request (method, target or body);
 * - `'in-flight'` (409) — the first request with this key is still being processed.
 */
export type IdempotencyKeyRefusal = 'missing' | 'malformed' | 'reused' | 'in-flight';

const IDEMPOTENCY_KEY_PROBLEMS: Readonly<
  Record<IdempotencyKeyRefusal, { readonly status: 400 | 409 | 422; readonly detail: string }>
> = {
  missing: {
    status: 400,
    detail: 'This request must carry an Idempotency-Key: a quoted string, such as a random UUID.',
  },
  malformed: {
    status: 400,
    detail: 'The Idempotency-Key must be one quoted string of 1 to 255 printable ASCII characters.',
  },
  reused: {
    status: 422,
    detail: 'This Idempotency-Key was first sent with another request; send a new key for a new request.',
  },
  'in-flight': {
    status: 409,
    detail: 'The first request with this Idempotency-Key is still being processed; retry later.',
  },
};

/** Input for {@link idempotencyKeyProblem}. */
export interface IdempotencyKeyProblemInput {
  /** Replaces the default explanation, for `detail`. */
  readonly detail?: string | undefined;
  /** The request path, for `instance`. */
  readonly instance?: string | undefined;
}

/**
 * The body of a 400, 409 or 422 refusing a request's `Idempotency-Key`
 * (draft-ietf-httpapi-idempotency-key-header §2.7), by {@link IdempotencyKeyRefusal}.
 */
export function idempotencyKeyProblem(
  refusal: IdempotencyKeyRefusal,
  input: IdempotencyKeyProblemInput = {},
): ProblemDetails & { status: 400 | 409 | 422 } {
  const { status, detail } = IDEMPOTENCY_KEY_PROBLEMS[refusal];
  return { ...httpProblem(status, input.detail ?? detail, input.instance), status };
}

/** The reason phrases of RFC 9110 §15 (and RFC 6585 for 428, 429, 431, 511), for 4xx and 5xx. */
const STATUS_TITLES: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  402: 'Payment Required',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  407: 'Proxy Authentication Required',
  408: 'Request Timeout',
  409: 'Conflict',
  410: 'Gone',
  411: 'Length Required',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  416: 'Range Not Satisfiable',
  417: 'Expectation Failed',
  421: 'Misdirected Request',
  422: 'Unprocessable Content',
  426: 'Upgrade Required',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
  505: 'HTTP Version Not Supported',
  511: 'Network Authentication Required',
};

/**
 * A plain RFC 9457 problem for any status (`type: about:blank`, the status phrase as `title`), so
 * that every error an app sends has the same shape as precond's 412 and 428.
 */
export function httpProblem(status: number, detail?: string, instance?: string): ProblemDetails {
  const problem: ProblemDetails = { type: 'about:blank', title: STATUS_TITLES[status] ?? 'Error', status };
  if (detail !== undefined) problem.detail = detail;
  if (instance !== undefined) problem.instance = instance;
  return problem;
}
