/**
 * Lost answers: a proxy between the client and each app cuts the answer to a write after the app
 * committed it, and `@precond/client` retries. No write is applied twice, and no outcome is
 * misreported: a create whose 201 was lost is still reported as created, and so is a POST, whose
 * retry carries the same Idempotency-Key; an update's is told by re-reading, and is `unknown` when
 * another write came in between, or when a merge of your own cannot tell whose write it sees. A write
 * a gateway answered 504 while the app still committed it is sent again and meets its own 412, which
 * is never merged.
 */
import { startExpressApp } from '@precond/app-express';
import { startFastifyApp } from '@precond/app-fastify';
import { startHapiApp } from '@precond/app-hapi';
import { startKoaApp } from '@precond/app-koa';
import { createClient } from '@precond/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ResponseCuttingProxy, startResponseCuttingProxy } from './response-cutting-proxy.js';

const APPS = [
  { name: 'koa', start: () => startKoaApp({ port: 0 }) },
  { name: 'hapi', start: () => startHapiApp({ port: 0 }) },
  { name: 'express', start: () => startExpressApp({ port: 0 }) },
  { name: 'fastify', start: () => startFastifyApp({ port: 0 }) },
] as const;

interface Article {
  id: string;
  title: string;
  body: string;
  views: number;
}

const fast = { backoff: { baseMs: 1, maxMs: 5 } };

describe.each(APPS)('$name behind a proxy that loses answers', ({ start }) => {
  let app: Awaited<ReturnType<typeof start>>;
  let proxy: ResponseCuttingProxy;

  beforeAll(async () => {
    app = await start();
    proxy = await startResponseCuttingProxy(app.baseUrl);
  });
  afterAll(async () => {
    await proxy?.close();
    await app?.close();
  });

  it('a safe create whose 201 was lost is reported as created, and the user exists once', async () => {
    const path = `/api/users/lost-${crypto.randomUUID().slice(0, 8)}`;
    proxy.cutNext('PUT', path);
    const client = createClient({ baseUrl: proxy.baseUrl, ...fast });
    const result = await client.create<{ name: string; displayName: string }>(path, { displayName: 'Ann' });
    expect(proxy.requests.filter((request) => request.path === path)).toEqual([
      { method: 'PUT', path, cut: true },
      { method: 'PUT', path, cut: false },
      { method: 'GET', path, cut: false },
    ]);
    expect(proxy.cuts).toBeGreaterThanOrEqual(1);
    expect(result).toMatchObject({ kind: 'ok', status: 201, value: { displayName: 'Ann' } });
    const direct = await fetch(`${app.baseUrl}${path}`);
    expect(direct.headers.get('etag')).toBe(result.kind === 'ok' ? result.etag : 'no tag');
  });

  it('a POST whose 201 was lost is reported as created, and the article exists once', async () => {
    const title = `lost-post-${crypto.randomUUID()}`;
    proxy.cutNext('POST', '/api/articles');
    const client = createClient({ baseUrl: proxy.baseUrl, ...fast });
    const result = await client.post<Article>('/api/articles', { title, body: 'b' });
    expect(
      proxy.requests
        .filter((request) => request.method === 'POST' && request.path === '/api/articles')
        .map(({ cut }) => cut),
    ).toEqual([true, false]);
    expect(result).toMatchObject({ kind: 'ok', status: 201, value: { title, body: 'b', views: 0 } });
    const articles = (await (await fetch(`${app.baseUrl}/api/articles`)).json()) as Article[];
    const created = articles.filter((article) => article.title === title);
    expect(created).toEqual([result.kind === 'ok' ? result.value : undefined]);
    const direct = await fetch(`${app.baseUrl}/api/articles/${created[0]?.id}`);
    expect(direct.headers.get('etag')).toBe(result.kind === 'ok' ? result.etag : 'no tag');
  });

  /** The README's counter merge: replays this call's increment on the latest version. */
  const countViews = {
    merge: (base: Article, mine: Article, theirs: Article) => ({
      kind: 'merged' as const,
      value: { ...theirs, views: theirs.views + (mine.views - base.views) },
    }),
  };

  async function newCountedArticle(): Promise<string> {
    const created = await fetch(`${app.baseUrl}/api/articles`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'counted', body: 'b', views: 0 }),
    });
    expect(created.status).toBe(201);
    return `/api/articles/${((await created.json()) as Article).id}`;
  }

  // The re-read shows the count the write meant to store. With the default merge that is the state
  // asked for: ok. A counter merge is never called on it, and content cannot tell this write from
  // another client's that counted the same: unknown. Either way the view is counted once.
  it.each([
    ['the default merge', {}, { kind: 'ok', value: { views: 1 } }],
    ['a counter merge', countViews, { kind: 'unknown', mine: { views: 1 }, theirs: { views: 1 } }],
  ])('an update whose answer was lost is applied once, with %s', async (_merge, options, expected) => {
    const path = await newCountedArticle();
    proxy.cutNext('PATCH', path);
    const client = createClient({ baseUrl: proxy.baseUrl, ...fast });
    const result = await client.update<Article>(
      path,
      (article) => ({ ...article, views: article.views + 1 }),
      options,
    );
    expect(
      proxy.requests.filter((request) => request.path === path).map(({ method, cut }) => [method, cut]),
    ).toEqual([
      ['GET', false],
      ['PATCH', true],
      ['GET', false],
    ]);
    expect(result).toMatchObject(expected);
    const stored = (await (await fetch(`${app.baseUrl}${path}`)).json()) as Article;
    expect(stored.views).toBe(1);
  });

  // A gateway answers 504 at once and hands the write to the app late: after the client's re-read
  // still showed the old version, just before the re-sent write arrives. The re-sent write meets a 412
  // (the first one committed), which is judged as a lost answer, never merged: counted once.
  it.each([
    ['the default merge', {}, { kind: 'ok', value: { views: 1 } }],
    ['a counter merge', countViews, { kind: 'unknown', mine: { views: 1 }, theirs: { views: 1 } }],
  ])(
    'an update answered 504 while the app still commits it is applied once, with %s',
    async (_merge, options, expected) => {
      const path = await newCountedArticle();
      let held: { url: string; init: RequestInit } | undefined;
      let timedOut = false;
      const patches: number[] = [];
      const lateGateway = async (url: string, init: RequestInit): Promise<Response> => {
        if (init.method === 'PATCH' && !timedOut) {
          timedOut = true;
          held = { url, init };
          return new Response('gateway timeout', { status: 504 });
        }
        if (init.method === 'PATCH' && held !== undefined) {
          const late = held;
          held = undefined;
          patches.push((await fetch(late.url, late.init)).status);
        }
        const response = await fetch(url, init);
        if (init.method === 'PATCH') patches.push(response.status);
        return response;
      };
      const client = createClient({ baseUrl: app.baseUrl, fetch: lateGateway, ...fast });
      const result = await client.update<Article>(
        path,
        (article) => ({ ...article, views: article.views + 1 }),
        options,
      );
      expect(patches).toEqual([200, 412]);
      expect(result).toMatchObject(expected);
      const stored = (await (await fetch(`${app.baseUrl}${path}`)).json()) as Article;
      expect(stored.views).toBe(1);
    },
  );

  it('a counter update whose answer was lost, then another write, is unknown and never counted twice', async () => {
    const path = await newCountedArticle();
    proxy.cutNext('PATCH', path);
    // Another client writes after the cut answer's failure reaches this client, before its re-read.
    const afterCut: typeof fetch = async (input, init) => {
      try {
        return await fetch(input, init);
      } catch (error) {
        await createClient({ baseUrl: app.baseUrl }).update<Article>(path, { title: 'theirs' });
        throw error;
      }
    };
    const client = createClient({ baseUrl: proxy.baseUrl, fetch: afterCut, ...fast });
    const result = await client.update<Article>(
      path,
      (article) => ({ ...article, views: article.views + 1 }),
      countViews,
    );
    expect(result).toMatchObject({
      kind: 'unknown',
      mine: { views: 1, title: 'counted' },
      theirs: { views: 1, title: 'theirs' },
    });
    expect(
      proxy.requests.filter((request) => request.path === path && request.method === 'PATCH'),
    ).toHaveLength(1);
    const stored = (await (await fetch(`${app.baseUrl}${path}`)).json()) as Article;
    expect(stored).toMatchObject({ views: 1, title: 'theirs' });
  });
});
