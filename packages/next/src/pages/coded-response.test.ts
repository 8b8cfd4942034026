import { request } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveApiRoutes } from '../../test-support/serve-api-routes.js';
import { withPreconditionsApi } from './index.js';

// Pages API routes behind Next's own compression, as `next start` serves them: the tag names the
// coding of the bytes sent (RFC 9110 §8.8.3), whoever codes them — precond a buffered body, Next a
// streamed one — and a 304 carries the tag of its 200 (§15.4.5).

const BIG = 'y'.repeat(3000);

let port = 0;
let close: () => Promise<void>;

beforeAll(async () => {
  let baseUrl: string;
  ({ baseUrl, close } = await serveApiRoutes(
    {
      '/buffered': withPreconditionsApi((_req, res) => {
        res.setHeader('content-type', 'text/plain');
        res.send(BIG);
      }),
      '/cut': withPreconditionsApi(
        (req, res) => {
          res.setHeader('content-type', 'text/plain');
          if (req.headers.vary !== undefined) res.setHeader('vary', req.headers.vary);
          if (req.headers.range === undefined) return res.send(BIG);
          res.status(206).setHeader('content-range', `bytes 0-1199/${BIG.length}`);
          return res.send(BIG.slice(0, 1200));
        },
        { loadValidators: () => ({ exists: true, etag: '"v1"' }) },
      ),
      '/streamed': withPreconditionsApi(
        (_req, res) => {
          res.setHeader('content-type', 'text/plain');
          res.write(BIG.slice(0, 1500));
          res.end(BIG.slice(1500));
        },
        { loadValidators: () => ({ exists: true, etag: '"v1"' }) },
      ),
    },
    { compress: true },
  ));
  port = Number(new URL(baseUrl).port);
});
afterAll(() => close());

interface Received {
  readonly status: number;
  readonly etag: string | undefined;
  readonly vary: string | undefined;
  readonly coding: string;
  readonly length: string | undefined;
  readonly body: Buffer;
}

/** A request as sent: fields and bytes raw, nothing decoded (fetch would decode and ask for gzip itself). */
function send(path: string, headers: Record<string, string>, method = 'GET'): Promise<Received> {
  return new Promise((resolve, reject) => {
    request({ port, host: '127.0.0.1', path, headers, method }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          etag: res.headers.etag,
          vary: res.headers.vary,
          length: res.headers['content-length'],
          coding: res.headers['content-encoding'] ?? 'identity',
          body: Buffer.concat(chunks),
        }),
      );
    })
      .on('error', reject)
      .end();
  });
}

describe('content coding behind Next’s compression', () => {
  it('tags a validator-first stream with the coding Next gives it, as its 304', async () => {
    const gzip = { 'accept-encoding': 'gzip' };
    const streamed = await send('/streamed', gzip);
    expect([streamed.status, streamed.coding, streamed.etag]).toEqual([200, 'gzip', '"v1-gzip"']);
    expect(gunzipSync(streamed.body).toString()).toBe(BIG);
    const fresh = await send('/streamed', { ...gzip, 'if-none-match': '"v1-gzip"' });
    expect([fresh.status, fresh.etag]).toEqual([304, '"v1-gzip"']);
    const identity = await send('/streamed', { 'accept-encoding': 'identity' });
    expect([identity.coding, identity.etag]).toEqual(['identity', '"v1"']);
    // A cache holding the gzip body asks for the identity one: it gets it, not a 304.
    const other = await send('/streamed', { 'accept-encoding': 'identity', 'if-none-match': '"v1-gzip"' });
    expect([other.status, other.coding, other.etag]).toEqual([200, 'identity', '"v1"']);
    expect(other.body.toString()).toBe(BIG);
  });

  it('gives gzip, not deflate, to gzip;q=0.5, deflate — buffered or streamed — as Next does', async () => {
    const field = { 'accept-encoding': 'gzip;q=0.5, deflate' };
    const buffered = await send('/buffered', field);
    expect(buffered.coding).toBe('gzip');
    expect(buffered.etag).toMatch(/-gzip"$/);
    expect(gunzipSync(buffered.body).toString()).toBe(BIG);
    const streamed = await send('/streamed', field);
    expect([streamed.coding, streamed.etag]).toEqual(['gzip', '"v1-gzip"']);
  });

  // RFC 9110 §15.3.7: a 206 carries the Vary the 200 to the same request would.
  it.each(['gzip', 'identity'])(
    'gives a 206 the Vary of its 200 (Accept-Encoding: %s), uncoded and with the identity tag',
    async (acceptEncoding) => {
      const whole = await send('/cut', { 'accept-encoding': acceptEncoding });
      const part = await send('/cut', { 'accept-encoding': acceptEncoding, range: 'bytes=0-1199' });
      expect([whole.status, part.status]).toEqual([200, 206]);
      expect(whole.vary).toBe('accept-encoding');
      expect(part.vary).toBe(whole.vary);
      expect([part.coding, part.etag, part.body.toString()]).toEqual([
        'identity',
        '"v1"',
        BIG.slice(0, 1200),
      ]);
    },
  );

  it('keeps the Vary a 206 has, naming Accept-Encoding once', async () => {
    // The test route sets the Vary the request names in its own `vary` field.
    const headers = { 'accept-encoding': 'gzip', range: 'bytes=0-1199' };
    expect((await send('/cut', { ...headers, vary: 'Accept' })).vary).toBe('Accept, accept-encoding');
    expect((await send('/cut', { ...headers, vary: 'Accept-Encoding' })).vary).toBe('Accept-Encoding');
  });

  it('answers a HEAD whose GET precond compresses with that GET’s ETag and Content-Encoding, no length', async () => {
    const gzip = { 'accept-encoding': 'gzip' };
    const got = await send('/buffered', gzip);
    const head = await send('/buffered', gzip, 'HEAD');
    expect([head.status, head.etag, head.coding, head.length]).toEqual([200, got.etag, 'gzip', undefined]);
  });
});
