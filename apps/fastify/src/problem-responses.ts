import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { httpProblem, isPreconditionFailed, PROBLEM_CONTENT_TYPE } from '@precond/core';
import { problemForError } from '@precond/domain';
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';

/** Answers with an RFC 9457 problem+json body; `instance` is the request target, as in precond's 412 and 428. */
export function sendProblem(reply: FastifyReply, status: number, detail: string): FastifyReply {
  const problem = httpProblem(status, detail, reply.request.url);
  // A Buffer, so that Fastify sends the Content-Type as it is (a string would gain a charset).
  return reply
    .code(status)
    .header('cache-control', 'no-store')
    .type(PROBLEM_CONTENT_TYPE)
    .send(Buffer.from(JSON.stringify(problem)));
}

/**
 * Every error is problem+json: Fastify's own 4xx errors and the 404 for an unknown path with their
 * status, the rest as the domain's `problemForError` says (a storage outage is 503, anything
 * unexpected a 500 that is logged). A `PreconditionFailedError` is @precond/fastify's: its onSend
 * hook answers it with core's 412, whatever is sent here.
 */
export function problemResponses(app: FastifyInstance): void {
  app.setNotFoundHandler((_request, reply) => sendProblem(reply, 404, 'There is no resource at this path'));
  app.setErrorHandler((error: FastifyError, _request, reply) => {
    if (isPreconditionFailed(error)) return reply.code(412).send();
    const status = error.statusCode;
    if (status !== undefined && status >= 400 && status < 500)
      return sendProblem(reply, status, error.message);
    const problem = problemForError(error);
    return sendProblem(reply, problem.status, problem.detail).headers(problem.headers);
  });
}

/** What Node's parser puts on the error it hands `clientError`: the bytes it was reading, and how far it got. */
type RefusedRequestError = Error & { code?: string; rawPacket?: unknown; bytesParsed?: unknown };

/**
 * The method of the request Node's parser refused, read from the bytes it was parsing: the token
 * that begins the message, which starts after the last blank line before the error (earlier
 * messages on a keep-alive connection may share the chunk). `undefined` when those bytes do not
 * show it: the message began in an earlier chunk (a long header block read in several), or the
 * error has no bytes (a timeout).
 */
function refusedMethod(error: RefusedRequestError): string | undefined {
  const { rawPacket, bytesParsed } = error;
  if (!Buffer.isBuffer(rawPacket)) return undefined;
  const parsed = typeof bytesParsed === 'number' ? Math.min(bytesParsed, rawPacket.length) : rawPacket.length;
  const previousEnd = parsed >= 4 ? rawPacket.lastIndexOf('\r\n\r\n', parsed - 4) : -1;
  const start = previousEnd < 0 ? 0 : previousEnd + 4;
  const line = rawPacket.toString('latin1', start, Math.min(start + 32, rawPacket.length));
  return /^([!#$%&'*+.^_`|~0-9A-Za-z-]+) /.exec(line)?.[1];
}

/**
 * What Fastify's `clientErrorHandler` writes for a request Node's parser refused (a lower-case
 * method, a control character in a field, a header block over the size limit): the status Node
 * itself would send — 431, 408 or 400 — as problem+json, where Fastify's default writes a JSON body
 * of its own shape, unless a response on that connection has begun. The socket then closes, as Node
 * does. A HEAD gets the fields a GET would and no content (RFC 9110 §9.3.2); a request whose method
 * the parser's bytes do not show gets none either, and no `Content-Length`, as Node answers, which
 * is right for any method.
 */
export function clientErrorProblem(error: RefusedRequestError, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const status =
    error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
  const method = refusedMethod(error);
  const body = JSON.stringify(httpProblem(status, 'The request could not be read'));
  const head =
    method === undefined
      ? `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\n\r\n`
      : `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n`;
  // As Node's own handler: never into a response already under way on this keep-alive connection,
  // whose bytes the client would read as part of that response.
  const inFlight = (socket as Socket & { _httpMessage?: { headersSent?: boolean } | null })._httpMessage;
  if (socket.writable && !inFlight?.headersSent) {
    socket.write(method === undefined || method === 'HEAD' ? head : head + body);
  }
  socket.destroy(error);
}
