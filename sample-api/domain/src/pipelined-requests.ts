/**
 * Pipelined requests (RFC 9112 §9.3.2) behind a response that closes the connection are never
 * processed, for every app's Node HTTP server. RFC 9112 §9.6: a server that sends `close` "MUST NOT
 * process any further requests received on that connection".
 *
 * Node parses every request a chunk of bytes holds and hands each to the framework at once, before
 * the route of the first has answered: a 413 or a 400 that closes the connection would then be
 * followed by a route that runs for the next request — a write its client never gets an answer to.
 * So a request on a connection whose previous response is still in progress waits for that response
 * (Node sends pipelined responses in order anyway), and is dropped if it closed the connection.
 *
 * @module
 */

import type { Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { putBeforeRequestListeners } from './request-listeners.js';

/**
 * Whether `response`, once its header is out, closes its connection. `_last` is where Node's
 * `OutgoingMessage` records that decision when it writes the header — from `Connection: close`
 * given to `writeHead` too, which `getHeader` never sees — and what its server closes the
 * connection by once the response has finished.
 */
function closesItsConnection(response: ServerResponse, socket: Socket): boolean {
  const { _last: last } = response as ServerResponse & { readonly _last?: boolean };
  return last === true || !response.shouldKeepAlive || socket.destroyed || socket.writableEnded;
}

/**
 * Makes `server` process the requests of one connection one after another, and drop those behind a
 * response that closed it. Call it once the framework has added its listeners, and after any other
 * step put before them (this one must come first). Returns `server`.
 */
export function holdPipelinedRequests<S extends Server>(server: S): S {
  // The last response begun on each connection.
  const latest = new WeakMap<Socket, ServerResponse>();
  putBeforeRequestListeners(server, (request, response, pass) => {
    const socket = request.socket;
    const previous = latest.get(socket);
    // The same exchange again: a `checkContinue` handled by sending 100 and emitting `request`.
    if (previous === response) return pass();
    latest.set(socket, response);
    if (previous === undefined) return pass();
    let settled = false;
    const next = () => {
      if (settled) return;
      settled = true;
      if (closesItsConnection(previous, socket)) {
        // The connection is closing: this request is never answered, and its route never runs.
        request.resume();
        return;
      }
      pass();
    };
    if (previous.writableFinished || previous.destroyed) return next();
    previous.once('finish', next);
    previous.once('close', next);
  });
  return server;
}
