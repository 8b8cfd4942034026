import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunningServer } from '@precond/contract';
import type { ArticleJson } from '@precond/domain';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProductionServer } from './production-server.js';

// The editor pages in a real browser, against the production build on a PGlite of its own: Debian's
// Chromium driven by playwright-core (which never downloads a browser of its own).

const CHROMIUM = '/usr/bin/chromium';
/** The repository's docs/, where the screenshots the root README shows are written. */
const DOCS = fileURLToPath(new URL('../../../docs/', import.meta.url));
const VIEWPORT = { width: 1000, height: 700 };

let server: RunningServer | undefined;
let browser: Browser | undefined;
let dataDir: string | undefined;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'precond-next-editor-'));
  [server, browser] = await Promise.all([
    startProductionServer({ DATA_DIR: dataDir }),
    existsSync(CHROMIUM)
      ? chromium.launch({
          executablePath: CHROMIUM,
          headless: true,
          args: ['--headless', '--no-sandbox', '--disable-background-networking', '--disable-dev-shm-usage'],
        })
      : undefined,
  ]);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

const baseUrl = () => (server as RunningServer).baseUrl;

async function createArticle(title: string, body: string): Promise<ArticleJson> {
  const res = await fetch(`${baseUrl()}/api/articles`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title, body }),
  });
  expect(res.status).toBe(201);
  return (await res.json()) as ArticleJson;
}

async function readArticle(id: string): Promise<{ article: ArticleJson; etag: string | null }> {
  const res = await fetch(`${baseUrl()}/api/articles/${id}`);
  expect(res.status).toBe(200);
  return { article: (await res.json()) as ArticleJson, etag: res.headers.get('etag') };
}

/** A page in a browser context of its own (its own client, its own remembered ETags). */
async function newPage(): Promise<Page> {
  // Never skipped: without Chromium every test fails (a failing beforeAll would only skip them).
  if (!browser) {
    throw new Error(
      `Chromium is missing at ${CHROMIUM}: the editor's end-to-end tests drive it. Install it with ` +
        '`apt-get install -y chromium` (`pnpm test` does when it can).',
    );
  }
  const context = await browser.newContext({ viewport: VIEWPORT });
  contexts.push(context);
  return context.newPage();
}

/** Opens the editor of `id` and waits until the article is in the form. */
async function openEditor(id: string, page?: Page): Promise<Page> {
  const editor = page ?? (await newPage());
  await editor.goto(`${baseUrl()}/articles/${id}/edit`);
  await editor.getByLabel('Title', { exact: true }).waitFor();
  return editor;
}

async function formOf(page: Page): Promise<{ title: string; body: string }> {
  return {
    title: await page.getByLabel('Title', { exact: true }).inputValue(),
    body: await page.getByLabel('Body', { exact: true }).inputValue(),
  };
}

/** Waits until the `aria-live` status says `text`. */
async function statusSays(page: Page, text: string | RegExp): Promise<void> {
  await page.getByTestId('status').filter({ hasText: text }).waitFor();
}

/** Writes docs/<name>: the whole page. */
async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(DOCS, { recursive: true });
  await page.screenshot({ path: join(DOCS, name), fullPage: true });
}

const save = (page: Page) => page.getByRole('button', { name: 'Save', exact: true }).click();

describe('the article editor (/articles/[id]/edit) in Chromium', () => {
  afterAll(async () => {
    await Promise.all(contexts.map((context) => context.close()));
  });

  it('shows a conflict instead of overwriting, and saves a hand merge against the current version', async () => {
    const created = await createArticle('Lost updates', 'Two people open the same article.');
    const [a, b] = await Promise.all([openEditor(created.id), openEditor(created.id)]);

    await a.getByLabel('Title', { exact: true }).fill('Lost updates, explained');
    await b.getByLabel('Title', { exact: true }).fill('Lost updates and how to avoid them');
    await b
      .getByLabel('Body', { exact: true })
      .fill('Two people open the same article. The second save gets 412 and shows both versions.');
    await screenshot(b, 'editor.png');

    await save(a);
    await statusSays(a, 'Saved.');

    await save(b);
    const heading = b.getByRole('heading', { name: /^Conflict/ });
    await heading.waitFor();
    expect(await heading.evaluate((element) => element === document.activeElement)).toBe(true);
    await statusSays(b, /Someone else saved this article/);
    // Their version beside mine; both fields differ, each marked and labelled so.
    const title = b.getByTestId('conflict-title');
    expect(await title.getAttribute('data-differs')).toBe('true');
    expect(await title.locator('th').textContent()).toContain('differs');
    expect(await b.getByTestId('theirs-title').locator('mark').textContent()).toBe('Lost updates, explained');
    expect(await b.getByTestId('mine-title').locator('mark').textContent()).toBe(
      'Lost updates and how to avoid them',
    );
    expect(await b.getByTestId('conflict-body').getAttribute('data-differs')).toBe('true');
    // Nothing of B's was written.
    expect((await readArticle(created.id)).article.title).toBe('Lost updates, explained');
    await screenshot(b, 'conflict.png');

    await b.getByRole('button', { name: 'Merge by hand' }).click();
    const mergedTitle = b.getByLabel('Title (merged)');
    expect(await mergedTitle.inputValue()).toBe('Lost updates and how to avoid them');
    expect(await b.getByTestId('merge-theirs-title').textContent()).toBe('Lost updates, explained');
    await mergedTitle.fill('Lost updates, explained, and how to avoid them');
    await b.getByRole('button', { name: 'Save merged version' }).click();
    await statusSays(b, 'Saved.');
    expect(await b.getByTestId('conflict').count()).toBe(0);
    // Focus returns to the editor the conflict view replaced.
    expect(await b.getByLabel('Title', { exact: true }).evaluate((el) => el === document.activeElement)).toBe(
      true,
    );

    const merged = {
      title: 'Lost updates, explained, and how to avoid them',
      body: 'Two people open the same article. The second save gets 412 and shows both versions.',
    };
    for (const page of [a, b]) {
      await page.reload();
      await page.getByLabel('Title', { exact: true }).waitFor();
      expect(await formOf(page)).toEqual(merged);
    }
    expect((await readArticle(created.id)).article).toEqual({ id: created.id, views: 0, ...merged });
  });

  it('keeps theirs without writing, then saves the next edit against their version; takes mine by overwriting', async () => {
    const created = await createArticle('Keep theirs', 'Original body.');
    const [a, b] = await Promise.all([openEditor(created.id), openEditor(created.id)]);

    await a.getByLabel('Body', { exact: true }).fill('Body by A.');
    await save(a);
    await statusSays(a, 'Saved.');
    const afterA = await readArticle(created.id);

    await b.getByLabel('Title', { exact: true }).fill('Title by B');
    await save(b);
    await b.getByRole('button', { name: 'Keep theirs' }).click();
    await statusSays(b, /Kept their version/);
    expect(await formOf(b)).toEqual({ title: 'Keep theirs', body: 'Body by A.' });
    expect(await readArticle(created.id)).toEqual(afterA);

    // B's page now edits A's version, so its next save goes through.
    await b.getByLabel('Title', { exact: true }).fill('Title by B');
    await save(b);
    await statusSays(b, 'Saved.');

    // A's page is now the stale one: its save conflicts, and "Take mine" writes A's form as it is.
    await a.getByLabel('Body', { exact: true }).fill('Second body by A.');
    await save(a);
    await a.getByRole('button', { name: 'Take mine' }).click();
    await statusSays(a, 'Saved.');
    expect((await readArticle(created.id)).article).toMatchObject({
      title: 'Keep theirs',
      body: 'Second body by A.',
    });
  });

  it('saves with the gzip-coded ETag the browser received, and a stale coded ETag still conflicts', async () => {
    // Over 1 KiB: Next's compression gzips it, and the representation gets a tag of its own.
    const created = await createArticle('Compressed', 'A body long enough to be gzipped. '.repeat(60));
    const page = await newPage();
    const loaded = page.waitForResponse(
      (response) =>
        response.url().endsWith(`/api/articles/${created.id}`) && response.request().method() === 'GET',
    );
    await openEditor(created.id, page);
    const fields = await (await loaded).allHeaders();
    expect(fields['content-encoding']).toBe('gzip');
    expect(fields.vary?.toLowerCase()).toContain('accept-encoding');
    const codedTag = fields.etag ?? '';
    const identity = await fetch(`${baseUrl()}/api/articles/${created.id}`, {
      headers: { 'accept-encoding': 'identity' },
    });
    expect(identity.headers.get('content-encoding')).toBeNull();
    expect(codedTag).toMatch(/^"[^"]+"$/);
    expect(codedTag).not.toBe(identity.headers.get('etag'));

    await page.getByLabel('Title', { exact: true }).fill('Compressed, then saved');
    const patched = page.waitForRequest(
      (request) => request.url().endsWith(`/api/articles/${created.id}`) && request.method() === 'PATCH',
    );
    await save(page);
    expect((await patched).headers()['if-match']).toBe(codedTag);
    await statusSays(page, 'Saved.');
    expect((await readArticle(created.id)).article.title).toBe('Compressed, then saved');

    // The coded tag names a version like any other: once another write lands, it is stale.
    const stale = await fetch(`${baseUrl()}/api/articles/${created.id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', 'if-match': codedTag },
      body: JSON.stringify({ title: 'Too late' }),
    });
    expect(stale.status).toBe(412);
    expect((await readArticle(created.id)).article.title).toBe('Compressed, then saved');
  });

  it('says so when there is no such article', async () => {
    const page = await newPage();
    await page.goto(`${baseUrl()}/articles/no-such-article/edit`);
    await page.getByRole('heading', { name: 'Article not found' }).waitFor();
  });

  it('lists the articles and creates one from /articles, then opens its editor', async () => {
    const existing = await createArticle('Listed article', 'Shown on /articles.');
    const page = await newPage();
    await page.goto(`${baseUrl()}/articles`);
    await page.getByRole('link', { name: 'Listed article' }).waitFor();

    await page.getByLabel('Title').fill('Made in the browser');
    await page.getByLabel('Body').fill('Created with POST /api/articles.');
    await page.getByRole('button', { name: 'Create' }).click();
    await page.waitForURL(/\/articles\/[A-Za-z0-9_-]+\/edit$/);
    await page.getByLabel('Title', { exact: true }).waitFor();
    expect(await formOf(page)).toEqual({
      title: 'Made in the browser',
      body: 'Created with POST /api/articles.',
    });

    await page.getByRole('link', { name: 'All articles' }).click();
    await page.getByRole('link', { name: 'Made in the browser' }).waitFor();
    expect(await page.getByRole('link', { name: existing.title }).count()).toBe(1);
  });
});
