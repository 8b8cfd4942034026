import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import compression from 'compression';
import express from 'express';
// @ts-expect-error Express 4, installed under another name, has no types of its own here: it is
// typed as Express 5, whose API precond uses is the same.
import express4Untyped from 'express4';
import { expect, it } from 'vitest';
import { preconditions } from './index.js';

// Alone in its file, so that Express is loaded afresh: the first response precond ever sees goes
// through compression(), whose `writeHead` on `res` holds Node's own, from before precond put its
// withdrawing one on `express.response`.

const express4 = express4Untyped as typeof express;

/** The status and ETag of one GET sent with node:http. */
function get(url: string): Promise<{ status: number | undefined; etag: string | undefined }> {
  return new Promise((resolve, reject) => {
    request(url, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode, etag: res.headers.etag }));
    })
      .on('error', reject)
      .end();
  });
}

it.each([
  ['Express 5', express],
  ['Express 4', express4],
] as const)(
  '%s: withdraws validator-first fields from the very first 404, behind compression()',
  async (_, createApp) => {
    const app = createApp();
    app.use(compression({ threshold: 0 }));
    app.get(
      '/missing',
      preconditions({ loadValidators: () => ({ exists: true, etag: '"m1"' }) }),
      (_req, res) => void res.status(404).type('text/plain').send('not here'),
    );
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/missing`;
      expect(await get(url)).toEqual({ status: 404, etag: undefined });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  },
);
