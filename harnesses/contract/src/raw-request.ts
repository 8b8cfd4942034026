/**
 * One HTTP/1.1 request written byte for byte over `node:net`, for what `fetch` cannot send: the
 * same field on two lines (Fetch `Headers` join them into one).
 *
 * @module
 */

import { connect } from 'node:net';

/** The status and fields of a response read off the socket (a repeated field keeps its last line). */
export interface RawResponse {
  readonly status: number;
  /** Lower-case names. */
  readonly fields: Readonly<Record<string, string>>;
}

/** How long a raw exchange may take before it fails the test rather than hang it. */
const RAW_TIMEOUT_MS = 10_000;

/**
 * Sends `method path` to `baseUrl` with `lines` in order, each as a field line of its own, and
 * `Connection: close`; resolves once the server has closed the connection.
 */
export function sendLines(
  baseUrl: string,
  method: string,
  path: string,
  lines: readonly (readonly [name: string, value: string])[],
  body = '',
): Promise<RawResponse> {
  const { hostname, port } = new URL(baseUrl);
  const head = [
    `${method} ${path} HTTP/1.1`,
    `Host: ${hostname}:${port}`,
    ...lines.map(([name, value]) => `${name}: ${value}`),
    ...(body === '' ? [] : [`Content-Length: ${Buffer.byteLength(body)}`]),
    'Connection: close',
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
      const text = Buffer.concat(chunks).toString('latin1');
      const [statusLine = '', ...fieldLines] = text.slice(0, text.indexOf('\r\n\r\n')).split('\r\n');
      const fields: Record<string, string> = {};
      for (const line of fieldLines) {
        const colon = line.indexOf(':');
        fields[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      resolve({ status: Number(statusLine.split(' ')[1]), fields });
    });
    // Written without half-closing: some servers (Next.js) drop a request whose client sent FIN
    // before the answer; `Connection: close` has the server close once it has answered.
    socket.write(head + body);
  });
}
