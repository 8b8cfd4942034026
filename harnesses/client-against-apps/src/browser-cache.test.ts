/**
 * Chromium's own HTTP cache (RFC 9111) against every sample app: Debian's Chromium driven by
 * playwright-core (which never downloads a browser of its own), its requests passed through a
 * recording proxy so that what went over the wire can be checked, since the page sees a revalidated
 * 304 as the cached 200. The sample API marks reads `Cache-Control: no-cache`: a browser may keep
 * them, but must revalidate before each reuse, and an origin that answers that revalidation right
 * never lets it show a version another client has replaced.
 */
import { existsSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APPS, type RunningApp } from './app-targets.js';
import { type Exchange, type RecordingProxy, startRecordingProxy } from './recording-proxy.js';

const CHROMIUM = '/usr/bin/chromium';
/** Over hapi's and Next's 1 KiB threshold, so that those apps send it gzip-coded, with a tag of its own. */
const LONG_BODY = 'A paragraph of the article, long enough to be compressed. '.repeat(30);

interface Article {
  id: string;
  title: string;
  body: string;
  views: number;
}

let browser: Browser | undefined;

beforeAll(async () => {
  if (existsSync(CHROMIUM)) {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-background-networking', '--disable-dev-shm-usage'],
    });
  }
});

afterAll(async () => {
  await browser?.close();
});

let serial = 0;

describe.each(APPS)("Chromium's HTTP cache against the $name sample app", (app) => {
  let running: RunningApp;
  let proxy: RecordingProxy;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    running = await app.start();
    proxy = await startRecordingProxy(running.baseUrl);
  });
  afterAll(async () => {
    await Promise.all(contexts.map((context) => context.close()));
    await proxy?.close();
    await running?.close();
  });

  /** A new article, created by a client of its own straight at the app; its path and ETag. */
  async function newArticle(): Promise<{ path: string; etag: string; article: Article }> {
    const id = `browser-${Date.now().toString(36)}-${(serial++).toString(36)}`;
    const path = `/api/articles/${id}`;
    const res = await fetch(`${running.baseUrl}${path}`, {
      method: 'PUT',
      headers: { 'if-none-match': '*', 'content-type': 'application/json' },
      // The article's own JSON, byte for byte, so that the 201 carries its ETag (RFC 9110 §9.3.4).
      body: JSON.stringify({ id, title: 'First version', body: LONG_BODY, views: 0 }),
    });
    expect(res.status).toBe(201);
    return { path, etag: res.headers.get('etag') as string, article: (await res.json()) as Article };
  }

  /** A page in a browser context of its own: its own, empty, HTTP cache. */
  async function newPage(): Promise<Page> {
    // Never skipped: without Chromium every test fails (a failing beforeAll would only skip them).
    if (!browser) {
      throw new Error(
        `Chromium is missing at ${CHROMIUM}: these tests drive it. Install it with ` +
          '`apt-get install -y chromium` (`pnpm test` does when it can).',
      );
    }
    const context = await browser.newContext();
    contexts.push(context);
    return context.newPage();
  }

  /** Loads `path` through the proxy as a new navigation, and returns the article the page shows. */
  async function load(page: Page, path: string): Promise<Article> {
    // Away first, so that the load is a navigation of its own, not a reload of the page shown.
    await page.goto('about:blank');
    const response = await page.goto(`${proxy.baseUrl}${path}`);
    expect(response?.status()).toBe(200);
    return JSON.parse(await page.evaluate(() => document.querySelector('pre')?.textContent ?? '')) as Article;
  }

  const exchangesOf = (path: string): Exchange[] =>
    proxy.exchanges.filter((exchange) => exchange.path === path && exchange.method === 'GET');

  it('revalidates a second load with the ETag it cached, gets 304 and shows the cached article', async () => {
    const { path, article } = await newArticle();
    const page = await newPage();
    expect(await load(page, path)).toEqual(article);
    expect(await load(page, path)).toEqual(article);
    const [first, second, ...more] = exchangesOf(path);
    expect(more).toEqual([]);
    expect(first).toMatchObject({ ifNoneMatch: null, status: 200 });
    expect(second).toMatchObject({ ifNoneMatch: first?.etag, status: 304, etag: first?.etag });
  });

  it("shows another client's write at the next load, never the version it cached", async () => {
    const { path, etag } = await newArticle();
    const page = await newPage();
    await load(page, path);
    const written = await fetch(`${running.baseUrl}${path}`, {
      method: 'PATCH',
      headers: { 'if-match': etag, 'content-type': 'application/merge-patch+json' },
      body: JSON.stringify({ title: 'Second version' }),
    });
    expect(written.status).toBe(200);
    const current = (await written.json()) as Article;
    expect(await load(page, path)).toEqual(current);
    // And the page's own fetch() goes through the same cache: it revalidates too.
    const fetched = await page.evaluate(async (url) => (await fetch(url)).json(), `${proxy.baseUrl}${path}`);
    expect(fetched).toEqual(current);
    const [first, second, third, ...more] = exchangesOf(path);
    expect(more).toEqual([]);
    expect(second).toMatchObject({ ifNoneMatch: first?.etag, status: 200 });
    expect(second?.etag).not.toBe(first?.etag);
    expect(third).toMatchObject({ ifNoneMatch: second?.etag, status: 304 });
  });
});
