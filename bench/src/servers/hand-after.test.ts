import { describe, expect, it } from 'vitest';
import { startExpress } from './express.js';
import { startFastify } from './fastify.js';
import { startHapi } from './hapi.js';
import { startHono } from './hono.js';
import { startKoa } from './koa.js';
import type { ListeningServer } from './listen.js';
import { startNextHandlers } from './next.js';

type Start = (variant: string, body: 'json-1k') => Promise<ListeningServer>;

const FRAMEWORKS: readonly (readonly [string, Start])[] = [
  ['Express', startExpress],
  ['Fastify', startFastify],
  ['hapi', startHapi],
  ['Hono', startHono],
  ['Koa', startKoa],
  ['Next handler', startNextHandlers],
];

/** Runs `work` against the named variant, and closes the server however it ends. */
async function withVariant<T>(start: Start, variant: string, work: (url: string) => Promise<T>): Promise<T> {
  const server = await start(variant, 'json-1k');
  try {
    return await work(`http://127.0.0.1:${server.port}/resource`);
  } finally {
    await server.close();
  }
}

/** Without compression, as the bench's clients ask: hapi would otherwise gzip and suffix its ETag. */
const fetchOnce = (url: string, headers: Record<string, string> = {}) =>
  fetch(url, { headers: { 'accept-encoding': 'identity', ...headers } });

describe.each(FRAMEWORKS)('%s hand-after', (_name, start) => {
  it('sends the bare route’s body and content type, tagged as precond tags it after the fact', async () => {
    const bare = await withVariant(start, 'bare', async (url) => {
      const response = await fetchOnce(url);
      return { type: response.headers.get('content-type'), text: await response.text() };
    });
    const precondTag = await withVariant(start, 'precond-after', async (url) => {
      const response = await fetchOnce(url);
      await response.arrayBuffer();
      return response.headers.get('etag');
    });
    await withVariant(start, 'hand-after', async (url) => {
      const response = await fetchOnce(url);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe(bare.type);
      expect(await response.text()).toBe(bare.text);
      expect(response.headers.get('etag')).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
      expect(response.headers.get('etag')).toBe(precondTag);
    });
  });

  it('304 without a body when If-None-Match is the ETag, 200 when it is another', async () => {
    await withVariant(start, 'hand-after', async (url) => {
      const first = await fetchOnce(url);
      await first.arrayBuffer();
      const etag = first.headers.get('etag')!;
      const matching = await fetchOnce(url, { 'if-none-match': etag });
      expect(matching.status).toBe(304);
      expect(matching.headers.get('etag')).toBe(etag);
      expect(await matching.text()).toBe('');
      const other = await fetchOnce(url, { 'if-none-match': '"another"' });
      expect(other.status).toBe(200);
      expect(await other.text()).not.toBe('');
    });
  });
});
