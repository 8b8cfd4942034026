import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import type { NextApiHandler } from 'next';
// The function Next.js runs every Pages API route through: it adds `res.status`, `res.send` and
// `res.json` to Node's response exactly as `next start` does, so the tests meet Next's real helpers.
import { apiResolver } from 'next/dist/server/api-utils/node/api-resolver.js';

type Middleware = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

/** The `compression` middleware `next start` runs every response through when `compress` is on (it ships no types). */
const compression = createRequire(import.meta.url)('next/dist/compiled/compression') as () => Middleware;

/**
 * A server that answers each path with its Pages API handler, as `next start` would; 404 elsewhere.
 * `compress: true` runs each response through Next's own compression first, as `next start` does.
 */
export async function serveApiRoutes(
  handlers: Readonly<Record<string, NextApiHandler>>,
  { compress = false }: { readonly compress?: boolean } = {},
): Promise<{ baseUrl: string; close(): Promise<void> }> {
  const previewProps = { previewModeId: '', previewModeEncryptionKey: '', previewModeSigningKey: '' };
  const compressed = compress ? compression() : undefined;
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const handler = handlers[url.pathname];
    const query = Object.fromEntries(url.searchParams);
    const resolve = () =>
      void apiResolver(
        req,
        res,
        query,
        handler && { default: handler },
        { ...previewProps, dev: false },
        false,
      );
    if (compressed) compressed(req, res, resolve);
    else resolve();
  });
  server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
