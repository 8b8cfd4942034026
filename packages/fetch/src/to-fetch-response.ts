import type { PreconditionResponse } from '@precond/core/adapter';
import { keepsValidatorFields, preconditionResponseHeaders } from '@precond/core/adapter';

/** A copy of `response` with more header fields and, optionally, another body. */
export function withFields(
  response: Response,
  fields: Readonly<Record<string, string>>,
  body: BodyInit | null = response.body,
): Response {
  const headers = new Headers(response.headers);
  for (const [name, value] of Object.entries(fields)) headers.set(name, value);
  return new Response(body, { status: response.status, statusText: response.statusText, headers });
}

/**
 * `response` with `fields` set: in place on a response the handler built (copying it would turn its
 * body into a stream, which some servers write much more slowly than the string or bytes it holds),
 * on a copy when its headers are immutable (a response from `fetch()`).
 */
export function withFieldsSet(response: Response, fields: Readonly<Record<string, string>>): Response {
  try {
    for (const name in fields) response.headers.set(name, fields[name] as string);
    return response;
  } catch {
    // Immutable headers throw on the first `set`: nothing was changed.
    return withFields(response, fields);
  }
}

/**
 * `response` without the validator-first fields set before the handler (`ETag`, `Last-Modified`,
 * `cacheFields`) when its status keeps none of them (core's `keepsValidatorFields`: a 404, a redirect,
 * an error), for a framework that sets them as defaults before its handler runs (Hono's `c.header`).
 * A field the handler set to a value of its own stays. Changed in place, or copied when its headers
 * are immutable.
 */
export function withoutValidatorFields(
  response: Response,
  fields: Readonly<Record<string, string>>,
): Response {
  if (keepsValidatorFields(response.status)) return response;
  let headers: Headers | undefined;
  for (const name in fields) {
    if (response.headers.get(name) !== fields[name]) continue;
    try {
      (headers ?? response.headers).delete(name);
    } catch {
      // Immutable headers throw on the first change: the rest goes to a copy.
      headers = new Headers(response.headers);
      headers.delete(name);
    }
  }
  if (headers === undefined) return response;
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

/** `response` with those of `fields` it does not have already (the handler's own win), as {@link withFieldsSet}. */
export function withDefaultFields(response: Response, fields: Readonly<Record<string, string>>): Response {
  const missing: Record<string, string> = {};
  let count = 0;
  for (const name in fields) {
    if (response.headers.has(name)) continue;
    missing[name] = fields[name] as string;
    count++;
  }
  return count === 0 ? response : withFieldsSet(response, missing);
}

/**
 * The Fetch response for a 304, 412 or 428 decided by core. It keeps the fields of the response it
 * stands for (`produced`, when there is one) that core's rule keeps — on a 304 all but content
 * fields, on a 412 all but content, caching and validator fields — and carries core's own. The
 * produced body, now unused, is cancelled so that whatever feeds it can stop.
 */
export function toFetchResponse(answer: PreconditionResponse, produced?: Response): Response {
  // Core's own fields alone, as a record: a server that writes a plain record as it is (Hono's
  // @hono/node-server) then builds no Fetch `Headers` for them.
  if (produced === undefined)
    return new Response(answer.body, { status: answer.status, headers: { ...answer.headers } });
  const headers = preconditionResponseHeaders(answer, produced.headers);
  if (produced.body && !produced.bodyUsed) void produced.body.cancel().catch(() => undefined);
  return new Response(answer.body, { status: answer.status, headers });
}
