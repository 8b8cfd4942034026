import type { ServerResponse } from 'node:http';
import { withdrawValidatorFields } from '@precond/core/adapter';

/** Where the fields validator-first set are kept while they may still be withdrawn. */
export interface ValidatorFields {
  /** The fields set before the handler; `undefined` once precond answers the request itself. */
  validatorFields: Readonly<Record<string, string>> | undefined;
}

/**
 * Withdraws the fields validator-first set before the handler (`ETag`, `Last-Modified`, the
 * `cacheFields`) from a head whose status keeps none of them: a 404 or a redirect the handler
 * sends, the 500 of Express's error handler (core's `keepsValidatorFields`). Wraps this response's
 * `writeHead`, which Node calls for every head (`res.end` and the first `res.write` too), so a
 * streamed body and a `res.writeHead(404)` are covered, and a field passed to `writeHead` itself is
 * the handler's own. Only a validator-first GET/HEAD/QUERY that proceeds pays for it.
 */
export function withdrawOnOtherStatus(res: ServerResponse, holder: ValidatorFields): void {
  const writeHead = res.writeHead;
  res.writeHead = function (this: ServerResponse, ...args: unknown[]) {
    const fields = holder.validatorFields;
    if (fields !== undefined) {
      // `writeHead(404)` sets the status itself, after this: the fields go by the status sent.
      if (typeof args[0] === 'number') this.statusCode = args[0];
      withdrawValidatorFields(this, fields);
    }
    return Reflect.apply(writeHead, this, args) as ServerResponse;
  } as ServerResponse['writeHead'];
}
