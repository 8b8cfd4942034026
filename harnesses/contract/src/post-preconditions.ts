/**
 * Topic `post-preconditions`: preconditions on POST (RFC 9110 §13.2.1). A POST's target is evaluated
 * like any other: `POST /api/articles` against the article list (the `ETag` its GET sends),
 * `POST /api/sessions/:id/touch` against the session, `POST /api/sessions` against a collection
 * with no representation. A false If-Match, If-None-Match or If-Unmodified-Since is a 412 and the
 * POST does nothing (§13.1.1, §13.1.2, §13.1.4); If-Modified-Since and If-Range are GET's alone and
 * ignored.
 *
 * @module
 */

import { describe, expect, it } from 'vitest';
import type { Api, Article, Session, Versioned } from './fixtures.js';
import {
  epochSeconds,
  expectLocation,
  expectPreconditionFailed,
  expectStatus,
  jsonBody,
  problem,
  strongEtag,
  uniqueId,
  validatorsOf,
} from './fixtures.js';

const TOUCHERS = 20;

/** An HTTP date `seconds` away from the one given. */
function secondsFrom(httpDate: string, seconds: number): string {
  return new Date((epochSeconds(httpDate) + seconds) * 1000).toUTCString();
}

/** Registers the cases of preconditions on POST. */
export function describePostPreconditions(api: Api): void {
  /** The list's current validators, as `GET /api/articles` sends them. */
  async function listValidators(): Promise<{ etag: string; lastModified: string | null }> {
    const res = await api.send('GET', '/api/articles');
    await expectStatus(res, 200);
    await res.arrayBuffer();
    return { etag: strongEtag(res), lastModified: res.headers.get('last-modified') };
  }

  /** `POST /api/articles` of a new article whose title carries `marker`, with `headers`. */
  function postArticle(marker: string, headers: Record<string, string>): Promise<Response> {
    return api.send('POST', '/api/articles', { headers, json: { title: `Title ${marker}`, body: 'b' } });
  }

  /** Asserts the 412 names the list as it is: its `ETag` (and `Last-Modified`, if it has one). */
  async function expectListPreconditionFailed(
    res: Response,
    list: { etag: string; lastModified: string | null },
  ) {
    const body = await problem(res, 412);
    expect(res.headers.get('etag')).toBe(list.etag);
    expect(body.etag).toBe(list.etag);
    expect(res.headers.get('location')).toBeNull();
  }

  /** Asserts a 201 that created the article it says, under the marker. */
  async function expectCreated(res: Response, marker: string): Promise<Versioned<Article>> {
    await expectStatus(res, 201);
    const value = await jsonBody<Article>(res);
    expect(value.title).toBe(`Title ${marker}`);
    expectLocation(res, api, `/api/articles/${value.id}`);
    const created = { value, ...validatorsOf(res) };
    expect(await api.readArticle(value.id)).toEqual(created);
    return created;
  }

  /** A session touched once, so that its first tag and date are stale. */
  async function sessionWithStaleTag(): Promise<{ stale: Versioned<Session>; current: Versioned<Session> }> {
    const stale = await api.createSession();
    return { stale, current: await api.touchSession(stale.value.id) };
  }

  function touch(id: string, headers: Record<string, string>): Promise<Response> {
    return api.send('POST', `/api/sessions/${id}/touch`, { headers });
  }

  describe('preconditions on POST', () => {
    describe('POST /api/articles (evaluated against the article list)', () => {
      it('412 with the list’s current ETag when If-Match carries a stale or malformed tag, and nothing is created', async () => {
        const before = await listValidators();
        await api.createArticle();
        const list = await listValidators();
        expect(list.etag).not.toBe(before.etag);
        const marker = uniqueId('stale');
        for (const ifMatch of [before.etag, '"nope"', 'nope', `W/${list.etag}`]) {
          await expectListPreconditionFailed(await postArticle(marker, { 'if-match': ifMatch }), list);
        }
        await api.expectNoArticleMentioning(marker);
      });

      it('201 when If-Match carries the list’s current ETag, alone or in a list, or is *', async () => {
        for (const ifMatch of [(etag: string) => etag, (etag: string) => `"other", ${etag}`, () => '*']) {
          const list = await listValidators();
          const marker = uniqueId('current');
          const created = await expectCreated(
            await postArticle(marker, { 'if-match': ifMatch(list.etag) }),
            marker,
          );
          expect((await api.listArticles())[0]).toEqual(created.value);
          expect((await listValidators()).etag).not.toBe(list.etag);
        }
      });

      it('412 to If-None-Match: * (the list always exists) or the list’s current ETag, and nothing is created', async () => {
        const list = await listValidators();
        const marker = uniqueId('none-match');
        for (const ifNoneMatch of ['*', list.etag, `"other", ${list.etag}`]) {
          await expectListPreconditionFailed(
            await postArticle(marker, { 'if-none-match': ifNoneMatch }),
            list,
          );
        }
        await api.expectNoArticleMentioning(marker);
      });

      it('201 when If-None-Match names only tags the list no longer has', async () => {
        const stale = await listValidators();
        await api.createArticle();
        const marker = uniqueId('none-match-stale');
        await expectCreated(await postArticle(marker, { 'if-none-match': `${stale.etag}, "other"` }), marker);
      });

      it('If-Unmodified-Since is ignored: the list sends no Last-Modified for it to be compared with', async () => {
        const list = await listValidators();
        expect(list.lastModified).toBeNull();
        const marker = uniqueId('unmodified');
        const earlier = new Date(Date.now() - 3_600_000).toUTCString();
        await expectCreated(await postArticle(marker, { 'if-unmodified-since': earlier }), marker);
      });

      it('201 whatever If-Modified-Since and If-Range say: they apply to GET alone', async () => {
        const marker = uniqueId('modified');
        const future = new Date(Date.now() + 3_600_000).toUTCString();
        const res = await postArticle(marker, {
          'if-modified-since': future,
          'if-range': '"nope"',
          range: 'bytes=0-1',
        });
        await expectCreated(res, marker);
      });

      it('an Idempotency-Key with the current If-Match creates once, and its retry replays the 201', async () => {
        const list = await listValidators();
        const marker = uniqueId('keyed');
        const key = `"${globalThis.crypto.randomUUID()}"`;
        const first = await postArticle(marker, { 'if-match': list.etag, 'idempotency-key': key });
        const created = await expectCreated(first, marker);
        const again = await postArticle(marker, { 'idempotency-key': key });
        await expectStatus(again, 201);
        expect({ value: await jsonBody<Article>(again), ...validatorsOf(again) }).toEqual(created);
        expect(
          (await api.listArticles()).filter((article) => article.title === `Title ${marker}`),
        ).toHaveLength(1);
      });

      it('a 412 records nothing under its Idempotency-Key: the key stays free', async () => {
        const list = await listValidators();
        const marker = uniqueId('keyed-stale');
        const key = `"${globalThis.crypto.randomUUID()}"`;
        await expectListPreconditionFailed(
          await postArticle(marker, { 'if-match': '"nope"', 'idempotency-key': key }),
          list,
        );
        await expectCreated(await postArticle(marker, { 'idempotency-key': key }), marker);
      });
    });

    describe('POST /api/sessions/:id/touch (evaluated against the session)', () => {
      it('412 with the current ETag when If-Match carries a stale or weak tag, and the session is not touched', async () => {
        const { stale, current } = await sessionWithStaleTag();
        for (const ifMatch of [stale.etag, `W/${current.etag}`, '"nope"']) {
          await expectPreconditionFailed(await touch(current.value.id, { 'if-match': ifMatch }), current);
        }
        expect(await api.readSession(current.value.id)).toEqual(current);
      });

      it('200 when If-Match carries the current tag: the session moves on', async () => {
        const { current } = await sessionWithStaleTag();
        const res = await touch(current.value.id, { 'if-match': current.etag });
        await expectStatus(res, 200);
        const touched = { value: await jsonBody<Session>(res), ...validatorsOf(res) };
        expect(touched.value.id).toBe(current.value.id);
        expect(touched.etag).not.toBe(current.etag);
        expect(await api.readSession(current.value.id)).toEqual(touched);
      });

      it('412 to If-None-Match: * or the current tag; 200 to a stale one', async () => {
        const { stale, current } = await sessionWithStaleTag();
        for (const ifNoneMatch of ['*', current.etag]) {
          await expectPreconditionFailed(
            await touch(current.value.id, { 'if-none-match': ifNoneMatch }),
            current,
          );
        }
        expect(await api.readSession(current.value.id)).toEqual(current);
        await expectStatus(await touch(current.value.id, { 'if-none-match': stale.etag }), 200);
      });

      it('412 when If-Unmodified-Since is earlier than the session’s Last-Modified; 200 when later', async () => {
        const { current } = await sessionWithStaleTag();
        const earlier = secondsFrom(current.lastModified, -1);
        await expectPreconditionFailed(
          await touch(current.value.id, { 'if-unmodified-since': earlier }),
          current,
        );
        expect(await api.readSession(current.value.id)).toEqual(current);
        const later = secondsFrom(current.lastModified, 3600);
        await expectStatus(await touch(current.value.id, { 'if-unmodified-since': later }), 200);
      });

      it('404 for a missing session, whatever the precondition', async () => {
        const id = uniqueId('absent');
        for (const headers of [{ 'if-match': '"x"' }, { 'if-match': '*' }, { 'if-none-match': '*' }, {}]) {
          await problem(await touch(id, headers), 404);
        }
      });

      it(`${TOUCHERS} concurrent touches with one If-Match: one 200, the rest 412 with the winner's ETag`, async () => {
        const session = await api.createSession();
        const responses = await Promise.all(
          Array.from({ length: TOUCHERS }, () => touch(session.value.id, { 'if-match': session.etag })),
        );
        const statuses = responses.map((res) => res.status).sort((a, b) => a - b);
        expect(statuses).toEqual([200, ...Array<number>(TOUCHERS - 1).fill(412)]);
        const winner = responses.find((res) => res.status === 200)!;
        const won = { value: await jsonBody<Session>(winner), ...validatorsOf(winner) };
        for (const loser of responses.filter((res) => res !== winner))
          await expectPreconditionFailed(loser, won);
        expect(await api.readSession(session.value.id)).toEqual(won);
      });
    });

    describe('POST /api/sessions (a collection with no representation)', () => {
      it('412 with no ETag to If-Match, whatever its value, * included', async () => {
        for (const ifMatch of ['"x"', '*']) {
          const res = await api.send('POST', '/api/sessions', { headers: { 'if-match': ifMatch } });
          await expectPreconditionFailed(res, undefined);
          expect(res.headers.get('location')).toBeNull();
        }
      });

      it('201 to If-None-Match: *', async () => {
        const res = await api.send('POST', '/api/sessions', { headers: { 'if-none-match': '*' } });
        await expectStatus(res, 201);
        const session = await jsonBody<Session>(res);
        expectLocation(res, api, `/api/sessions/${session.id}`);
        expect((await api.readSession(session.id)).value).toEqual(session);
      });
    });
  });
}
