/**
 * The client against the real sample apps over HTTP (harnesses/contract/API.md): every app that
 * serves that API is one entry in APPS (app-targets.ts).
 */
import { type Client, createClient, type FetchFunction } from '@precond/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APPS, type RunningApp } from './app-targets.js';

interface Article {
  id: string;
  title: string;
  body: string;
  views: number;
}

/** One request as the server saw it, and its answer's status. */
interface Sent {
  readonly method: string;
  readonly status: number;
  readonly ifMatch: string | null;
  readonly ifNoneMatch: string | null;
  readonly ifUnmodifiedSince: string | null;
  readonly contentType: string | null;
}

/**
 * A `fetch` that logs every exchange into `log`, after an optional `beforeWrite` hook that may hold
 * a write back.
 */
function recordingFetch(log: Sent[], beforeWrite?: () => Promise<void>): FetchFunction {
  return async (url, init) => {
    const method = init.method ?? 'GET';
    if (method !== 'GET' && beforeWrite) await beforeWrite();
    const response = await fetch(url, init);
    const headers = new Headers(init.headers);
    log.push({
      method,
      status: response.status,
      ifMatch: headers.get('if-match'),
      ifNoneMatch: headers.get('if-none-match'),
      ifUnmodifiedSince: headers.get('if-unmodified-since'),
      contentType: headers.get('content-type'),
    });
    return response;
  };
}

/**
 * For `parties` clients: a hook that holds each one's first write until every one of them has sent
 * theirs. Each client has read the article by then, so all the first writes carry the same
 * `If-Match` and all but one lose the race, every time.
 */
function firstWritesTogether(parties: number): () => () => Promise<void> {
  let arrived = 0;
  let release = (): void => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  return () => {
    let first = true;
    return async () => {
      if (!first) return;
      first = false;
      arrived += 1;
      if (arrived === parties) release();
      await released;
    };
  };
}

let serial = 0;
const uniqueId = (prefix: string) =>
  `${prefix.replace(/\W+/g, '-')}-${Date.now().toString(36)}-${(serial++).toString(36)}`;

describe.each(APPS)('@precond/client against the $name sample app', (app) => {
  let running: RunningApp;
  const client = (fetch?: FetchFunction): Client => createClient({ baseUrl: running.baseUrl, fetch });

  /** A new article with its own id, written by a client of its own. */
  async function newArticle(fields: Partial<Article> = {}): Promise<{ path: string; article: Article }> {
    const path = `/api/articles/${uniqueId(app.name)}`;
    const created = await client().create<Article>(path, {
      title: 'Draft',
      body: 'Text',
      views: 0,
      ...fields,
    });
    if (created.kind !== 'ok') throw new Error(created.message);
    if (created.value === undefined) throw new Error(`${path}: the 201 had no body`);
    return { path, article: created.value };
  }

  beforeAll(async () => {
    running = await app.start();
  });
  afterAll(async () => {
    await running?.close();
  });

  describe('reads', () => {
    it('remembers the ETag of a 200 and serves the remembered body when the next GET gets 304', async () => {
      const { path, article } = await newArticle();
      const log: Sent[] = [];
      const reader = client(recordingFetch(log));
      const first = await reader.get<Article>(path);
      const second = await reader.get<Article>(path);
      expect(first).toMatchObject({ kind: 'ok', status: 200, value: article, fromCache: false });
      expect(second).toEqual({ ...first, status: 304, fromCache: true });
      expect(log.map(({ status, ifNoneMatch }) => [status, ifNoneMatch])).toEqual([
        [200, null],
        [304, first.kind === 'ok' ? first.etag : 'missing'],
      ]);
    });

    it('reads a new version in full once the remembered one is outdated', async () => {
      const { path } = await newArticle();
      const reader = client();
      await reader.get<Article>(path);
      const writer = client();
      await writer.update<Article>(path, { title: 'Changed' });
      expect(await reader.get<Article>(path)).toMatchObject({
        kind: 'ok',
        status: 200,
        fromCache: false,
        value: { title: 'Changed' },
      });
    });

    it('answers gone for an article that does not exist', async () => {
      expect(await client().get(`/api/articles/${uniqueId('missing')}`)).toMatchObject({
        kind: 'gone',
        status: 404,
      });
    });
  });

  describe('create', () => {
    it('creates with If-None-Match: * and remembers the new ETag when the API stored exactly what was sent', async () => {
      const log: Sent[] = [];
      const creator = client(recordingFetch(log));
      const id = uniqueId('create');
      const path = `/api/articles/${id}`;
      // The API's own JSON for the article, byte for byte: its 201 may carry the ETag (RFC 9110 §9.3.4).
      const created = await creator.create<Article>(path, { id, title: 'New', body: 'B', views: 0 });
      expect(created).toMatchObject({ kind: 'ok', status: 201, value: { id, title: 'New', views: 0 } });
      expect(created.kind === 'ok' && created.etag).toMatch(/^"/);
      expect(log[0]).toMatchObject({ method: 'PUT', ifNoneMatch: '*', contentType: 'application/json' });
      expect(await creator.get(path)).toMatchObject({ status: 304, fromCache: true });
    });

    it('after a create the API answered without an ETag (it added id and views), a write reads the tag first', async () => {
      const log: Sent[] = [];
      const creator = client(recordingFetch(log));
      const path = `/api/articles/${uniqueId('create')}`;
      const created = await creator.create<Article>(path, { title: 'New', body: 'B' });
      expect(created).toMatchObject({
        kind: 'ok',
        status: 201,
        value: { title: 'New', body: 'B', views: 0 },
        etag: undefined,
      });
      const patched = await creator.patch<Article>(path, { body: 'Edited' });
      expect(patched).toMatchObject({ kind: 'ok', status: 200, value: { title: 'New', body: 'Edited' } });
      expect(log.map(({ method, status, ifNoneMatch }) => [method, status, ifNoneMatch])).toEqual([
        ['PUT', 201, '*'],
        ['GET', 200, null],
        ['PATCH', 200, null],
      ]);
      expect(log[2]?.ifMatch).toMatch(/^"/);
    });

    it('answers exists, with the current ETag, when the id is taken, and changes nothing', async () => {
      const { path, article } = await newArticle({ title: 'First' });
      const current = await client().get<Article>(path);
      const again = await client().create<Article>(path, { ...article, title: 'Second' });
      expect(again).toMatchObject({ kind: 'exists', etag: current.kind === 'ok' ? current.etag : 'missing' });
      expect(await client().get<Article>(path)).toMatchObject({ value: { title: 'First' } });
    });
  });

  describe('put, patch and delete', () => {
    it('send If-Match with the remembered ETag, and remember the new one', async () => {
      const { path, article } = await newArticle();
      const log: Sent[] = [];
      const writer = client(recordingFetch(log));
      const read = await writer.get<Article>(path);
      const put = await writer.put<Article>(path, { ...article, title: 'Put' });
      const patched = await writer.patch<Article>(path, { body: 'Patched' });
      expect(put).toMatchObject({ kind: 'ok', status: 200, value: { title: 'Put' } });
      expect(patched).toMatchObject({ kind: 'ok', status: 200, value: { title: 'Put', body: 'Patched' } });
      expect(log.slice(1)).toMatchObject([
        {
          method: 'PUT',
          ifMatch: read.kind === 'ok' ? read.etag : 'missing',
          contentType: 'application/json',
        },
        {
          method: 'PATCH',
          ifMatch: put.kind === 'ok' ? put.etag : 'missing',
          contentType: 'application/merge-patch+json',
        },
      ]);
      expect(await writer.delete(path)).toMatchObject({ kind: 'ok', status: 204 });
      expect(await writer.get(path)).toMatchObject({ kind: 'gone', status: 404 });
    });

    it('answer precondition-failed, with the current ETag, when the remembered version is outdated', async () => {
      const { path } = await newArticle();
      const stale = client();
      await stale.get<Article>(path);
      const winner = await client().update<Article>(path, { title: 'Winner' });
      const lost = await stale.patch<Article>(path, { title: 'Loser' });
      expect(lost).toMatchObject({
        kind: 'precondition-failed',
        etag: winner.kind === 'ok' ? winner.etag : 'missing',
        problem: { status: 412 },
      });
      expect(await stale.delete(path)).toMatchObject({ kind: 'precondition-failed' });
      expect(await client().get<Article>(path)).toMatchObject({ value: { title: 'Winner' } });
    });

    it('reports precondition-required (428) when the client remembers nothing to send', async () => {
      const { path } = await newArticle();
      const result = await client().patch<Article>(path, { title: 'Blind' });
      expect(result).toMatchObject({ kind: 'precondition-required', problem: { status: 428 } });
      expect(result.kind === 'precondition-required' && result.message).toMatch(/requires a precondition/);
      expect(await client().get<Article>(path)).toMatchObject({ value: { title: 'Draft' } });
    });

    it('reports a value the API refuses as rejected, with its problem details', async () => {
      const { path, article } = await newArticle();
      const writer = client();
      await writer.get(path);
      expect(await writer.put<Article>(path, { ...article, title: '' })).toMatchObject({
        kind: 'rejected',
        status: 422,
        problem: { title: 'Unprocessable Content' },
      });
    });
  });

  describe('update', () => {
    it('reads, applies a function or a merge patch, and writes a merge patch with If-Match', async () => {
      const { path } = await newArticle({ views: 1 });
      const log: Sent[] = [];
      const editor = client(recordingFetch(log));
      const first = await editor.update<Article>(path, (article) => ({
        ...article,
        views: article.views + 1,
      }));
      const second = await editor.update<Article>(path, { title: 'Patched' });
      expect(first).toMatchObject({ kind: 'ok', value: { views: 2 } });
      expect(second).toMatchObject({ kind: 'ok', value: { title: 'Patched', views: 2 } });
      // The API's PATCH answer names the article in Content-Location, so its body is the article (RFC
      // 9110 §8.7): the client keeps it with the new tag, and the next read revalidates it.
      expect(log.map(({ method, status }) => `${method} ${status}`)).toEqual([
        'GET 200',
        'PATCH 200',
        'GET 304',
        'PATCH 200',
      ]);
      expect(log[1]?.contentType).toBe('application/merge-patch+json');
    });

    it('answers gone for an article that does not exist', async () => {
      expect(
        await client().update<Article>(`/api/articles/${uniqueId('missing')}`, { title: 'X' }),
      ).toMatchObject({
        kind: 'gone',
      });
    });

    it('two clients racing on different fields: one loses the race, merges, and both edits are kept', async () => {
      const { path, article } = await newArticle({ title: 'Title', body: 'Body' });
      const together = firstWritesTogether(2);
      const log: Sent[] = [];
      const alice = client(recordingFetch(log, together()));
      const bob = client(recordingFetch(log, together()));
      const [a, b] = await Promise.all([
        alice.update<Article>(path, { title: 'Title by Alice' }),
        bob.update<Article>(path, (current) => ({ ...current, body: 'Body by Bob' })),
      ]);
      const final = { ...article, title: 'Title by Alice', body: 'Body by Bob' };
      expect([a.kind, b.kind]).toEqual(['ok', 'ok']);
      expect([a, b].map((result) => result.kind === 'ok' && result.value)).toContainEqual(final);
      const patches = log.filter((sent) => sent.method === 'PATCH');
      expect(patches.map((sent) => sent.status).sort()).toEqual([200, 200, 412]);
      expect(patches[2]?.status).toBe(200);
      expect(await client().get<Article>(path)).toMatchObject({ value: final });
    });

    it('two clients racing on the same field: one conflict on /title, and the winner stays written', async () => {
      const { path, article } = await newArticle({ title: 'Title' });
      const together = firstWritesTogether(2);
      const alice = client(recordingFetch([], together()));
      const bob = client(recordingFetch([], together()));
      const results = await Promise.all([
        alice.update<Article>(path, { title: 'Alice' }),
        bob.update<Article>(path, { title: 'Bob', views: 7 }),
      ]);
      const won = results.find((result) => result.kind === 'ok');
      const conflict = results.find((result) => result.kind === 'conflict');
      if (won?.kind !== 'ok' || conflict?.kind !== 'conflict')
        throw new Error(`got ${results.map((r) => r.kind)}`);
      expect(conflict.fields).toEqual(['/title']);
      expect(conflict.message).toMatch(/both sides changed \/title: nothing was written$/);
      expect(conflict.base).toEqual(article);
      expect(conflict.theirs).toEqual(won.value);
      expect(conflict.etag).toBe(won.etag);
      expect(conflict.mine.title).not.toBe(won.value.title);
      // Nothing of the loser's edit was written, not even the field that did not conflict.
      expect(await client().get<Article>(path)).toMatchObject({ value: won.value, etag: won.etag });
    });

    it('after a conflict, put() writes the resolution over exactly the version the conflict reported', async () => {
      const { path } = await newArticle({ title: 'Title' });
      const together = firstWritesTogether(2);
      const alice = client(recordingFetch([], together()));
      const bob = client(recordingFetch([], together()));
      const results = await Promise.all([
        alice.update<Article>(path, { title: 'Alice' }),
        bob.update<Article>(path, { title: 'Bob' }),
      ]);
      const index = results.findIndex((result) => result.kind === 'conflict');
      const conflict = results[index];
      if (conflict?.kind !== 'conflict') throw new Error('expected a conflict');
      const loser = [alice, bob][index]!;
      const resolved = await loser.put<Article>(path, { ...conflict.theirs, title: 'Alice and Bob' });
      expect(resolved).toMatchObject({ kind: 'ok', value: { title: 'Alice and Bob' } });
    });

    it('eight clients adding to a counter at once with a rebasing merge: no increment is lost', async () => {
      const { path } = await newArticle({ views: 100 });
      const clients = Array.from({ length: 8 }, () =>
        createClient({ baseUrl: running.baseUrl, retries: 30, backoff: { baseMs: 5, maxMs: 100 } }),
      );
      const results = await Promise.all(
        clients.map((counter) =>
          counter.update<Article>(path, (article) => ({ ...article, views: article.views + 1 }), {
            // A counter is not a value to reconcile but an operation to replay on the latest version.
            merge: (base, mine, theirs) => ({
              kind: 'merged',
              value: { ...theirs, views: theirs.views + (mine.views - base.views) },
            }),
          }),
        ),
      );
      expect(results.map((result) => result.kind)).toEqual(Array(8).fill('ok'));
      expect(await client().get<Article>(path)).toMatchObject({ value: { views: 108 } });
    });

    it('writes the whole version with PUT when asked to', async () => {
      const { path } = await newArticle();
      const log: Sent[] = [];
      const result = await client(recordingFetch(log)).update<Article>(
        path,
        { body: 'Whole' },
        { method: 'PUT' },
      );
      expect(result).toMatchObject({ kind: 'ok', value: { body: 'Whole' } });
      expect(log[1]).toMatchObject({ method: 'PUT', contentType: 'application/json' });
      expect(log[1]?.ifMatch).toMatch(/^"/);
    });
  });
});
