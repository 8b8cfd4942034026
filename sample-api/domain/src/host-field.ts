/**
 * The Host field every request must carry (RFC 9112 §3.2), checked for every app's Node HTTP server
 * before any framework code sees the request.
 *
 * @module
 */

import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { isIPv6 } from 'node:net';
import { putBeforeRequestListeners } from './request-listeners.js';

// RFC 3986 §3.2.2 reg-name: unreserved / pct-encoded / sub-delims. An IPv4 address is a reg-name as
// far as the characters go, so it needs no rule of its own. Empty is allowed: RFC 9112 §3.2 has a
// client send an empty Host when the target URI has no authority.
const REG_NAME = /^(?:[A-Za-z0-9\-._~!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$/;
// RFC 3986 §3.2.2 IPvFuture, inside the brackets of an IP-literal.
const IPV_FUTURE = /^v[0-9A-Fa-f]+\.[A-Za-z0-9\-._~!$&'()*+,;=:]+$/;
// RFC 3986 §3.2.3: port = *DIGIT, so `host:` is as valid as `host:80`.
const PORT = /^[0-9]*$/;

/**
 * Whether `value` is a valid Host field value (RFC 9112 §3.2, RFC 9110 §7.2):
 * `uri-host [ ":" port ]`, where `uri-host` is an IP-literal in brackets (IPv6 or IPvFuture), an
 * IPv4 address or a reg-name (RFC 3986 §3.2.2). No userinfo (`a@b`), no space, one port at most.
 */
export function isValidHost(value: string): boolean {
  let host = value;
  let port = '';
  if (value.startsWith('[')) {
    const close = value.indexOf(']');
    if (close === -1) return false;
    host = value.slice(1, close);
    const rest = value.slice(close + 1);
    if (rest !== '') {
      if (!rest.startsWith(':')) return false;
      port = rest.slice(1);
    }
    // Node's isIPv6 also takes a zone (`fe80::1%eth0`), which RFC 3986's IP-literal has no room for.
    if (!((isIPv6(host) && !host.includes('%')) || IPV_FUTURE.test(host))) return false;
  } else {
    const colon = value.indexOf(':');
    if (colon !== -1) {
      host = value.slice(0, colon);
      port = value.slice(colon + 1);
    }
    if (!REG_NAME.test(host)) return false;
  }
  return PORT.test(port);
}

/**
 * Why `request` must be answered 400 for its Host field (RFC 9112 §3.2), or `undefined` when its
 * Host is fine: more than one Host line, a value {@link isValidHost} refuses, or none in an
 * HTTP/1.1 request. Lines are counted in `rawHeaders`, since `headers.host` keeps only the first.
 */
export function hostFieldProblem(request: IncomingMessage): string | undefined {
  const values: string[] = [];
  const raw = request.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) {
    if (raw[i]?.toLowerCase() === 'host') values.push(raw[i + 1] ?? '');
  }
  const [value] = values;
  if (values.length > 1) return 'The request has more than one Host field line';
  // Node answers an HTTP/1.1 request without Host itself (its `requireHostHeader`); this covers a
  // server created without that check. HTTP/1.0 needs no Host.
  if (value === undefined) {
    return request.httpVersionMajor === 1 && request.httpVersionMinor === 0
      ? undefined
      : 'The request has no Host field';
  }
  return isValidHost(value) ? undefined : 'The Host field is not a valid host and port';
}

function answerBadHost(response: ServerResponse, detail: string): void {
  const body = JSON.stringify({ type: 'about:blank', title: 'Bad Request', status: 400, detail });
  // The message as a whole is in doubt (which server did the client mean?), so nothing else on this
  // connection is trusted either: Node closes it once the answer is written, unread body and all.
  response.writeHead(400, {
    'content-type': 'application/problem+json',
    'cache-control': 'no-store',
    'content-length': Buffer.byteLength(body),
    connection: 'close',
  });
  response.end(body);
}

/**
 * Makes `server` answer a request whose Host field {@link hostFieldProblem} refuses with a 400
 * problem+json and `Connection: close`, before its request listeners — the framework — see it, so
 * no route runs and nothing is written. Call it once the framework has added its listeners and
 * before the server listens. Returns `server`.
 */
export function requireValidHost<S extends Server>(server: S): S {
  // Without a `checkContinue` listener Node answers `100 Continue` itself, before any check: the
  // client would send a body only to be refused. So the check takes that event too, and sends the
  // 100 only for a Host it accepts, then hands the request on as Node would have.
  if (server.listenerCount('checkContinue') === 0) {
    server.on('checkContinue', (request: IncomingMessage, response: ServerResponse) => {
      response.writeContinue();
      server.emit('request', request, response);
    });
  }
  putBeforeRequestListeners(server, (request, response, pass) => {
    const problem = hostFieldProblem(request);
    if (problem !== undefined) return answerBadHost(response, problem);
    pass();
  });
  return server;
}
