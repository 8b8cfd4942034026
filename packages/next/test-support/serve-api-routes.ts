import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { NextApiHandler } from 'next';
// The function Next.js runs every Pages API route through: it adds `res.status`, `res.send` and
// `res.json` to Node's response exactly as `next start` does, so the tests meet Next's real helpers.
import { apiResolver } from 'next/dist/server/api-utils/node/api-resolver.js';

/** A server that answers each path with its Pages API handler, as `next start` would; 404 elsewhere. */
export async function serveApiRoutes(
  handlers: Readonly<Record<string, NextApiHandler>>,
): Promise<{ baseUrl: string; close(): Promise<void> }> {
  const previewProps = { previewModeId: '', previewModeEncryptionKey: '', previewModeSigningKey: '' };
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const handler = handlers[url.pathname];
    const query = Object.fromEntries(url.searchParams);
    void apiResolver(
      req,
      res,
      query,
      handler && { default: handler },
      { ...previewProps, dev: false },
      false,
    );
  });
  server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
