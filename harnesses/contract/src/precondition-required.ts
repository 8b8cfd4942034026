/**
 * Topic `precondition-required`: every unsafe route refuses a request that carries no usable
 * precondition with 428 (RFC 6585 §3), so no client can overwrite what it has not read.
 *
 * @module
 */

import { describe, expect, it } from 'vitest';
import type { Api } from './fixtures.js';
import { problem, uniqueId } from './fixtures.js';

/** Registers the 428 cases. */
export function describePreconditionRequired(api: Api): void {
  describe('Precondition Required (428)', () => {
    it('PATCH /api/articles/:id without a precondition answers 428 and changes nothing', async () => {
      const article = await api.createArticle();
      await problem(
        await api.send('PATCH', `/api/articles/${article.value.id}`, { json: { title: 'Blind write' } }),
        428,
      );
      await api.expectArticleUnchanged(article);
    });

    it('PUT /api/articles/:id without a precondition answers 428 and changes nothing', async () => {
      const article = await api.createArticle();
      await problem(
        await api.send('PUT', `/api/articles/${article.value.id}`, {
          json: { title: 'Blind write', body: 'Blind write' },
        }),
        428,
      );
      await api.expectArticleUnchanged(article);
    });

    it('PUT /api/articles/:id without a precondition answers 428 for an absent id and creates nothing', async () => {
      const id = uniqueId('blind');
      await problem(
        await api.send('PUT', `/api/articles/${id}`, { json: { title: 'Blind create', body: 'b' } }),
        428,
      );
      await api.expectAbsent(`/api/articles/${id}`);
    });

    it('DELETE /api/articles/:id without a precondition answers 428 and deletes nothing', async () => {
      const article = await api.createArticle();
      await problem(await api.send('DELETE', `/api/articles/${article.value.id}`), 428);
      await api.expectArticleUnchanged(article);
    });

    it('DELETE /api/articles/:id with an If-Unmodified-Since that is no date answers 428', async () => {
      const article = await api.createArticle();
      await problem(
        await api.send('DELETE', `/api/articles/${article.value.id}`, {
          headers: { 'if-unmodified-since': 'yesterday' },
        }),
        428,
      );
      await api.expectArticleUnchanged(article);
    });

    it('PUT /api/users/:name without a precondition answers 428 for an absent user and creates nothing', async () => {
      const name = uniqueId('blind');
      await problem(await api.send('PUT', `/api/users/${name}`, { json: { displayName: 'Blind' } }), 428);
      await api.expectAbsent(`/api/users/${name}`);
    });

    it('PUT /api/users/:name without a precondition answers 428 for an existing user and changes nothing', async () => {
      const user = await api.createUser('Kept');
      await problem(
        await api.send('PUT', `/api/users/${user.value.name}`, { json: { displayName: 'Blind' } }),
        428,
      );
      expect(await api.readUser(user.value.name)).toEqual(user);
    });

    it('DELETE /api/sessions/:id without a precondition answers 428 and deletes nothing', async () => {
      const session = await api.createSession();
      await problem(await api.send('DELETE', `/api/sessions/${session.value.id}`), 428);
      expect(await api.readSession(session.value.id)).toEqual(session);
    });
  });
}
