/**
 * Putting a step in front of a Node HTTP server's request listeners — the framework — for the checks
 * every app's server makes before any route runs.
 *
 * @module
 */

import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';

/**
 * The events a request reaches the framework by: `request`, or, when they have listeners,
 * `checkContinue` (`Expect: 100-continue`, as hapi listens for) and `checkExpectation` (any other
 * `Expect`).
 */
export const REQUEST_EVENTS = ['request', 'checkContinue', 'checkExpectation'] as const;

/** What stands in front of one event's listeners: `pass` hands the request on to them. */
export type RequestStep = (request: IncomingMessage, response: ServerResponse, pass: () => void) => void;

/**
 * Replaces each of `server`'s request events' listeners (those it has now) by `step`, which calls
 * them through `pass`. Call it once the framework has added its listeners.
 */
export function putBeforeRequestListeners(server: Server, step: RequestStep): void {
  for (const event of REQUEST_EVENTS) {
    const listeners = server.listeners(event) as RequestListener[];
    if (listeners.length === 0) continue;
    server.removeAllListeners(event);
    server.on(event, (request: IncomingMessage, response: ServerResponse) => {
      step(request, response, () => {
        for (const listener of listeners) listener.call(server, request, response);
      });
    });
  }
}
