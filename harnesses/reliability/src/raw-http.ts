/**
 * HTTP/1.1 by hand over `node:net`, for requests Node's own client refuses to send: control
 * characters and raw non-ASCII bytes in fields, repeated fields, malformed framing.
 *
 * @module
 */

import { connect } from 'node:net';

/** A request as bytes: the request line and header block are written exactly as given. */
export interface RawRequest {
  readonly method: string;
  /** The request target, sent as is (latin1: one byte per character). */
  readonly target: string;
  /** Header fields in order, repeats allowed, names and values sent as latin1 bytes. */
  readonly fields: readonly (readonly [string, string])[];
  readonly body?: Buffer | undefined;
  /** Add `Content-Length` for the body. @defaultValue true */
  readonly contentLength?: boolean;
}

/** What came back. */
export interface RawResponse {
  /** The status code, or `undefined` when the connection closed without a status line. */
  readonly status: number | undefined;
  /** Lower-case field names; the last value of a repeated one. */
  readonly fields: Readonly<Record<string, string>>;
  /** From the first byte written to the connection's end. */
  readonly ms: number;
  /** The server did not finish within the limit. */
  readonly timedOut: boolean;
  /** The connection failed (refused, reset before any response). */
  readonly error: string | undefined;
}

/**
 * Sends one request with `Connection: close` and reads until the server closes, at most
 * `timeoutMs`. Never rejects: a failure is described in the response.
 */
export function sendRaw(port: number, request: RawRequest, timeoutMs = 5_000): Promise<RawResponse> {
  const head = [
    `${request.method} ${request.target} HTTP/1.1`,
    `Host: 127.0.0.1:${port}`,
    ...request.fields.map(([name, value]) => `${name}: ${value}`),
    ...(request.body !== undefined && request.contentLength !== false
      ? [`Content-Length: ${request.body.byteLength}`]
      : []),
    'Connection: close',
    '',
    '',
  ].join('\r\n');
  const bytes = Buffer.concat([Buffer.from(head, 'latin1'), request.body ?? Buffer.alloc(0)]);
  return new Promise((resolve) => {
    const startedAt = performance.now();
    const chunks: Buffer[] = [];
    let error: string | undefined;
    let done = false;
    const socket = connect({ port, host: '127.0.0.1' });
    const finish = (timedOut: boolean) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ ...parseHead(Buffer.concat(chunks)), ms: performance.now() - startedAt, timedOut, error });
    };
    const timer = setTimeout(() => finish(true), timeoutMs);
    socket.on('connect', () => {
      // A server may answer (413, 431) and close before taking the whole body: the write then
      // fails, and what it sent back is still read.
      socket.write(bytes, () => {});
    });
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', (cause: NodeJS.ErrnoException) => {
      error ??= cause.code ?? cause.message;
    });
    socket.on('close', () => finish(false));
  });
}

function parseHead(response: Buffer): Pick<RawResponse, 'status' | 'fields'> {
  const text = response.toString('latin1');
  const end = text.indexOf('\r\n\r\n');
  const lines = (end < 0 ? text : text.slice(0, end)).split('\r\n');
  const status = /^HTTP\/1\.[01] (\d{3})/.exec(lines[0] ?? '')?.[1];
  const fields: Record<string, string> = {};
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon > 0) fields[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { status: status === undefined ? undefined : Number(status), fields };
}
