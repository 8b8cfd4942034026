/**
 * Test-only: a TCP proxy in front of an app that loses answers on purpose. For a request it is told
 * to cut, it forwards the request, waits until the app starts answering (so the app has acted on
 * it: a write is committed), then closes the client's connection without passing on a byte.
 *
 * @module
 */

import { createServer, type Socket, connect as tcpConnect } from 'node:net';

/** A request as the proxy saw it go by. */
export interface ProxiedRequest {
  readonly method: string;
  readonly path: string;
  /** Whether its answer was cut. */
  readonly cut: boolean;
}

/** A running proxy. */
export interface ResponseCuttingProxy {
  readonly baseUrl: string;
  /** Cuts the answer to the next request with this method and path (once). */
  cutNext(method: string, path: string): void;
  /** Every request so far, in order. */
  readonly requests: readonly ProxiedRequest[];
  /** How many answers were cut after the app had started to send them. */
  readonly cuts: number;
  close(): Promise<void>;
}

const REQUEST_LINE = /^([A-Z]+) (\S+) HTTP\/1\.1\r\n/;

/**
 * Starts a proxy on 127.0.0.1, port 0, in front of `target` (`http://127.0.0.1:port`).
 *
 * A request line is recognised at the start of a chunk: each request of a keep-alive connection
 * goes out after the previous answer ended, so it starts a write of its own (clients here do not
 * pipeline).
 */
export async function startResponseCuttingProxy(target: string): Promise<ResponseCuttingProxy> {
  const { hostname, port } = new URL(target);
  const armed = new Set<string>();
  const requests: ProxiedRequest[] = [];
  const sockets = new Set<Socket>();
  let cuts = 0;
  const server = createServer((client) => {
    const upstream = tcpConnect(Number(port), hostname);
    sockets.add(client).add(upstream);
    let cutAnswer = false;
    client.on('data', (chunk: Buffer) => {
      const line = REQUEST_LINE.exec(chunk.subarray(0, 2048).toString('latin1'));
      if (line) {
        const [, method = '', path = ''] = line;
        cutAnswer = armed.delete(`${method} ${path}`);
        requests.push({ method, path, cut: cutAnswer });
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (!cutAnswer) {
        client.write(chunk);
        return;
      }
      // The app has answered: whatever it did is done. The client hears nothing of it.
      cuts += 1;
      client.destroy();
      upstream.destroy();
    });
    client.on('end', () => upstream.end());
    upstream.on('end', () => client.end());
    for (const socket of [client, upstream]) {
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
      socket.on('close', () => sockets.delete(socket));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the proxy has no port');
  return {
    baseUrl: `http://127.0.0.1:${address.port}`,
    cutNext: (method, path) => void armed.add(`${method} ${path}`),
    requests,
    get cuts() {
      return cuts;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
