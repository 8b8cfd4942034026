/**
 * A client that keeps sending: it uploads a whole oversized body over a raw socket whatever the
 * server has answered, as a client that reads only after writing does (RFC 9112 §9.6). Node's own
 * clients stop writing once a response arrives, so they cannot cause the fault this one does.
 *
 * @module
 */

import { connect } from 'node:net';

/** How the body's length is told: declared up front, or only known once the last chunk is sent. */
export type Framing = 'content-length' | 'chunked';

/** One upload. */
export interface KeepSendingUpload {
  readonly url: URL;
  readonly framing: Framing;
  /** The whole body, sent in full unless the connection fails. */
  readonly body: Buffer;
  /** Sent first; the rest is sent only once the server has begun to answer. */
  readonly firstPart: number;
}

/** What the client saw. */
export interface KeepSendingOutcome {
  /** Body bytes sent when the answer began to arrive (`undefined`: it never did before the connection ended). */
  readonly sentBeforeAnswer: number | undefined;
  /** Body bytes sent in all. */
  readonly sent: number;
  /** The connection failed (`EPIPE`, `ECONNRESET`…) instead of closing in stages. */
  readonly error: string | undefined;
  /** Everything the server sent, read after the whole body was sent. */
  readonly response: Buffer;
}

const CHUNK_BYTES = 64 * 1024;

/**
 * POSTs `body` to `url`: sends `firstPart` bytes, waits for the first byte of the answer, then sends
 * the rest without reading on, half-closes, and reads whatever the server sent until it closes.
 * Never rejects: a failure is described in the outcome.
 */
export function uploadWhileAnswered(upload: KeepSendingUpload): Promise<KeepSendingOutcome> {
  const { url, framing, body, firstPart } = upload;
  const framingField =
    framing === 'chunked' ? 'Transfer-Encoding: chunked' : `Content-Length: ${body.byteLength}`;
  const head = `POST ${url.pathname} HTTP/1.1\r\nHost: ${url.host}\r\nContent-Type: application/json\r\n${framingField}\r\n\r\n`;
  const frame = (part: Buffer) =>
    framing === 'chunked'
      ? Buffer.concat([Buffer.from(`${part.byteLength.toString(16)}\r\n`), part, Buffer.from('\r\n')])
      : part;
  return new Promise((resolve) => {
    // Half-open: the server's FIN must not end this side while it still has body to send.
    const socket = connect({ host: url.hostname, port: Number(url.port), allowHalfOpen: true });
    const received: Buffer[] = [];
    let sent = 0;
    let sentBeforeAnswer: number | undefined;
    let error: string | undefined;
    socket.on('error', (cause: NodeJS.ErrnoException) => {
      error ??= cause.code ?? cause.message;
    });
    socket.on('close', () => {
      resolve({ sentBeforeAnswer, sent, error, response: Buffer.concat(received) });
    });
    const sendUntil = (end: number, then: () => void) => {
      while (sent < end && !socket.destroyed) {
        const part = body.subarray(sent, Math.min(end, sent + CHUNK_BYTES));
        sent += part.byteLength;
        if (!socket.write(frame(part))) {
          socket.once('drain', () => sendUntil(end, then));
          return;
        }
      }
      if (!socket.destroyed) then();
    };
    const sendTheRest = () => {
      sentBeforeAnswer = sent;
      // Not reading on while sending: the answer waits in the kernel, where a reset would lose it.
      socket.pause();
      sendUntil(body.byteLength, () => {
        socket.end(framing === 'chunked' ? '0\r\n\r\n' : '');
        socket.resume();
      });
    };
    socket.on('connect', () => {
      socket.write(head);
      sendUntil(firstPart, () => {
        socket.once('data', (chunk: Buffer) => {
          received.push(chunk);
          socket.on('data', (more: Buffer) => received.push(more));
          sendTheRest();
        });
      });
    });
  });
}

/** A response read off the wire: status, lower-cased fields, and the body with any chunked framing removed. */
export interface WireResponse {
  readonly status: number | undefined;
  readonly fields: Readonly<Record<string, string>>;
  readonly body: string;
}

/** Parses one HTTP/1.1 response (RFC 9112 §4, §6, §7.1); an unparsable one has no status. */
export function parseWireResponse(bytes: Buffer): WireResponse {
  const text = bytes.toString('latin1');
  const headEnd = text.indexOf('\r\n\r\n');
  const [statusLine = '', ...lines] = text.slice(0, headEnd < 0 ? text.length : headEnd).split('\r\n');
  const status = /^HTTP\/1\.1 (\d{3})/.exec(statusLine)?.[1];
  const fields: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0) fields[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  let body = headEnd < 0 ? '' : text.slice(headEnd + 4);
  if (fields['transfer-encoding']?.toLowerCase() === 'chunked') body = unchunk(body);
  else if (fields['content-length'] !== undefined) body = body.slice(0, Number(fields['content-length']));
  return {
    status: status === undefined ? undefined : Number(status),
    fields,
    // Sliced as latin1, one character a byte, so that the lengths above count bytes.
    body: Buffer.from(body, 'latin1').toString('utf8'),
  };
}

/** The data of a chunked body (RFC 9112 §7.1), extensions and trailers dropped. */
function unchunk(framed: string): string {
  let data = '';
  let at = 0;
  for (;;) {
    const lineEnd = framed.indexOf('\r\n', at);
    const size = Number.parseInt(framed.slice(at, lineEnd), 16);
    if (lineEnd < 0 || !(size > 0)) return data;
    data += framed.slice(lineEnd + 2, lineEnd + 2 + size);
    at = lineEnd + 2 + size + 2;
  }
}
