import { once } from 'node:events';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveApiRoutes } from '../../test-support/serve-api-routes.js';
import { withPreconditionsApi } from './index.js';

// The ways a Pages API route writes its head besides `res.send` of a buffered body: `res.write`,
// a piped stream, `res.writeHead` (which Next's `res.redirect` uses). Each is checked once, just
// before the head goes out. The shared cases (a streamed 200, validator fields on a 404) are in
// ./adapter-suite.test.ts.

const LAST_MODIFIED = 'Fri, 02 Jan 2026 03:04:05 GMT';

/** A source that sends two chunks and then never ends: only precond's answer can stop it. */
function endless(): Readable {
  let pushed = 0;
  return new Readable({
    read() {
      if (pushed++ < 2) this.push('chunk ');
    },
  });
}

const sources: Readable[] = [];

const pipelined = withPreconditionsApi(async (_req, res) => {
  res.setHeader('ETag', '"live"');
  await pipeline(endless(), res);
});
/** How the wrapped `pipelined` route settled, told by the route once it has. */
let settlePipeline: (outcome: string) => void = () => {};

let base = '';
let close: () => Promise<void>;

beforeAll(async () => {
  ({ baseUrl: base, close } = await serveApiRoutes({
    '/api/written': withPreconditionsApi((_req, res) => {
      res.setHeader('ETag', '"st"');
      res.setHeader('Content-Type', 'text/plain');
      res.write('part1 ');
      res.end('part2');
    }),
    '/api/piped': withPreconditionsApi((_req, res) => {
      res.setHeader('ETag', '"live"');
      res.setHeader('Last-Modified', LAST_MODIFIED);
      const source = endless();
      sources.push(source);
      res.send(source);
    }),
    '/api/pipeline': async (req, res) => {
      const settle = settlePipeline;
      try {
        await pipelined(req, res);
        settle('resolved');
      } catch (error) {
        settle(`threw ${(error as Error).message}`);
      }
    },
    '/api/head-written': withPreconditionsApi((_req, res) => {
      res.writeHead(200, { ETag: '"h1"', 'Content-Type': 'text/plain' });
      res.end('head first');
    }),
    '/api/redirected': withPreconditionsApi((_req, res) => res.redirect('/api/head-written'), {
      loadValidators: () => ({ exists: true, etag: '"v1"', lastModified: new Date(LAST_MODIFIED) }),
      cacheFields: { 'cache-control': 'public, max-age=600' },
    }),
  }));
});
afterAll(() => close());

const request = (path: string, headers: Record<string, string> = {}) =>
  fetch(`${base}${path}`, { headers: { 'accept-encoding': 'identity', ...headers }, redirect: 'manual' });

describe('a streamed body, checked when its head is written', () => {
  it('written with res.write: 304 or 412 by the ETag the handler set, the rest of its writes dropped', async () => {
    const fresh = await request('/api/written', { 'If-None-Match': '"st"' });
    expect([fresh.status, fresh.headers.get('etag'), await fresh.text()]).toEqual([304, '"st"', '']);
    const stale = await request('/api/written', { 'If-Match': '"other"' });
    expect(stale.status).toBe(412);
    expect(stale.headers.get('content-type')).toBe('application/problem+json');
    expect(await stale.text()).not.toContain('part');
    const whole = await request('/api/written');
    expect([whole.status, await whole.text()]).toEqual([200, 'part1 part2']);
  });

  it('piped with res.send(stream): 304 by its Last-Modified, and the source destroyed', async () => {
    const res = await request('/api/piped', { 'If-Modified-Since': LAST_MODIFIED });
    expect(res.status).toBe(304);
    expect(res.headers.get('etag')).toBe('"live"');
    expect(await res.text()).toBe('');
    expect(sources).toHaveLength(1);
    const source = sources[0] as Readable;
    // Destroyed once the answer is out: waited for as an event, not a moment.
    if (!source.destroyed) await once(source, 'close');
    expect(source.destroyed).toBe(true);
  });

  it("awaited with pipeline(source, res): 304, and the pipeline's premature close is not the handler's error", async () => {
    const settled = new Promise<string>((resolve) => {
      settlePipeline = resolve;
    });
    const res = await request('/api/pipeline', { 'If-None-Match': '"live"' });
    expect([res.status, res.headers.get('etag'), await res.text()]).toEqual([304, '"live"', '']);
    expect(await settled).toBe('resolved');
  });

  it('with res.writeHead: the fields it names are evaluated', async () => {
    const res = await request('/api/head-written', { 'If-None-Match': '"h1"' });
    expect([res.status, res.headers.get('etag'), await res.text()]).toEqual([304, '"h1"', '']);
    expect(await (await request('/api/head-written')).text()).toBe('head first');
  });

  it("withdraws validator-first fields from Next's res.redirect, which writes its head itself", async () => {
    const res = await request('/api/redirected');
    expect(res.status).toBe(307);
    expect(res.headers.get('location')).toBe('/api/head-written');
    expect(res.headers.get('etag')).toBeNull();
    expect(res.headers.get('last-modified')).toBeNull();
    expect(res.headers.get('cache-control')).toBeNull();
    await res.arrayBuffer();
  });
});
