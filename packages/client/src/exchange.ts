/**
 * One request and its whole answer, and what a status code means for the caller: the translations
 * between Fetch's `Response` and the client's results.
 *
 * @module
 */

import { retryAfterMs } from './backoff.js';
import type { Gone, ProblemDetails, Rejected, TransportError } from './results.js';

/** A function with `fetch`'s shape, as far as the client calls it. */
export type FetchFunction = (url: string, init: RequestInit) => Promise<Response>;

/** A response and its body, read whole (a 304's is empty), and the fields the request carried. */
export interface Answer {
  readonly kind: 'answer';
  readonly response: Response;
  readonly text: string;
  readonly requestHeaders: Headers;
}

/** What the client needs to send one request. */
export interface Exchange {
  readonly fetch: FetchFunction;
  readonly method: string;
  readonly url: string;
  readonly headers: Headers;
  readonly body?: string | undefined;
  readonly signal?: AbortSignal | undefined;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Sends the request and reads the answer's body. A network failure (on the request or while the
 * body streams in) is a {@link TransportError}; an abort rejects, as `fetch` does.
 */
export async function exchange(request: Exchange): Promise<Answer | TransportError> {
  const { method, url, signal } = request;
  try {
    const init: RequestInit = { method, headers: request.headers };
    if (request.body !== undefined) init.body = request.body;
    if (signal !== undefined) init.signal = signal;
    const response = await request.fetch(url, init);
    const requestHeaders = request.headers;
    if (response.status === 304) {
      await response.body?.cancel();
      return { kind: 'answer', response, text: '', requestHeaders };
    }
    return { kind: 'answer', response, text: await response.text(), requestHeaders };
  } catch (error) {
    if (signal?.aborted) throw error;
    return {
      kind: 'transport',
      status: undefined,
      problem: undefined,
      cause: error,
      message: `${method} ${url} failed: ${errorMessage(error)}`,
    };
  }
}

/** `application/json` or any `+json` type (RFC 6839 §3.1), parameters ignored. */
export function isJsonMediaType(contentType: string | null | undefined): boolean {
  const type = contentType?.split(';', 1)[0]?.trim().toLowerCase() ?? '';
  return type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json'));
}

/**
 * A body as the caller gets it: parsed JSON for a JSON media type, the text otherwise, `undefined`
 * when empty. `ok: false` when a JSON body does not parse.
 */
export function parseBody(
  text: string,
  contentType: string | null | undefined,
): { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: unknown } {
  if (text === '') return { ok: true, value: undefined };
  if (!isJsonMediaType(contentType)) return { ok: true, value: text };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, error };
  }
}

/** The answer's problem details, when its body is a JSON object. */
export function problemOf(answer: Answer): ProblemDetails | undefined {
  const parsed = parseBody(answer.text, answer.response.headers.get('content-type'));
  const value = parsed.ok ? parsed.value : undefined;
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as ProblemDetails)
    : undefined;
}

/** `PATCH https://…/articles/1 → 412: The article has changed` — what every failure's `message` says. */
export function describeAnswer(
  method: string,
  url: string,
  answer: Answer,
  problem: ProblemDetails | undefined,
): string {
  const reason = problem?.detail ?? problem?.title ?? answer.response.statusText;
  return `${method} ${url} → ${answer.response.status}${reason ? `: ${reason}` : ''}`;
}

/** A body that claims to be JSON and is not: no usable answer. */
export function malformedBody(method: string, url: string, answer: Answer, error: unknown): TransportError {
  return {
    kind: 'transport',
    status: answer.response.status,
    problem: undefined,
    cause: error,
    message: `${method} ${url} → ${answer.response.status} with a body that is not valid JSON: ${errorMessage(error)}`,
  };
}

/**
 * The meaning of a status no operation gives its own: 404/410 → gone, 5xx → transport, anything
 * else (400, 413, 415, 422, an unexpected 3xx…) → rejected.
 */
export function failureOf(method: string, url: string, answer: Answer): Gone | Rejected | TransportError {
  const { status } = answer.response;
  const problem = problemOf(answer);
  const message = describeAnswer(method, url, answer, problem);
  if (status === 404 || status === 410) return { kind: 'gone', status, problem, message };
  const retryAfter = retryAfterMs(answer.response.headers.get('retry-after'));
  if (status >= 500) {
    return { kind: 'transport', status, problem, cause: undefined, retryAfterMs: retryAfter, message };
  }
  return retryAfter === undefined
    ? { kind: 'rejected', status, problem, message }
    : { kind: 'rejected', status, problem, retryAfterMs: retryAfter, message };
}

/**
 * Whether a failure may be worth sending again: no answer (a network error) or a 5xx. A read's 2xx
 * whose body is malformed is not — the same request gets the same body.
 */
export function isRetryable(result: {
  readonly kind: string;
  readonly status?: number | undefined;
}): boolean {
  return result.kind === 'transport' && (result.status === undefined || result.status >= 500);
}
