import type { Socket } from 'node:net';
import { describe, expect, it, vi } from 'vitest';
import { clientErrorProblem } from './problem-responses.js';

/** A socket as Node hands it to `clientErrorHandler`, with the response in flight on it, if any. */
function socketWith(inFlight: { headersSent: boolean } | null) {
  const written: string[] = [];
  const socket = {
    destroyed: false,
    writable: true,
    _httpMessage: inFlight,
    write: vi.fn((chunk: string) => written.push(chunk)),
    destroy: vi.fn(),
  };
  return { socket: socket as unknown as Socket, written, destroy: socket.destroy };
}

/** The error Node's parser hands `clientError`: the chunk it was reading and how far it got. */
function parseError(code: string, packet: string, bytesParsed = packet.length - 4) {
  return Object.assign(new Error(`Parse Error: ${code}`), {
    code,
    rawPacket: Buffer.from(packet, 'latin1'),
    bytesParsed,
  });
}

/** The head and the content of what was written. */
function split(written: readonly string[]): { head: string; content: string } {
  const text = written.join('');
  const end = text.indexOf('\r\n\r\n') + 4;
  return { head: text.slice(0, end), content: text.slice(end) };
}

describe('clientErrorProblem', () => {
  const big = `X-Big: ${'a'.repeat(20_000)}\r\n`;
  const refused = parseError('HPE_HEADER_OVERFLOW', `GET /x HTTP/1.1\r\nHost: a\r\n${big}\r\n`);

  it('answers a refused request as problem+json with the status Node would send, then closes', () => {
    const { socket, written, destroy } = socketWith(null);
    clientErrorProblem(refused, socket);
    expect(written).toHaveLength(1);
    const { head, content } = split(written);
    expect(head).toMatch(/^HTTP\/1\.1 431 Request Header Fields Too Large\r\n/);
    expect(head).toContain('Content-Type: application/problem+json\r\n');
    expect(head).toContain(`Content-Length: ${Buffer.byteLength(content)}\r\n`);
    expect(JSON.parse(content)).toMatchObject({ status: 431 });
    expect(destroy).toHaveBeenCalled();
  });

  // RFC 9110 §9.3.2: no content in a response to HEAD.
  it.each([
    [
      'a control character in a field',
      parseError('HPE_INVALID_HEADER_TOKEN', 'HEAD /x HTTP/1.1\r\nIf-Match: "a\x01b"\r\n\r\n', 33),
      400,
    ],
    [
      'a header block over the limit',
      parseError('HPE_HEADER_OVERFLOW', `HEAD /x HTTP/1.1\r\n${big}\r\n`),
      431,
    ],
    [
      'a request after a GET on the same connection',
      parseError(
        'HPE_INVALID_HEADER_TOKEN',
        'GET /a HTTP/1.1\r\n\r\nHEAD /x HTTP/1.1\r\nIf-Match: "a\x01b"\r\n\r\n',
        52,
      ),
      400,
    ],
  ])('answers a refused HEAD (%s) with the fields a GET gets and no content', (_, error, status) => {
    const { socket, written } = socketWith(null);
    clientErrorProblem(error, socket);
    const { head, content } = split(written);
    expect(head).toMatch(new RegExp(`^HTTP/1\\.1 ${status} `));
    expect(head).toContain('Content-Type: application/problem+json\r\n');
    expect(head).toMatch(/\r\nContent-Length: [1-9]\d*\r\n/);
    expect(content).toBe('');
  });

  it('gives the GET after a HEAD on the same connection its content', () => {
    const { socket, written } = socketWith(null);
    const packet = 'HEAD /a HTTP/1.1\r\n\r\nGET /x HTTP/1.1\r\nIf-Match: "a\x01b"\r\n\r\n';
    clientErrorProblem(parseError('HPE_INVALID_HEADER_TOKEN', packet, 51), socket);
    expect(JSON.parse(split(written).content)).toMatchObject({ status: 400 });
  });

  it.each([
    ['the message began in an earlier chunk', parseError('HPE_HEADER_OVERFLOW', 'a'.repeat(20_000))],
    ['the error has no bytes', Object.assign(new Error('timeout'), { code: 'ERR_HTTP_REQUEST_TIMEOUT' })],
  ])('answers as Node does, with no content and no length, when %s', (_, error) => {
    const { socket, written } = socketWith(null);
    clientErrorProblem(error, socket);
    const { head, content } = split(written);
    expect(head).toMatch(/^HTTP\/1\.1 4\d\d /);
    expect(head).not.toContain('Content-Length');
    expect(content).toBe('');
  });

  it('writes nothing into a response already under way on the connection, and closes it', () => {
    const { socket, written, destroy } = socketWith({ headersSent: true });
    clientErrorProblem(refused, socket);
    expect(written).toEqual([]);
    expect(destroy).toHaveBeenCalled();
  });
});
