/**
 * Topic `bad-input`: malformed, mistyped, oversized and misshapen requests, unknown ids and garbage
 * in conditional fields. Each gets its own 4xx problem (never a 5xx), and stored data stays as it was.
 *
 * @module
 */

import { describe, expect, it } from 'vitest';
import type { Api, Article, Versioned } from './fixtures.js';
import {
  BODY_LIMIT,
  expectNoBody,
  expectPreconditionFailed,
  expectStatus,
  jsonBody,
  oversizedArticle,
  problem,
  uniqueId,
  validatorsOf,
} from './fixtures.js';
import { sendLines } from './raw-request.js';

/** Bodies for POST /api/articles that are JSON but not an article; each mentions the marker if it can. */
const MISSHAPEN_ARTICLES: ReadonlyArray<[string, (marker: string) => unknown]> = [
  ['title missing', (marker) => ({ body: marker })],
  ['title not a string', (marker) => ({ title: 42, body: marker })],
  ['title empty', (marker) => ({ title: '', body: marker })],
  ['title of 201 characters', (marker) => ({ title: marker.padEnd(201, 't'), body: marker })],
  ['body missing', (marker) => ({ title: marker })],
  ['body not a string', (marker) => ({ title: marker, body: 7 })],
  ['views negative', (marker) => ({ title: marker, body: marker, views: -1 })],
  ['views not an integer', (marker) => ({ title: marker, body: marker, views: 1.5 })],
  ['views a string', (marker) => ({ title: marker, body: marker, views: '3' })],
  ['an array', (marker) => [{ title: marker, body: marker }]],
  ['a string', (marker) => marker],
  ['null', () => null],
];

/** Merge patches that are JSON but would leave an invalid article (RFC 7396 applied, then validated). */
const MISSHAPEN_PATCHES: ReadonlyArray<[string, (article: Article) => unknown]> = [
  ['title null (a required field removed)', () => ({ title: null })],
  ['body null (a required field removed)', () => ({ body: null })],
  ['title not a string', () => ({ title: 42 })],
  ['title empty', () => ({ title: '' })],
  ['views negative', () => ({ views: -1 })],
  ['views not an integer', () => ({ views: 0.5 })],
  ['an id different from the path id', (article) => ({ id: `${article.id}x`, title: 'Moved' })],
  ['not an object', () => ['title']],
];

/** Registers the bad-input cases. */
export function describeBadInput(api: Api): void {
  function patch(
    article: Versioned<Article>,
    options: { body: string; contentType: string },
  ): Promise<Response> {
    return api.send('PATCH', `/api/articles/${article.value.id}`, {
      headers: { 'if-match': article.etag, 'content-type': options.contentType },
      body: options.body,
    });
  }

  describe('bad input', () => {
    describe('400 for malformed JSON', () => {
      it('POST /api/articles stores nothing', async () => {
        const marker = uniqueId('malformed');
        const res = await api.send('POST', '/api/articles', {
          headers: { 'content-type': 'application/json' },
          body: `{"title":"${marker}","body":`,
        });
        await problem(res, 400);
        await api.expectNoArticleMentioning(marker);
      });

      it('PATCH /api/articles/:id leaves the article unchanged', async () => {
        const article = await api.createArticle();
        await problem(
          await patch(article, { contentType: 'application/merge-patch+json', body: '{"title":' }),
          400,
        );
        await api.expectArticleUnchanged(article);
      });

      it('PUT /api/articles/:id leaves the article unchanged', async () => {
        const article = await api.createArticle();
        const res = await api.send('PUT', `/api/articles/${article.value.id}`, {
          headers: { 'if-match': article.etag, 'content-type': 'application/json' },
          body: "{'title': 'single quotes'}",
        });
        await problem(res, 400);
        await api.expectArticleUnchanged(article);
      });

      it('PUT /api/users/:name creates nothing', async () => {
        const name = uniqueId('malformed');
        const res = await api.send('PUT', `/api/users/${name}`, {
          headers: { 'if-none-match': '*', 'content-type': 'application/json' },
          body: '{"displayName": "x",}',
        });
        await problem(res, 400);
        await api.expectAbsent(`/api/users/${name}`);
      });
    });

    describe('415 for a body that is not JSON', () => {
      it('POST /api/articles with text/plain stores nothing, even when the text is JSON', async () => {
        const marker = uniqueId('text');
        const res = await api.send('POST', '/api/articles', {
          headers: { 'content-type': 'text/plain' },
          body: JSON.stringify({ title: marker, body: marker }),
        });
        await problem(res, 415);
        await api.expectNoArticleMentioning(marker);
      });

      it('PATCH /api/articles/:id with text/plain leaves the article unchanged', async () => {
        const article = await api.createArticle();
        await problem(
          await patch(article, { contentType: 'text/plain', body: '{"title":"Typed wrong"}' }),
          415,
        );
        await api.expectArticleUnchanged(article);
      });

      it('PUT /api/articles/:id with application/merge-patch+json creates nothing: a merge patch is for PATCH', async () => {
        const id = uniqueId('merge');
        const res = await api.send('PUT', `/api/articles/${id}`, {
          headers: { 'if-none-match': '*', 'content-type': 'application/merge-patch+json' },
          body: JSON.stringify({ title: 'Not a patch', body: 'b' }),
        });
        await problem(res, 415);
        await api.expectAbsent(`/api/articles/${id}`);
      });

      it('POST /api/articles with a Content-Encoding stores nothing: the API decodes no content coding', async () => {
        const marker = uniqueId('coded');
        const res = await api.send('POST', '/api/articles', {
          headers: { 'content-type': 'application/json', 'content-encoding': 'br' },
          body: JSON.stringify({ title: marker, body: marker }),
        });
        await problem(res, 415);
        await api.expectNoArticleMentioning(marker);
      });

      it('PUT /api/users/:name with text/plain creates nothing', async () => {
        const name = uniqueId('text');
        const res = await api.send('PUT', `/api/users/${name}`, {
          headers: { 'if-none-match': '*', 'content-type': 'text/plain' },
          body: '{"displayName":"Typed wrong"}',
        });
        await problem(res, 415);
        await api.expectAbsent(`/api/users/${name}`);
      });
    });

    describe('413 for a body over 64 KiB', () => {
      it('POST /api/articles stores nothing', async () => {
        const marker = uniqueId('large');
        const body = oversizedArticle(marker);
        expect(body.length).toBe(BODY_LIMIT + 1);
        const res = await api.send('POST', '/api/articles', {
          headers: { 'content-type': 'application/json' },
          body,
        });
        await problem(res, 413);
        await api.expectNoArticleMentioning(marker);
      });

      it('PATCH /api/articles/:id leaves the article unchanged', async () => {
        const article = await api.createArticle();
        const body = oversizedArticle('Too large');
        await problem(await patch(article, { contentType: 'application/merge-patch+json', body }), 413);
        await api.expectArticleUnchanged(article);
      });
    });

    describe('422 for JSON that is not the expected shape', () => {
      for (const [what, make] of MISSHAPEN_ARTICLES) {
        it(`POST /api/articles with ${what} stores nothing`, async () => {
          const marker = uniqueId('shape');
          await problem(await api.send('POST', '/api/articles', { json: make(marker) }), 422);
          await api.expectNoArticleMentioning(marker);
        });
      }

      it('POST /api/articles accepts a title of exactly 200 characters', async () => {
        const title = uniqueId('long').padEnd(200, 't');
        const created = await api.createArticle({ title, body: 'b' });
        expect(created.value.title).toBe(title);
      });

      for (const [what, make] of MISSHAPEN_PATCHES) {
        it(`PATCH /api/articles/:id with ${what} leaves the article unchanged`, async () => {
          const article = await api.createArticle();
          const body = JSON.stringify(make(article.value));
          await problem(await patch(article, { contentType: 'application/merge-patch+json', body }), 422);
          await api.expectArticleUnchanged(article);
        });
      }

      it('PUT /api/articles/:id without a body field leaves the article unchanged', async () => {
        const article = await api.createArticle();
        const res = await api.send('PUT', `/api/articles/${article.value.id}`, {
          headers: { 'if-match': article.etag },
          json: { title: 'Only a title' },
        });
        await problem(res, 422);
        await api.expectArticleUnchanged(article);
      });

      it('PUT /api/users/:name with a displayName that is not a string creates nothing', async () => {
        const name = uniqueId('shape');
        const res = await api.send('PUT', `/api/users/${name}`, {
          headers: { 'if-none-match': '*' },
          json: { displayName: 42 },
        });
        await problem(res, 422);
        await api.expectAbsent(`/api/users/${name}`);
      });
    });

    describe('404 for an unknown id, before any precondition', () => {
      const unknown: ReadonlyArray<[string, string, Record<string, string>?]> = [
        ['GET', '/api/articles/:id'],
        ['PATCH', '/api/articles/:id', { 'if-match': '"any"' }],
        ['PATCH', '/api/articles/:id', { 'if-match': '*' }],
        ['PATCH', '/api/articles/:id'],
        ['DELETE', '/api/articles/:id', { 'if-match': '"any"' }],
        ['DELETE', '/api/articles/:id', { 'if-match': '*' }],
        ['DELETE', '/api/articles/:id', { 'if-unmodified-since': 'Sun, 06 Nov 1994 08:49:37 GMT' }],
        ['DELETE', '/api/articles/:id'],
        ['GET', '/api/articles/:id/body'],
        ['GET', '/api/users/:id'],
        ['GET', '/api/sessions/:id'],
        ['POST', '/api/sessions/:id/touch'],
        ['DELETE', '/api/sessions/:id', { 'if-match': '"any"' }],
        ['DELETE', '/api/sessions/:id'],
      ];
      for (const [method, route, headers = {}] of unknown) {
        const fields = Object.keys(headers);
        const unsafe = method !== 'GET' && method !== 'POST';
        const conditions =
          fields.length > 0 ? ` with ${fields.join(', ')}` : unsafe ? ' without a precondition' : '';
        it(`${method} ${route}${conditions}`, async () => {
          const path = route.replace(':id', uniqueId('unknown'));
          const json =
            method === 'PATCH' || method === 'PUT' ? { title: 'Nothing here', body: 'b' } : undefined;
          const res = await api.send(method, path, { headers, ...(json === undefined ? {} : { json }) });
          await problem(res, 404);
        });
      }

      for (const route of ['/api/articles/:id', '/api/users/:id', '/api/sessions/:id']) {
        it(`HEAD ${route} answers 404 without a body`, async () => {
          const res = await api.send('HEAD', route.replace(':id', uniqueId('unknown')));
          await expectStatus(res, 404);
          await expectNoBody(res);
        });
      }

      for (const [what, id] of [
        ['65 characters', 'a'.repeat(65)],
        ['a dot', 'has.dot'],
        ['an encoded space', 'has%20space'],
        ['a non-ASCII letter', '%C3%A9t%C3%A9'],
      ] as const) {
        it(`GET with an id of ${what}, outside [A-Za-z0-9_-]{1,64}`, async () => {
          await problem(await api.send('GET', `/api/articles/${id}`), 404);
          await problem(await api.send('GET', `/api/users/${id}`), 404);
        });
      }

      it('GET with an id that is no valid percent-encoding (%ZZ): 400 or 404 problem+json, never a 5xx', async () => {
        for (const path of ['/api/articles/%ZZ', '/api/users/%ZZ', '/api/articles/%ZZ/body']) {
          const res = await api.send('GET', path);
          await problem(res, res.status === 400 ? 400 : 404);
        }
      });

      it('PATCH, PUT and DELETE with If-Match and an id outside [A-Za-z0-9_-]{1,64} answer 404', async () => {
        for (const id of ['c'.repeat(65), 'has.dot', '%C3%A9t%C3%A9']) {
          for (const method of ['PATCH', 'PUT', 'DELETE']) {
            for (const ifMatch of ['"any"', '*']) {
              const json = method === 'DELETE' ? undefined : { title: 'Bad id', body: 'b' };
              const res = await api.send(method, `/api/articles/${id}`, {
                headers: { 'if-match': ifMatch },
                ...(json === undefined ? {} : { json }),
              });
              await problem(res, 404);
            }
          }
        }
      });

      it('PUT with If-None-Match: * and an id outside [A-Za-z0-9_-]{1,64} creates nothing', async () => {
        const id = 'b'.repeat(65);
        const res = await api.send('PUT', `/api/articles/${id}`, {
          headers: { 'if-none-match': '*' },
          json: { title: 'Bad id', body: 'b' },
        });
        await problem(res, 404);
        await api.expectAbsent(`/api/articles/${id}`);
      });
    });

    describe('a method a route does not serve', () => {
      it('POST /api/articles/:id answers 405 problem+json with an Allow field', async () => {
        const article = await api.createArticle();
        const res = await api.send('POST', `/api/articles/${article.value.id}`, { json: { title: 't' } });
        const allow = res.headers.get('allow') ?? '';
        await problem(res, 405);
        expect(allow.toUpperCase()).toContain('GET');
        await api.expectArticleUnchanged(article);
      });

      // TRACE is one of RFC 9110's methods (§9.3.8) that no route serves, and Fetch cannot send it.
      it('TRACE /api/articles/:id answers 405 with an Allow field or 501, as problem+json', async () => {
        const article = await api.createArticle();
        const res = await sendLines(api.url(''), 'TRACE', `/api/articles/${article.value.id}`, []);
        expect([405, 501]).toContain(res.status);
        expect(res.fields['content-type']).toBe('application/problem+json');
        if (res.status === 405) expect(res.fields.allow?.toUpperCase()).toContain('GET');
      });

      // Methods are case-sensitive (RFC 9110 §9.1): `get` is no GET, and an unknown method is 501
      // (§15.6.2). Node's parser refuses it before any app code runs, with a 400 of no body; an app
      // that writes a body writes a problem.
      it('a lower-case method (get) is no GET: 400 or 501, with no body or a problem+json one', async () => {
        const article = await api.createArticle();
        const res = await sendLines(api.url(''), 'get', `/api/articles/${article.value.id}`, []);
        expect([400, 501]).toContain(res.status);
        expect([undefined, 'application/problem+json']).toContain(res.fields['content-type']);
      });

      // RFC 9110 §9.3.2: no content in a response to HEAD, also when Node's parser refuses the
      // request before any app code runs (an app that writes a problem for a GET writes none here).
      it('a HEAD the parser refuses (a control character in If-Match, a 20 KB field) answers 400 or 431 with no content', async () => {
        const article = await api.createArticle();
        const path = `/api/articles/${article.value.id}`;
        const refused: [string, [string, string], number[]][] = [
          ['control character', ['If-Match', '"a\x01b"'], [400]],
          ['20 KB field', ['X-Filler', 'a'.repeat(20 * 1024)], [431, 400]],
        ];
        for (const [what, line, statuses] of refused) {
          const res = await sendLines(api.url(''), 'HEAD', path, [line]);
          expect(statuses, what).toContain(res.status);
          expect(res.body, what).toBe('');
          expect([undefined, 'application/problem+json'], what).toContain(res.fields['content-type']);
        }
      });

      // RFC 9110 §9.3.7: OPTIONS may be served (with Allow) or declined like any other method; a
      // 200 with no content MUST say `Content-Length: 0` (a 204 carries no Content-Length at all).
      it('OPTIONS /api/articles answers 200 or 204 with an Allow field and no content, or 405 problem+json with one', async () => {
        const res = await api.send('OPTIONS', '/api/articles');
        const allow = res.headers.get('allow') ?? '';
        expect(allow.toUpperCase()).toContain('POST');
        if (res.status === 405) await problem(res, 405);
        else {
          expect([200, 204]).toContain(res.status);
          expect(res.headers.get('content-length')).toBe(res.status === 200 ? '0' : null);
          await expectNoBody(res);
        }
      });
    });

    describe('malformed conditional fields never cause a 5xx', () => {
      it('If-Match: garbage matches nothing: 412, and the article is unchanged', async () => {
        const article = await api.createArticle();
        const res = await api.send('PATCH', `/api/articles/${article.value.id}`, {
          headers: { 'if-match': 'garbage' },
          json: { title: 'Garbage in' },
        });
        await expectPreconditionFailed(res, article);
        await api.expectArticleUnchanged(article);
      });

      it('If-None-Match: "unterminated matches nothing: 200 with the article', async () => {
        const article = await api.createArticle();
        const res = await api.send('GET', `/api/articles/${article.value.id}`, {
          headers: { 'if-none-match': '"unterminated' },
        });
        await expectStatus(res, 200);
        expect({ value: await jsonBody<Article>(res), ...validatorsOf(res) }).toEqual(article);
      });

      it('If-Modified-Since: yesterday is ignored: 200 with the article', async () => {
        const article = await api.createArticle();
        const res = await api.send('GET', `/api/articles/${article.value.id}`, {
          headers: { 'if-modified-since': 'yesterday' },
        });
        await expectStatus(res, 200);
        expect({ value: await jsonBody<Article>(res), ...validatorsOf(res) }).toEqual(article);
      });

      it('a 10,000-tag If-None-Match list: 200 (or 431 from a header size limit), and the server keeps answering', async () => {
        const article = await api.createArticle();
        const list = Array.from({ length: 10_000 }, (_, i) => `"tag-${i}"`).join(', ');
        const res = await api.send('GET', `/api/articles/${article.value.id}`, {
          headers: { 'if-none-match': list },
        });
        expect([200, 431]).toContain(res.status);
        if (res.status === 431) {
          // Node's own 431 has no body; an app that writes one writes a problem.
          expect([null, 'application/problem+json']).toContain(res.headers.get('content-type'));
        }
        await res.arrayBuffer();
        expect(await api.readArticle(article.value.id)).toEqual(article);
      });
    });
  });
}
