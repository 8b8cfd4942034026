/**
 * Topic `host-field`: RFC 9112 §3.2 — a request with more than one Host line, a Host value that is
 * not `uri-host [ ":" port ]`, or (in HTTP/1.1) no Host at all is answered 400 before any route
 * runs, so nothing is written; a valid Host of any name, IPv4 or IPv6 literal is served as usual.
 * Over a raw socket: Fetch sets Host itself.
 *
 * @module
 */

import { describe, expect, it } from 'vitest';
import type { Api, Problem } from './fixtures.js';
import { uniqueId } from './fixtures.js';
import type { RawResponse } from './raw-request.js';
import { sendLines } from './raw-request.js';

/** Checks a 400 is the sample API's problem+json and closes the connection. */
function expectBadHostProblem(res: RawResponse): void {
  expect(res.status).toBe(400);
  expect(res.fields['content-type']).toBe('application/problem+json');
  expect(res.fields.connection?.toLowerCase()).toBe('close');
  const body = JSON.parse(res.body) as Problem;
  expect(body).toMatchObject({ type: 'about:blank', title: 'Bad Request', status: 400 });
  expect(typeof body.detail).toBe('string');
}

/** Registers the host-field cases. */
export function describeHostField(api: Api): void {
  const own = () => {
    const { host } = new URL(api.url(''));
    return host;
  };
  /** A PUT that would create the article `id` (`If-None-Match: *`), with `hosts` as its Host lines. */
  const putNew = (id: string, hosts: readonly string[], lines: [string, string][] = []) =>
    sendLines(
      api.url(''),
      'PUT',
      `/api/articles/${id}`,
      [['If-None-Match', '*'], ['Content-Type', 'application/json'], ...lines],
      '{"title":"a bad Host","body":"never stored"}',
      { hosts },
    );

  describe('the Host field (RFC 9112 §3.2)', () => {
    it('PUT /api/articles/:id with two Host lines answers 400 problem+json and creates nothing', async () => {
      const id = uniqueId('two-hosts');
      const res = await putNew(id, [own(), 'other.example']);
      expectBadHostProblem(res);
      await api.expectAbsent(`/api/articles/${id}`);
    });

    // Node hands a request with `Expect: 100-continue` to another listener than other requests
    // when the framework has one (hapi does): the check covers that way in too.
    it('PUT /api/articles/:id with Expect: 100-continue and two Host lines answers 400 and creates nothing', async () => {
      const id = uniqueId('two-hosts-expect');
      const res = await putNew(id, [own(), 'other.example'], [['Expect', '100-continue']]);
      expectBadHostProblem(res);
      await api.expectAbsent(`/api/articles/${id}`);
    });

    it('PATCH /api/articles/:id with two identical Host lines answers 400 and changes nothing', async () => {
      const article = await api.createArticle({ views: 0 });
      const res = await sendLines(
        api.url(''),
        'PATCH',
        `/api/articles/${article.value.id}`,
        [
          ['If-Match', article.etag],
          ['Content-Type', 'application/merge-patch+json'],
        ],
        '{"views":7}',
        { hosts: [own(), own()] },
      );
      expectBadHostProblem(res);
      await api.expectArticleUnchanged(article);
    });

    // A space, userinfo, two ports, a port that is no number, an unclosed IP-literal, a bracketed
    // name that is no IPv6 address.
    it.each(['a b', 'a@b', 'x:80:90', 'example.com:http', '[::1', '[example.com]'])(
      'DELETE /api/articles/:id with Host: %s answers 400 and deletes nothing',
      async (host) => {
        const article = await api.createArticle();
        const res = await sendLines(
          api.url(''),
          'DELETE',
          `/api/articles/${article.value.id}`,
          [['If-Match', article.etag]],
          '',
          { hosts: [host] },
        );
        expectBadHostProblem(res);
        await api.expectArticleUnchanged(article);
      },
    );

    it('an HTTP/1.1 request without Host answers 400, with no body or a problem+json one', async () => {
      const id = uniqueId('no-host');
      const res = await putNew(id, []);
      // Node's server answers this one itself (an empty 400) before any listener runs.
      expect(res.status).toBe(400);
      expect([undefined, 'application/problem+json']).toContain(res.fields['content-type']);
      await api.expectAbsent(`/api/articles/${id}`);
    });

    it('the 400 for a bad Host closes the connection though the client asked to keep it open', async () => {
      // Without `Connection: close` the exchange ends only if the server closes the connection.
      const res = await sendLines(api.url(''), 'GET', '/api/articles', [], '', {
        hosts: ['a b'],
        keepAlive: true,
      });
      expectBadHostProblem(res);
    });

    // A name and port, an IPv6 literal with a port, an IPv4 address without one: the Host names the
    // server the client meant, which need not be how this one was reached.
    it.each(['example.com:8080', '[::1]:3000', '127.0.0.1'])(
      'GET /api/articles/:id with Host: %s is served: 200',
      async (host) => {
        const article = await api.createArticle();
        const res = await sendLines(api.url(''), 'GET', `/api/articles/${article.value.id}`, [], '', {
          hosts: [host],
        });
        expect(res.status).toBe(200);
        expect(res.fields.etag).toBe(article.etag);
      },
    );
  });
}
