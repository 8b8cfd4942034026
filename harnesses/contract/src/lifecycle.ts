/**
 * Topic `lifecycle`: the resources themselves — create, read, write, delete — and the validators
 * every version carries (API.md, Everywhere / Articles / Users / Sessions).
 *
 * @module
 */

import { describe, expect, it } from 'vitest';
import type { Api, Article, User } from './fixtures.js';
import {
  epochSeconds,
  expectLocation,
  expectNoBody,
  expectNoCache,
  expectStatus,
  jsonBody,
  problem,
  sleep,
  transformedPutBody,
  uniqueId,
  validatorsOf,
} from './fixtures.js';

/** Registers the lifecycle cases. */
export function describeLifecycle(api: Api): void {
  describe('lifecycle', () => {
    describe('articles', () => {
      it('POST answers 201 with Location, a strong ETag, Last-Modified and the article', async () => {
        const marker = uniqueId('post');
        const res = await api.send('POST', '/api/articles', {
          json: { title: `Title ${marker}`, body: `Body ${marker}`, views: 3 },
        });
        await expectStatus(res, 201);
        validatorsOf(res);
        const article = await jsonBody<Article>(res);
        expect(article).toEqual({
          id: article.id,
          title: `Title ${marker}`,
          body: `Body ${marker}`,
          views: 3,
        });
        expectLocation(res, api, `/api/articles/${article.id}`);
      });

      it('POST without views stores views 0', async () => {
        const created = await api.createArticle({ title: 'No views yet', body: 'b' });
        expect(created.value).toEqual({ id: created.value.id, title: 'No views yet', body: 'b', views: 0 });
      });

      it('GET at the Location answers 200 with the article, its ETag, Last-Modified and Cache-Control: no-cache', async () => {
        const created = await api.createArticle({ views: 7 });
        const res = await api.send('GET', `/api/articles/${created.value.id}`);
        await expectStatus(res, 200);
        expectNoCache(res);
        expect(validatorsOf(res)).toEqual({ etag: created.etag, lastModified: created.lastModified });
        expect(await jsonBody<Article>(res)).toEqual(created.value);
      });

      it('GET /api/articles lists articles newest first (latest Last-Modified first)', async () => {
        const older = await api.createArticle();
        // Last-Modified has one-second resolution: let the older article's second end first, so the
        // two never tie (API.md leaves the order of a tie open).
        await sleep(
          Math.min(Math.max((epochSeconds(older.lastModified) + 1) * 1000 + 50 - Date.now(), 0), 3000),
        );
        const newer = await api.createArticle();
        expect(epochSeconds(newer.lastModified)).toBeGreaterThan(epochSeconds(older.lastModified));
        const list = await api.listArticles();
        const ids = list.map((article) => article.id);
        expect(ids).toContain(older.value.id);
        expect(ids).toContain(newer.value.id);
        expect(ids.indexOf(newer.value.id)).toBeLessThan(ids.indexOf(older.value.id));
        expect(list.find((article) => article.id === newer.value.id)).toEqual(newer.value);
      });

      it('PATCH with a merge patch answers 200 with the new article, a new ETag and a Last-Modified no earlier', async () => {
        const created = await api.createArticle({ title: 'Before', body: 'Kept', views: 2 });
        const res = await api.send('PATCH', `/api/articles/${created.value.id}`, {
          headers: { 'if-match': created.etag, 'content-type': 'application/merge-patch+json' },
          body: JSON.stringify({ title: 'After' }),
        });
        await expectStatus(res, 200);
        const patched = { value: await jsonBody<Article>(res), ...validatorsOf(res) };
        expect(patched.value).toEqual({ ...created.value, title: 'After' });
        expect(patched.etag).not.toBe(created.etag);
        expect(epochSeconds(patched.lastModified)).toBeGreaterThanOrEqual(epochSeconds(created.lastModified));
        expect(await api.readArticle(created.value.id)).toEqual(patched);
      });

      it('PATCH accepts Content-Type: application/json as a merge patch', async () => {
        const created = await api.createArticle({ views: 1 });
        const res = await api.send('PATCH', `/api/articles/${created.value.id}`, {
          headers: { 'if-match': created.etag },
          json: { views: 5 },
        });
        await expectStatus(res, 200);
        expect(await jsonBody<Article>(res)).toEqual({ ...created.value, views: 5 });
      });

      it('PATCH with views: null resets views to 0', async () => {
        const created = await api.createArticle({ views: 4 });
        const res = await api.send('PATCH', `/api/articles/${created.value.id}`, {
          headers: { 'if-match': created.etag, 'content-type': 'application/merge-patch+json' },
          body: JSON.stringify({ views: null }),
        });
        await expectStatus(res, 200);
        expect(await jsonBody<Article>(res)).toEqual({ ...created.value, views: 0 });
      });

      it('PATCH ignores an id member equal to the path id', async () => {
        const created = await api.createArticle();
        const patched = await api.patchArticle(created.value.id, created.etag, {
          id: created.value.id,
          title: 'Same id',
        } as Partial<Article>);
        expect(patched.value).toEqual({ ...created.value, title: 'Same id' });
      });

      it('PUT with If-Match replaces the whole article; omitted views become 0', async () => {
        const created = await api.createArticle({ title: 'Old', body: 'Old body', views: 9 });
        const res = await api.send('PUT', `/api/articles/${created.value.id}`, {
          headers: { 'if-match': created.etag },
          json: { title: 'New', body: 'New body' },
        });
        // The stored article is not the content sent (id and views added): no validators on the 200.
        const path = `/api/articles/${created.value.id}`;
        const value = await transformedPutBody<Article>(res, api, path, 200);
        expect(value).toEqual({ id: created.value.id, title: 'New', body: 'New body', views: 0 });
        const replaced = await api.readArticle(created.value.id);
        expect(replaced.value).toEqual(value);
        expect(replaced.etag).not.toBe(created.etag);
        expect(epochSeconds(replaced.lastModified)).toBeGreaterThanOrEqual(
          epochSeconds(created.lastModified),
        );
      });

      it('every write gives a new ETag and a Last-Modified no earlier than the last and never later than its Date', async () => {
        let current = await api.createArticle({ views: 0 });
        const etags = [current.etag];
        const dates = [epochSeconds(current.lastModified)];
        for (let views = 1; views <= 3; views++) {
          current = await api.patchArticle(current.value.id, current.etag, { views });
          etags.push(current.etag);
          dates.push(epochSeconds(current.lastModified));
        }
        expect(new Set(etags).size).toBe(etags.length);
        for (let i = 1; i < dates.length; i++) expect(dates[i]).toBeGreaterThanOrEqual(dates[i - 1]!);
        expect(await api.readArticle(current.value.id)).toEqual(current);
      });

      it('DELETE with If-Match answers 204 with no body, and the article is gone', async () => {
        const created = await api.createArticle();
        const res = await api.send('DELETE', `/api/articles/${created.value.id}`, {
          headers: { 'if-match': created.etag },
        });
        await expectStatus(res, 204);
        await expectNoBody(res);
        await api.expectAbsent(`/api/articles/${created.value.id}`);
      });
    });

    describe('users', () => {
      it('PUT with If-None-Match: * creates a user that GET returns, its 201 without validators', async () => {
        // createUser asserts the 201 (Location, Content-Location, no ETag or Last-Modified) and reads.
        const created = await api.createUser('Grace Hopper');
        expect(created.value).toEqual({ name: created.value.name, displayName: 'Grace Hopper' });
      });

      it('PUT with If-None-Match: * and no displayName creates a user whose displayName is null', async () => {
        const name = uniqueId('user');
        const res = await api.send('PUT', `/api/users/${name}`, {
          headers: { 'if-none-match': '*' },
          json: {},
        });
        await expectStatus(res, 201);
        expect(await jsonBody<User>(res)).toEqual({ name, displayName: null });
      });

      it('PUT with If-Match replaces the displayName: 200, then a new ETag, a Last-Modified no earlier', async () => {
        const created = await api.createUser('Before');
        const path = `/api/users/${created.value.name}`;
        const res = await api.send('PUT', path, {
          headers: { 'if-match': created.etag },
          json: { displayName: 'After' },
        });
        const value = await transformedPutBody<User>(res, api, path, 200);
        expect(value).toEqual({ name: created.value.name, displayName: 'After' });
        const replaced = await api.readUser(created.value.name);
        expect(replaced.value).toEqual(value);
        expect(replaced.etag).not.toBe(created.etag);
        expect(epochSeconds(replaced.lastModified)).toBeGreaterThanOrEqual(
          epochSeconds(created.lastModified),
        );
      });
    });

    describe('sessions', () => {
      it('POST /api/sessions answers 201 with the session, Location, ETag and Last-Modified that GET repeats', async () => {
        const created = await api.createSession();
        expect(Object.keys(created.value).sort()).toEqual(['id', 'touchedAt']);
        expect(await api.readSession(created.value.id)).toEqual(created);
      });

      it('touch answers 200 with the session, a new ETag and a Last-Modified no earlier', async () => {
        const created = await api.createSession();
        const touched = await api.touchSession(created.value.id);
        expect(touched.value.id).toBe(created.value.id);
        expect(Date.parse(touched.value.touchedAt)).toBeGreaterThanOrEqual(
          Date.parse(created.value.touchedAt),
        );
        expect(touched.etag).not.toBe(created.etag);
        expect(epochSeconds(touched.lastModified)).toBeGreaterThanOrEqual(epochSeconds(created.lastModified));
        expect(await api.readSession(created.value.id)).toEqual(touched);
      });

      it('DELETE with If-Match answers 204, and the session is gone', async () => {
        const created = await api.createSession();
        const res = await api.send('DELETE', `/api/sessions/${created.value.id}`, {
          headers: { 'if-match': created.etag },
        });
        await expectStatus(res, 204);
        await expectNoBody(res);
        await api.expectAbsent(`/api/sessions/${created.value.id}`);
        await problem(await api.send('POST', `/api/sessions/${created.value.id}/touch`), 404);
      });
    });

    describe('reads carry Cache-Control: no-cache', () => {
      const reads: ReadonlyArray<[string, () => Promise<string>]> = [
        ['an article', async () => `/api/articles/${(await api.createArticle()).value.id}`],
        ['a user', async () => `/api/users/${(await api.createUser()).value.name}`],
        ['a session', async () => `/api/sessions/${(await api.createSession()).value.id}`],
      ];
      for (const [what, create] of reads) {
        for (const method of ['GET', 'HEAD']) {
          it(`${method} of ${what}`, async () => {
            const res = await api.send(method, await create());
            await expectStatus(res, 200);
            expectNoCache(res);
            validatorsOf(res);
            await res.arrayBuffer();
          });
        }
      }
    });
  });
}
