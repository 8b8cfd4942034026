/**
 * Topic `repeated-lines`: every conditional field sent on two lines reaches the decision as sent
 * (RFC 9110 §5.3). A list field's two lines are one list; a date field's two lines are a value with
 * more than one member, which §13.1.3 and §13.1.4 say is ignored; two If-Range lines are not one
 * validator (§13.1.5), so the whole body is sent. Over a raw socket: Fetch would join the lines, and
 * Node's header record keeps only the first line of a date field.
 *
 * @module
 */

import { describe, expect, it } from 'vitest';
import type { Api, Versioned } from './fixtures.js';
import { epochSeconds } from './fixtures.js';
import { sendLines } from './raw-request.js';

function secondsLater(httpDate: string, seconds: number): string {
  return new Date((epochSeconds(httpDate) + seconds) * 1000).toUTCString();
}

/** Registers the repeated-lines cases. */
export function describeRepeatedLines(api: Api): void {
  const send = (method: string, path: string, lines: [string, string][], body?: string) =>
    sendLines(api.url(''), method, path, lines, body);
  const pathOf = (article: Versioned<{ id: string }>) => `/api/articles/${article.value.id}`;

  describe('a conditional field on two lines', () => {
    it('GET /api/articles/:id answers 304 when the second of two If-None-Match lines matches', async () => {
      const article = await api.createArticle();
      const res = await send('GET', pathOf(article), [
        ['If-None-Match', '"not-this-one"'],
        ['If-None-Match', article.etag],
      ]);
      expect(res.status).toBe(304);
      expect(res.fields.etag).toBe(article.etag);
    });

    it('PATCH /api/articles/:id answers 200 when the second of two If-Match lines matches, 412 when neither does', async () => {
      const article = await api.createArticle({ views: 0 });
      const patch = (first: string, second: string) =>
        send(
          'PATCH',
          pathOf(article),
          [
            ['If-Match', first],
            ['If-Match', second],
            ['Content-Type', 'application/merge-patch+json'],
          ],
          '{"views":1}',
        );
      expect((await patch('"stale-1"', '"stale-2"')).status).toBe(412);
      await api.expectArticleUnchanged(article);
      const res = await patch('"stale"', article.etag);
      expect(res.status).toBe(200);
      expect((await api.readArticle(article.value.id)).value.views).toBe(1);
    });

    it('GET /api/articles/:id ignores two If-Modified-Since lines: 200, though the first alone answers 304', async () => {
      const article = await api.createArticle();
      // The date it was read with (an If-Modified-Since later than the server's clock is ignored).
      const same = article.lastModified;
      const earlier = secondsLater(article.lastModified, -3600);
      expect((await send('GET', pathOf(article), [['If-Modified-Since', same]])).status).toBe(304);
      const res = await send('GET', pathOf(article), [
        ['If-Modified-Since', same],
        ['If-Modified-Since', earlier],
      ]);
      expect(res.status).toBe(200);
      expect(res.fields.etag).toBe(article.etag);
    });

    it('PATCH /api/articles/:id ignores two If-Unmodified-Since lines: 428, not the 412 the first alone answers', async () => {
      const article = await api.createArticle({ views: 0 });
      const earlier = secondsLater(article.lastModified, -3600);
      const later = secondsLater(article.lastModified, 3600);
      const patch = (lines: [string, string][]) =>
        send(
          'PATCH',
          pathOf(article),
          [...lines, ['Content-Type', 'application/merge-patch+json']],
          '{"views":1}',
        );
      expect((await patch([['If-Unmodified-Since', earlier]])).status).toBe(412);
      // Ignored, the field protects nothing: the write still needs a precondition.
      const res = await patch([
        ['If-Unmodified-Since', earlier],
        ['If-Unmodified-Since', later],
      ]);
      expect(res.status).toBe(428);
      await api.expectArticleUnchanged(article);
    });

    it('GET /api/articles/:id/body sends the whole body for two If-Range lines, though either alone gets the part', async () => {
      const article = await api.createArticle({ body: 'Two lines are not one validator.' });
      const body = `${pathOf(article)}/body`;
      const range: [string, string] = ['Range', 'bytes=0-3'];
      expect((await send('GET', body, [range, ['If-Range', article.etag]])).status).toBe(206);
      const res = await send('GET', body, [range, ['If-Range', article.etag], ['If-Range', article.etag]]);
      expect(res.status).toBe(200);
      expect(res.fields['content-range']).toBeUndefined();
    });
  });
}
