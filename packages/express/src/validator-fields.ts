import type { ServerResponse } from 'node:http';
import { withdrawValidatorFields } from '@precond/core/adapter';
import type { Response } from 'express';
import { expressResponseOf } from './buffered-writes.js';

/**
 * The fields validator-first set on a response before its handler, kept under a symbol in
 * `res.locals` (a dictionary already: one more entry costs nothing like a property of `res`).
 */
const FIELDS = Symbol('precond.validatorFields');

type FieldsLocals = { [FIELDS]?: Readonly<Record<string, string>> | undefined };

/** The `writeHead`s that withdraw the fields: the one precond puts on a prototype, or on a response. */
const withdrawing = new WeakSet<object>();

function beforeHead(res: ServerResponse, args: readonly unknown[]): void {
  const fields = ((res as Response).locals as FieldsLocals | undefined)?.[FIELDS];
  if (fields === undefined) return;
  // `writeHead(404)` sets the status itself, after this: the fields go by the status sent.
  if (typeof args[0] === 'number') res.statusCode = args[0];
  withdrawValidatorFields(res, fields);
}

/** A `writeHead` that withdraws the fields, then hands on to `next` (looked up at each call). */
function withdrawingWriteHead(next: () => ServerResponse['writeHead']): ServerResponse['writeHead'] {
  const writeHead = function (this: ServerResponse, ...args: unknown[]) {
    beforeHead(this, args);
    return Reflect.apply(next(), this, args) as ServerResponse;
  } as ServerResponse['writeHead'];
  withdrawing.add(writeHead);
  return writeHead;
}

/**
 * Puts a withdrawing `writeHead` on `express.response`, once, as precond's writes are (see
 * `buffered-writes.ts`): it acts on a response that carries fields to withdraw and hands every head
 * on. Node's own (or one set on the prototype before) is looked up at each call, so that a later
 * patch of `ServerResponse.prototype` still sees every head.
 */
function inheritWriteHead(owner: object): void {
  const own = Object.hasOwn(owner, 'writeHead') ? (owner as ServerResponse).writeHead : undefined;
  const base = Object.getPrototypeOf(owner) as ServerResponse;
  const writeHead = withdrawingWriteHead(() => own ?? base.writeHead);
  Object.defineProperty(owner, 'writeHead', { configurable: true, writable: true, value: writeHead });
}

/**
 * Withdraws the fields validator-first set before the handler (`ETag`, `Last-Modified`, the
 * `cacheFields`) from the head the handler (or Express's error handler) writes when its status keeps
 * none of them: a 404, a redirect, a 500 (core's `keepsValidatorFields`). Node writes every head
 * through `writeHead` (`res.end` and a first `res.write` too), so a streamed body and a
 * `res.writeHead(404)` are covered, and a field passed to `writeHead` itself is the handler's own.
 *
 * A 200 pays one entry in `res.locals`: the `writeHead` is inherited, as precond's writes are. Where
 * middleware before precond set a `writeHead` of its own on `res` (compression's `on-headers`), which
 * may hold Node's from before precond's was inherited, that one is wrapped too (the second
 * withdrawal finds nothing left).
 */
export function withdrawFromOtherStatuses(res: Response, fields: Readonly<Record<string, string>>): void {
  (res.locals as FieldsLocals)[FIELDS] = fields;
  if (withdrawing.has(res.writeHead)) return;
  const owner = expressResponseOf(res);
  if (owner !== undefined && !withdrawing.has((owner as ServerResponse).writeHead)) inheritWriteHead(owner);
  if (withdrawing.has(res.writeHead)) return;
  const own = res.writeHead;
  res.writeHead = withdrawingWriteHead(() => own) as Response['writeHead'];
}

/** precond answers the request itself (a thrown 412): its fields are core's, none to withdraw. */
export function keepValidatorFields(res: Response): void {
  (res.locals as FieldsLocals)[FIELDS] = undefined;
}
