/**
 * Closing a connection in stages (RFC 9112 §9.6), for every app's Node HTTP server: a response that
 * closes the connection (`Connection: close`, as a 413 to an unread body does) is followed by a
 * half-close, and what the client still sends is read and thrown away until it closes its side too.
 *
 * @module
 */

import { subscribe } from 'node:diagnostics_channel';
import type { Server } from 'node:http';
import type { Socket } from 'node:net';

/** The client sent nothing for this long while the connection closes: it is destroyed. */
export const LINGER_IDLE_MS = 5_000;
/** The longest a closing connection keeps reading a client that keeps sending. */
export const LINGER_MAX_MS = 30_000;

/**
 * Makes `server` close in stages. Node's server ends a closing response with `socket.destroySoon()`:
 * the socket is destroyed as soon as its FIN is written, and a client still sending a body the
 * server did not read then gets a reset instead, which on most systems discards the answer it has
 * not read yet. Here the socket is half-closed (the answer, then FIN) and keeps being read — Node's
 * parser discards the rest of the body — until the client closes, falls silent for
 * {@link LINGER_IDLE_MS}, or {@link LINGER_MAX_MS} have passed (nginx's `lingering_timeout` and
 * `lingering_time` bound the same wait). Returns `server`.
 */
export function closeConnectionsInStages<S extends Server>(server: S): S {
  server.on('connection', (socket: Socket) => {
    socket.destroySoon = () => closeInStages(socket);
  });
  return server;
}

/**
 * {@link closeConnectionsInStages} for every HTTP server of this process, for an app that does not
 * create its own (`next start`): each connection is switched over when a request starts on it
 * (Node's `http.server.request.start` diagnostics channel).
 */
export function closeEveryServerConnectionInStages(): void {
  subscribe('http.server.request.start', (message) => {
    const { socket } = message as { socket: Socket };
    socket.destroySoon = () => closeInStages(socket);
  });
}

function closeInStages(socket: Socket): void {
  // The answer, then FIN. A socket destroys itself once both sides have ended, so a client that
  // closes (or had closed) its side ends the wait; the two bounds end it for one that does not.
  socket.end();
  const destroy = () => socket.destroy();
  const deadline = setTimeout(destroy, LINGER_MAX_MS);
  socket.setTimeout(LINGER_IDLE_MS, destroy);
  socket.once('close', () => clearTimeout(deadline));
}
