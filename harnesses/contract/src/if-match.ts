/**
 * Topic `if-match`: If-Match on PATCH, PUT and DELETE (RFC 9110 §13.1.1) — strong comparison, so
 * only the current strong tag (alone, in a list, or `*` for an existing resource) lets a write
 * through; anything else is a 412 that names the current tag.
 *
 * @module
 */

import { describe, expect, it } from 'vitest';
import type { Api, Article, ArticleInput, Versioned } from './fixtures.js';
import {
  expectNoBody,
  expectPreconditionFailed,
  expectStatus,
  jsonBody,
  transformedPutBody,
  uniqueId,
  validatorsOf,
} from './fixtures.js';

/** One kind of conditional write to an article, and how to tell that it took effect. */
interface ArticleWrite {
  readonly method: 'PATCH' | 'PUT' | 'DELETE';
  readonly status: 200 | 204;
  readonly json?: Partial<ArticleInput>;
  expectApplied(api: Api, before: Versioned<Article>, res: Response): Promise<void>;
}

const WRITES: readonly ArticleWrite[] = [
  {
    method: 'PATCH',
    status: 200,
    json: { title: 'Patched' },
    async expectApplied(api, before, res) {
      const after = { value: await jsonBody<Article>(res), ...validatorsOf(res) };
      expect(after.value).toEqual({ ...before.value, title: 'Patched' });
      expect(after.etag).not.toBe(before.etag);
      expect(await api.readArticle(before.value.id)).toEqual(after);
    },
  },
  {
    method: 'PUT',
    status: 200,
    json: { title: 'Replaced', body: 'Replaced body', views: 4 },
    async expectApplied(api, before, res) {
      // The content has no id, so it is not the stored article: the 200 carries no validators.
      const path = `/api/articles/${before.value.id}`;
      const value = await transformedPutBody<Article>(res, api, path, 200);
      expect(value).toEqual({ id: before.value.id, title: 'Replaced', body: 'Replaced body', views: 4 });
      const after = await api.readArticle(before.value.id);
      expect(after.value).toEqual(value);
      expect(after.etag).not.toBe(before.etag);
    },
  },
  {
    method: 'DELETE',
    status: 204,
    async expectApplied(api, before, res) {
      await expectNoBody(res);
      await api.expectAbsent(`/api/articles/${before.value.id}`);
    },
  },
];

/** Registers the If-Match cases. */
export function describeIfMatch(api: Api): void {
  function write(step: ArticleWrite, id: string, ifMatch: string): Promise<Response> {
    return api.send(step.method, `/api/articles/${id}`, {
      headers: { 'if-match': ifMatch },
      ...(step.json === undefined ? {} : { json: step.json }),
    });
  }

  /** An article whose first tag is already stale: created, then patched once. */
  async function articleWithStaleTag(): Promise<{ stale: string; current: Versioned<Article> }> {
    const created = await api.createArticle();
    const current = await api.patchArticle(created.value.id, created.etag, { views: 1 });
    return { stale: created.etag, current };
  }

  describe('If-Match', () => {
    for (const step of WRITES) {
      describe(step.method, () => {
        it(`${step.status} when If-Match carries the current tag`, async () => {
          const before = await api.createArticle();
          const res = await write(step, before.value.id, before.etag);
          await expectStatus(res, step.status);
          await step.expectApplied(api, before, res);
        });

        it(`${step.status} when an If-Match list contains the current tag`, async () => {
          const before = await api.createArticle();
          const res = await write(step, before.value.id, `"not-it", ${before.etag}, W/"nor-this"`);
          await expectStatus(res, step.status);
          await step.expectApplied(api, before, res);
        });

        it(`${step.status} when If-Match is * and the article exists`, async () => {
          const before = await api.createArticle();
          const res = await write(step, before.value.id, '*');
          await expectStatus(res, step.status);
          await step.expectApplied(api, before, res);
        });

        it('412 with the current ETag when If-Match carries a stale tag', async () => {
          const { stale, current } = await articleWithStaleTag();
          await expectPreconditionFailed(await write(step, current.value.id, stale), current);
          await api.expectArticleUnchanged(current);
        });

        it('412 when If-Match carries a weak tag, even of the current value', async () => {
          const current = await api.createArticle();
          await expectPreconditionFailed(await write(step, current.value.id, `W/${current.etag}`), current);
          await api.expectArticleUnchanged(current);
        });

        it('412 when no member of an If-Match list strongly matches', async () => {
          const { stale, current } = await articleWithStaleTag();
          const res = await write(step, current.value.id, `${stale}, W/${current.etag}, "other"`);
          await expectPreconditionFailed(res, current);
          await api.expectArticleUnchanged(current);
        });
      });
    }

    it('PUT answers 412 to If-Match: * for an absent article and creates nothing', async () => {
      const id = uniqueId('absent');
      const res = await api.send('PUT', `/api/articles/${id}`, {
        headers: { 'if-match': '*' },
        json: { title: 'Never stored', body: 'b' },
      });
      await expectPreconditionFailed(res, undefined);
      await api.expectAbsent(`/api/articles/${id}`);
    });

    it('PUT /api/users/:name answers 412 to If-Match: * for an absent user and creates nothing', async () => {
      const name = uniqueId('absent');
      const res = await api.send('PUT', `/api/users/${name}`, {
        headers: { 'if-match': '*' },
        json: { displayName: 'Nobody' },
      });
      await expectPreconditionFailed(res, undefined);
      await api.expectAbsent(`/api/users/${name}`);
    });

    it('PUT /api/users/:name answers 412 with the current ETag to a stale or weak If-Match', async () => {
      const created = await api.createUser('First');
      const replaced = await api.send('PUT', `/api/users/${created.value.name}`, {
        headers: { 'if-match': created.etag },
        json: { displayName: 'Second' },
      });
      await expectStatus(replaced, 200);
      await replaced.arrayBuffer();
      const current = await api.readUser(created.value.name);
      for (const ifMatch of [created.etag, `W/${current.etag}`]) {
        const res = await api.send('PUT', `/api/users/${created.value.name}`, {
          headers: { 'if-match': ifMatch },
          json: { displayName: 'Lost update' },
        });
        await expectPreconditionFailed(res, current);
      }
      expect(await api.readUser(created.value.name)).toEqual(current);
    });

    it('DELETE /api/sessions/:id answers 412 with the current ETag to a stale or weak If-Match', async () => {
      const created = await api.createSession();
      const current = await api.touchSession(created.value.id);
      for (const ifMatch of [created.etag, `W/${current.etag}`]) {
        const res = await api.send('DELETE', `/api/sessions/${created.value.id}`, {
          headers: { 'if-match': ifMatch },
        });
        await expectPreconditionFailed(res, current);
      }
      expect(await api.readSession(created.value.id)).toEqual(current);
    });
  });
}
