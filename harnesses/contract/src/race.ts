/**
 * Topic `race`: concurrent conditional writes. Evaluating a precondition and then writing is not
 * enough on its own; the store's compare-and-set must make exactly one writer win, and every
 * loser's 412 must name the winner's tag.
 *
 * @module
 */

import { describe, expect, it } from 'vitest';
import type { Api, Article, Session, User, Versioned } from './fixtures.js';
import {
  epochSeconds,
  expectPreconditionFailed,
  expectStatus,
  jsonBody,
  sleep,
  transformedPutBody,
  uniqueId,
  validatorsOf,
} from './fixtures.js';

const WRITERS = 20;

/**
 * Sends one request per body so that the writes overlap as much as they can: each request goes out
 * at once with its headers and a first byte of the body (JSON whitespace), and the rest of every
 * body follows only once all of them are under way. A server that evaluates the precondition and
 * then writes without a compare-and-set lets more than one through.
 */
async function sendTogether(
  api: Api,
  method: string,
  path: string,
  headers: Record<string, string>,
  bodies: readonly unknown[],
): Promise<Response[]> {
  const encoder = new TextEncoder();
  let release = (): void => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  const pending = bodies.map((json) => {
    let sent = false;
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (!sent) {
          sent = true;
          controller.enqueue(encoder.encode(' '));
          return;
        }
        await released;
        controller.enqueue(encoder.encode(JSON.stringify(json)));
        controller.close();
      },
    });
    // A streamed request body needs `duplex: 'half'` (Fetch), which the DOM typings do not know yet.
    const init: RequestInit & { duplex: 'half' } = {
      method,
      headers: { 'accept-encoding': 'identity', 'content-type': 'application/json', ...headers },
      body,
      duplex: 'half',
    };
    return fetch(api.url(path), init);
  });
  // Give every request time to reach the server before any body completes; how long only affects
  // how hard the race is, never what a correct server answers.
  await sleep(100);
  release();
  return Promise.all(pending);
}

/** The one response with `status`, asserting there is exactly one, and the others. */
function splitWinner(
  responses: readonly Response[],
  status: number,
): { winner: Response; losers: Response[] } {
  const statuses = responses.map((res) => res.status).sort((a, b) => a - b);
  expect(statuses).toEqual([status, ...Array<number>(responses.length - 1).fill(412)]);
  const winner = responses.find((res) => res.status === status)!;
  return { winner, losers: responses.filter((res) => res !== winner) };
}

/** Registers the race cases. */
export function describeRace(api: Api): void {
  describe('race', () => {
    it(`${WRITERS} concurrent PATCHes with one If-Match: one 200, the rest 412 with the winner's ETag, one change stored`, async () => {
      const created = await api.createArticle({ views: 10 });
      const read = await api.readArticle(created.value.id);
      const responses = await sendTogether(
        api,
        'PATCH',
        `/api/articles/${read.value.id}`,
        { 'if-match': read.etag },
        Array.from({ length: WRITERS }, (_, writer) => ({
          title: `Writer ${writer}`,
          views: read.value.views + 1,
        })),
      );
      const { winner, losers } = splitWinner(responses, 200);
      const won: Versioned<Article> = { value: await jsonBody<Article>(winner), ...validatorsOf(winner) };
      expect(won.value).toEqual({ ...read.value, title: won.value.title, views: 11 });
      expect(won.value.title).toMatch(/^Writer \d+$/);
      for (const loser of losers) await expectPreconditionFailed(loser, won);
      expect(await api.readArticle(read.value.id)).toEqual(won);
    });

    it(`${WRITERS} concurrent PUTs with If-None-Match: * to one new article id: one 201, the rest 412 with the winner's ETag`, async () => {
      const id = uniqueId('race');
      const responses = await sendTogether(
        api,
        'PUT',
        `/api/articles/${id}`,
        { 'if-none-match': '*' },
        Array.from({ length: WRITERS }, (_, writer) => ({
          title: `Creator ${writer}`,
          body: `Body ${writer}`,
        })),
      );
      const { winner, losers } = splitWinner(responses, 201);
      // The stored article is not the content sent: the 201 has no validators, a GET has the winner's.
      const value = await transformedPutBody<Article>(winner, api, `/api/articles/${id}`, 201);
      const writer = /^Creator (\d+)$/.exec(value.title)?.[1];
      expect(value).toEqual({ id, title: `Creator ${writer}`, body: `Body ${writer}`, views: 0 });
      const won = await api.readArticle(id);
      expect(won.value).toEqual(value);
      for (const loser of losers) await expectPreconditionFailed(loser, won);
    });

    it(`${WRITERS} concurrent PUTs with If-None-Match: * to one new user name: one 201, the rest 412 with the winner's ETag`, async () => {
      const name = uniqueId('race');
      const responses = await sendTogether(
        api,
        'PUT',
        `/api/users/${name}`,
        { 'if-none-match': '*' },
        Array.from({ length: WRITERS }, (_, writer) => ({ displayName: `Creator ${writer}` })),
      );
      const { winner, losers } = splitWinner(responses, 201);
      const value = await transformedPutBody<User>(winner, api, `/api/users/${name}`, 201);
      expect(value.name).toBe(name);
      expect(value.displayName).toMatch(/^Creator \d+$/);
      const won = await api.readUser(name);
      expect(won.value).toEqual(value);
      for (const loser of losers) await expectPreconditionFailed(loser, won);
    });

    it(`${WRITERS} concurrent touches of one session each make a version with its own ETag, and no superseded date deletes it`, async () => {
      const created = await api.createSession();
      const path = `/api/sessions/${created.value.id}`;
      const responses = await Promise.all(
        Array.from({ length: WRITERS }, () => api.send('POST', `${path}/touch`)),
      );
      const versions: Versioned<Session>[] = [];
      for (const res of responses) {
        await expectStatus(res, 200);
        versions.push({ value: await jsonBody<Session>(res), ...validatorsOf(res) });
      }
      const etags = new Set([created.etag, ...versions.map((version) => version.etag)]);
      expect(etags.size).toBe(WRITERS + 1);
      for (const version of versions) {
        expect(epochSeconds(version.lastModified)).toBeGreaterThanOrEqual(epochSeconds(created.lastModified));
      }
      const current = await api.readSession(created.value.id);
      expect(versions).toContainEqual(current);
      // Many touches share a second: a client holding any superseded version's date must not win.
      for (const superseded of [created, ...versions].filter((version) => version.etag !== current.etag)) {
        const res = await api.send('DELETE', path, {
          headers: { 'if-unmodified-since': superseded.lastModified },
        });
        await expectPreconditionFailed(res, current);
      }
      expect(await api.readSession(created.value.id)).toEqual(current);
    });
  });
}
