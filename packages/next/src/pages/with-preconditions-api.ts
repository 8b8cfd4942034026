import type { PreconditionOptions, PreconditionResult, Validators } from '@precond/core';
import type { AdapterRequest } from '@precond/core/adapter';
import {
  decideBeforeLoading,
  decideFromError,
  decideIdempotencyKey,
  decideWithValidators,
  NOT_EVALUATED,
  reportDeferredWrite,
  withdrawValidatorFields,
  withIdempotencyKey,
  writeToNodeResponse,
} from '@precond/core/adapter';
import type { NextApiRequest, NextApiResponse } from 'next';
import { responseCoding } from '../content-coding.js';
import { answerAfterTheFact } from './after-the-fact.js';
import { checkBeforeHead } from './before-head.js';
import { toCodedAnswer, toCodedBody } from './coded-response.js';

/** Loads the resource's current validators cheaply, before the handler runs (`req.query` has the route's params). */
export type ApiValidatorsLoader = (
  req: NextApiRequest,
) => Validators | undefined | null | Promise<Validators | undefined | null>;

/** Options for {@link withPreconditionsApi}: core's shared options plus the validator-first way in. */
export interface ApiRoutePreconditionOptions extends PreconditionOptions {
  /**
   * Validator-first: how to load the resource's validators. Return `undefined` (or `null`) when the
   * resource does not exist and this route cannot create it; the handler then runs and answers 404
   * (RFC 9110 §13.2.1: the 404 takes precedence over preconditions). Without it, GET/HEAD responses
   * are handled after the fact.
   */
  readonly loadValidators?: ApiValidatorsLoader | undefined;
  /**
   * Whether Next.js compresses responses (its `compress` setting, on by default): then precond
   * compresses a GET's buffered compressible 200 of 1 KiB or more itself and tags it
   * `"<etag>-gzip"`, and every GET/HEAD 200 and 304 carries `Vary: Accept-Encoding` and the tag of
   * the coding negotiated. As `compress` in `withPreconditions`.
   * @defaultValue true
   */
  readonly compress?: boolean | undefined;
}

/** An API route handler as `withPreconditionsApi` takes it: Next's two arguments, then the precondition result. */
export type PreconditionedApiHandler<Data = unknown> = (
  req: NextApiRequest,
  res: NextApiResponse<Data>,
  precond: PreconditionResult,
) => unknown;

/** An API route handler as Next.js calls it: the default export of `pages/api/*`. */
export type ApiRouteHandler<Data = unknown> = (
  req: NextApiRequest,
  res: NextApiResponse<Data>,
) => Promise<void>;

function isPrematureClose(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'ERR_STREAM_PREMATURE_CLOSE';
}

/** `rawHeaders` too: `req.headers` keeps only the first of two If-Modified-Since lines. */
function toAdapterRequest(req: NextApiRequest, contentCoding: string | undefined): AdapterRequest {
  return {
    method: req.method ?? 'GET',
    headers: req.headers,
    rawHeaders: req.rawHeaders,
    path: req.url ?? '/',
    // Core compares If-None-Match with the tag of the coding this response goes out in.
    contentCoding,
  };
}

/**
 * Wraps a Pages Router API route (`pages/api/*`, Node.js runtime) with HTTP conditional requests
 * (RFC 9110 §13). Same behaviour as `withPreconditions` for the App Router:
 *
 * - With `loadValidators` (validator-first): 304, 412 and 428 are answered without calling the handler;
 *   on proceed the handler gets the result as a third argument, and a GET/HEAD response has `ETag`
 *   and `Last-Modified` set before the handler runs (it may override them); they are withdrawn
 *   from a response that is not a 2xx or 304 (a 404, a redirect, Next's 500).
 * - Without (after the fact): a 200 to GET/HEAD without an `ETag`, written with `res.send`,
 *   `res.json` or `res.end(body)`, gets a strong one hashed from exactly the bytes written, then
 *   304 (or 412) when the request's conditions say so. A streamed body is not tagged, but is
 *   evaluated all the same, when its head is written, against the `ETag` and `Last-Modified` the
 *   handler set.
 * - Either way, a `PreconditionFailedError` thrown by the handler becomes the same 412.
 *
 * Buffered bodies are written by precond rather than by Next's `res.send`, which would replace the
 * `ETag` with its own and answer 304 on its own terms.
 *
 * @example
 * ```ts
 * export default withPreconditionsApi(async (req, res, { writeCondition }) => {
 *   res.json(await db.update(String(req.query.id), req.body, writeCondition));
 * }, { requirePreconditions: true, loadValidators: (req) => db.validators(String(req.query.id)) });
 * ```
 */
export function withPreconditionsApi<Data = unknown>(
  handler: PreconditionedApiHandler<Data>,
  options: ApiRoutePreconditionOptions = {},
): ApiRouteHandler<Data> {
  const { loadValidators } = options;
  return async (req, res) => {
    const coding = responseCoding(req.headers, options.compress);
    const request = toAdapterRequest(req, coding);
    const keyed = decideIdempotencyKey(request, options);
    if (keyed.action === 'respond') {
      writeToNodeResponse(res, toCodedAnswer(keyed.response, coding, res));
      return;
    }
    let precond = NOT_EVALUATED;
    let validatorFields: Readonly<Record<string, string>> = {};
    const deferred = loadValidators && decideBeforeLoading(request, options);
    if (deferred) {
      precond = deferred;
    } else if (loadValidators) {
      const decision = decideWithValidators(request, await loadValidators(req), options);
      if (decision.action === 'respond') {
        writeToNodeResponse(res, toCodedAnswer(decision.response, coding, res));
        return;
      }
      precond = decision.result;
      validatorFields = decision.headers;
      for (const [name, value] of Object.entries(validatorFields)) res.setHeader(name, value);
    }
    precond = withIdempotencyKey(precond, keyed.key);
    const head = checkBeforeHead(res, (bytes) => {
      // Set before the handler, they describe a 2xx or 304 only: not a 404, a redirect or a 500.
      withdrawValidatorFields(res, validatorFields);
      const after = loadValidators ? undefined : answerAfterTheFact(request, res, bytes, options);
      return after ? toCodedAnswer(after, coding, res) : toCodedBody(res, bytes, coding, request.method);
    });
    try {
      await handler(req, res, precond);
    } catch (error) {
      // A stream precond cut short for its 304/412 fails the handler's `pipeline(source, res)`:
      // precond's doing, not the handler's error.
      if (head.answered() && isPrematureClose(error)) return;
      const failed = res.headersSent ? undefined : decideFromError(request, error, options);
      if (!failed) throw error;
      head.answer(toCodedAnswer(failed, coding, res));
      return;
    }
    reportDeferredWrite(request, precond, options);
  };
}
