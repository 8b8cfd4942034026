/**
 * What an adapter does with a POST's `Idempotency-Key`, decided once for every adapter.
 *
 * @module
 */

import type { AdapterRequest, PreconditionResult } from './decide.js';
import { NOT_EVALUATED } from './decide.js';
import { readIdempotencyKey } from './idempotency-key.js';
import { normaliseMethod } from './method.js';
import type { PreconditionOptions } from './options.js';
import type { PreconditionResponse } from './precondition-response.js';
import { idempotencyKeyResponse } from './precondition-response.js';

/** What {@link decideIdempotencyKey} tells an adapter to do. */
export type IdempotencyKeyDecision =
  | {
      readonly action: 'proceed';
      /** The request's key, to hand the handler; `undefined` when there is none to hand. */
      readonly key: string | undefined;
    }
  | {
      readonly action: 'respond';
      /** The 400 to send as it is; do not run the handler. */
      readonly response: PreconditionResponse;
    };

const NO_KEY: IdempotencyKeyDecision = Object.freeze({ action: 'proceed', key: undefined });

/**
 * Reads a POST's `Idempotency-Key` as the `idempotencyKey` option asks: 400 for a malformed key,
 * and for a missing one where it is `'required'` (draft-ietf-httpapi-idempotency-key-header §2.7);
 * otherwise proceed with the key, if any. Without the option, or for another method, the field is
 * not read. Never throws, whatever the bytes.
 */
export function decideIdempotencyKey(
  request: AdapterRequest,
  options: PreconditionOptions = {},
): IdempotencyKeyDecision {
  const requirement = options.idempotencyKey;
  if (requirement === undefined || normaliseMethod(request?.method) !== 'POST') return NO_KEY;
  const field = readIdempotencyKey(request.headers);
  if (field.state === 'present') return { action: 'proceed', key: field.key };
  if (field.state === 'absent' && requirement === 'optional') return NO_KEY;
  const response = idempotencyKeyResponse(field.state === 'absent' ? 'missing' : 'malformed', {
    method: request.method,
    path: request.path,
    formatProblem: options.formatProblem,
  });
  return { action: 'respond', response };
}

/**
 * The result to hand the handler once {@link decideIdempotencyKey} proceeded: `result` (or, when
 * nothing was evaluated, {@link NOT_EVALUATED}) with the key added; `result` itself when there is
 * no key.
 */
export function withIdempotencyKey(result: PreconditionResult, key: string | undefined): PreconditionResult;
export function withIdempotencyKey(
  result: PreconditionResult | undefined,
  key: string | undefined,
): PreconditionResult | undefined;
export function withIdempotencyKey(
  result: PreconditionResult | undefined,
  key: string | undefined,
): PreconditionResult | undefined {
  return key === undefined ? result : { ...(result ?? NOT_EVALUATED), idempotencyKey: key };
}
