/**
 * One HTTP/1.1 request written byte for byte over `node:net`, for what `fetch` cannot send: the
 * same field on two lines (Fetch `Headers` join them into one), a Host field of the test's choosing
 * or none.
 *
 * @module
 */

import { connect } from 'node:net';

/**
 * The status and fields of the final response read off the socket (a repeated field keeps its last
 * line).
 */
export interface RawResponse {
  readonly status: number;
  /** Lower-case names. */
  readonly fields: Readonly<Record<string, string>>;
  /** Everything after the header block, as latin1 text. */
  readonly body: string;
}

/** What {@link sendLines} sends besides the request line, the field lines and the body. */
export interface RawRequestOptions {
  /** The Host lines, in order (`[]` for none); one naming `baseUrl`'s host and port by default. */
  readonly hosts?: readonly string[];
  /**
   * Leave out `Connection: close`, so the exchange ends only when the server closes the connection
   * of its own accord (or fails after the timeout).
   */
  readonly keepAlive?: boolean;
}

/** How long a raw exchange may take before it fails the test rather than hang it. */
const RAW_TIMEOUT_MS = 10_000;

/**
 * Sends `method path` to `baseUrl` with its Host, `lines` in order, each as a field line of its own,
 * and `Connection: close`; resolves once the server has closed the connection.
 */
export function sendLines(
  baseUrl: string,
  method: string,
  path: string,
  lines: readonly (readonly [name: string, value: string])[],
  body = '',
  options: RawRequestOptions = {},
): Promise<RawResponse> {
  const { hostname, port } = new URL(baseUrl);
  const { hosts = [`${hostname}:${port}`], keepAlive = false } = options;
  const head = [
    `${method} ${path} HTTP/1.1`,
    ...hosts.map((host) => `Host: ${host}`),
    ...lines.map(([name, value]) => `${name}: ${value}`),
    ...(body === '' ? [] : [`Content-Length: ${Buffer.byteLength(body)}`]),
    ...(keepAlive ? [] : ['Connection: close']),
    '',
    '',
  ].join('\r\n');
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect({ host: hostname, port: Number(port) });
    socket.setTimeout(RAW_TIMEOUT_MS, () => socket.destroy(new Error(`${method} ${path}: no response`)));
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('end', () => {
      let text = Buffer.concat(chunks).toString('latin1');
      // An interim `100 Continue` (to `Expect: 100-continue`) comes before the final response.
      while (/^HTTP\/1\.1 1\d\d /.test(text)) text = text.slice(text.indexOf('\r\n\r\n') + 4);
      const end = text.indexOf('\r\n\r\n');
      const [statusLine = '', ...fieldLines] = text.slice(0, end).split('\r\n');
      const fields: Record<string, string> = {};
      for (const line of fieldLines) {
        const colon = line.indexOf(':');
        fields[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      resolve({ status: Number(statusLine.split(' ')[1]), fields, body: text.slice(end + 4) });
    });
    // Written without half-closing: some servers (Next.js) drop a request whose client sent FIN
    // before the answer; `Connection: close` has the server close once it has answered.
    socket.write(head + body);
  });
}

/**
 * Writes `requests` — whole HTTP/1.1 messages, pipelined — to `baseUrl` in one write, so that the
 * server reads them in one chunk, and resolves with the status of every final response the server
 * sent before it closed the connection (end the last request with `Connection: close`). A server
 * that keeps the connection open fails the exchange after the timeout.
 */
export function sendPipelined(baseUrl: string, requests: readonly string[]): Promise<number[]> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect({ host: hostname, port: Number(port) });
    // A response follows the body before it with no line break: status lines are found anywhere.
    const statuses = () =>
      [
        ...Buffer.concat(chunks)
          .toString('latin1')
          .matchAll(/HTTP\/1\.1 (\d{3}) /g),
      ]
        .map((match) => Number(match[1]))
        .filter((status) => status >= 200);
    socket.setTimeout(RAW_TIMEOUT_MS, () =>
      socket.destroy(new Error('pipelined requests: the server kept the connection open')),
    );
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('end', () => resolve(statuses()));
    socket.write(requests.join(''));
  });
}
