/**
 * Test-only: an HTTP proxy in front of an app that passes every exchange on unchanged and records
 * what went over the wire: the conditional field a client sent and the status the app answered,
 * which a browser hides (a revalidated 304 reaches the page as its cached 200).
 *
 * @module
 */

import { createServer, request } from 'node:http';

/** One request and its answer, as the proxy passed them on. */
export interface Exchange {
  readonly method: string;
  readonly path: string;
  readonly ifNoneMatch: string | null;
  readonly status: number;
  readonly etag: string | null;
}

/** A running proxy. */
export interface RecordingProxy {
  readonly baseUrl: string;
  /** Every exchange so far, in the order the answers came. */
  readonly exchanges: readonly Exchange[];
  close(): Promise<void>;
}

/** Starts a proxy on 127.0.0.1, port 0, in front of `target` (`http://127.0.0.1:port`). */
export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const { hostname, port } = new URL(target);
  const exchanges: Exchange[] = [];
  const server = createServer((req, res) => {
    const method = req.method ?? 'GET';
    const path = req.url ?? '/';
    const upstream = request({ host: hostname, port, method, path, headers: req.headers }, (answer) => {
      const etag = answer.headers.etag;
      exchanges.push({
        method,
        path,
        ifNoneMatch: req.headers['if-none-match'] ?? null,
        status: answer.statusCode ?? 0,
        etag: typeof etag === 'string' ? etag : null,
      });
      res.writeHead(answer.statusCode ?? 502, answer.rawHeaders);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the proxy has no port');
  return {
    baseUrl: `http://127.0.0.1:${address.port}`,
    exchanges,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
