/**
 * What an adapter hands the suite: a route builder. The suite describes each route in no
 * framework's terms ({@link RouteSpec}); the adapter builds it its own way, serves it over a real
 * socket and says where.
 *
 * @module
 */

import type { PreconditionOptions, PreconditionResult, Validators } from '@precond/core';
import { afterAll, beforeAll } from 'vitest';

/** What a route's handler answers, for the adapter to write with its framework's own API. */
export interface Reply {
  /** @defaultValue 200 */
  readonly status?: number;
  /** Field lines in order; a name given twice (`Set-Cookie`) is two lines. */
  readonly headers?: readonly (readonly [name: string, value: string])[];
  /**
   * A string: a text body. An object: a JSON body, serialised the way the framework does it.
   * `{ stream }`: these chunks, streamed (never buffered by the handler). None: an empty body.
   */
  readonly body?: string | { readonly stream: readonly string[] } | object;
}

/**
 * A reply's fields by name, a name given twice as a list, for a framework whose setter replaces
 * (so that a handler's field overrides a default the adapter set before it ran).
 */
export function fieldsByName(reply: Reply): Record<string, string | string[]> {
  const fields: Record<string, string | string[]> = {};
  for (const [name, value] of reply.headers ?? []) {
    const given = fields[name];
    fields[name] = given === undefined ? value : [given, value].flat();
  }
  return fields;
}

/** The adapter options a route is given: core's own, with a loader that needs no request. */
export interface RouteOptions extends PreconditionOptions {
  /** Validator-first: loads the resource's current validators, `undefined` when it does not exist. */
  readonly loadValidators?: (() => Validators | undefined) | undefined;
}

/** One route: the methods it answers, the adapter options it gets and what its handler does. */
export interface RouteSpec {
  /** GET implies HEAD, as every framework here routes it. */
  readonly methods: readonly string[];
  /** Without options the route is after the fact, with the adapter's defaults. */
  readonly options?: RouteOptions;
  /**
   * The handler, given what the adapter hands a handler that proceeds (`undefined` where the
   * framework hands nothing), and the request's method in upper case. A `PreconditionFailedError`
   * it throws must become the adapter's 412.
   */
  readonly handle: (precond: PreconditionResult | undefined, method: string) => Reply;
}

/** Routes by path, such as `{ '/doc': { methods: ['GET'], … } }`. */
export type Routes = Readonly<Record<string, RouteSpec>>;

/** A server the adapter started for a set of routes. */
export interface Served {
  /** Where it listens, such as `http://127.0.0.1:53124`. */
  readonly baseUrl: string;
  close(): Promise<void>;
}

/** An adapter under test: its route builder, and what its framework adds on its own. */
export interface AdapterTarget {
  /** Names the adapter's cases, such as `koa`. */
  readonly name: string;
  /** Builds every route its framework's way, starts a server on port 0 and resolves once it listens. */
  serve(routes: Routes): Promise<Served>;
  /**
   * The framework's own Node HTTP server reads the request, so a QUERY and repeated field lines
   * reach the adapter as sent. False where the test serves the routes through a bridge of its own.
   */
  readonly nodeHttp: boolean;
  /** The `Content-Type` the framework gives a JSON body. @defaultValue 'application/json; charset=utf-8' */
  readonly jsonContentType?: string;
  /**
   * The `Vary` a route declaring `Vary: Accept` in `cacheFields` carries: plus `accept-encoding`
   * where the framework compresses (hapi, Next). @defaultValue 'Accept'
   */
  readonly vary?: string;
}

/** Sends a request to the routes served; asks for no content coding unless the headers say otherwise. */
export type Send = (path: string, init?: RequestInit) => Promise<Response>;

/**
 * Serves `routes` through `target` for the cases of the enclosing `describe`, and closes the server
 * after them. The coding cases belong to each adapter, so a request asks for `identity` by default:
 * fetch would ask for gzip, and a framework that compresses would then tag another representation.
 */
export function serveRoutes(target: AdapterTarget, routes: Routes): { send: Send; baseUrl(): string } {
  let served: Served | undefined;
  beforeAll(async () => {
    served = await target.serve(routes);
  });
  afterAll(() => served?.close());
  const baseUrl = (): string => {
    if (!served) throw new Error(`${target.name}: the routes are served only while the cases run`);
    return served.baseUrl;
  };
  const send: Send = (path, init = {}) => {
    const headers = new Headers(init.headers);
    if (!headers.has('accept-encoding')) headers.set('accept-encoding', 'identity');
    return fetch(`${baseUrl()}${path}`, { ...init, headers });
  };
  return { send, baseUrl };
}
