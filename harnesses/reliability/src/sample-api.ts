/**
 * The few calls of the sample API (harnesses/contract/API.md) the scenarios make, over the load client.
 *
 * @module
 */

import { type HttpClient, type HttpReply, header } from './http-client.js';

/** An article as the API represents it. */
export interface Article {
  readonly id: string;
  readonly title: string;
  readonly body: string;
  readonly views: number;
}

/** A representation with the validators of the response that carried it. */
export interface Versioned<T> {
  readonly value: T;
  readonly etag: string;
  readonly lastModified: string;
}

/** Whole seconds since the epoch of an HTTP-date. */
export function epochSeconds(httpDate: string): number {
  return Date.parse(httpDate) / 1000;
}

/**
 * How many seconds a reply's Last-Modified is later than its own Date (RFC 9110 §8.8.2.1 allows
 * none): 0 or less when it is not, `undefined` when the reply lacks either.
 */
export function secondsAheadOfDate(reply: HttpReply): number | undefined {
  const lastModified = header(reply, 'last-modified');
  const date = header(reply, 'date');
  if (!lastModified || !date) return undefined;
  return epochSeconds(lastModified) - epochSeconds(date);
}

/** The representation and validators of a 2xx reply; throws with the reply when it is not one. */
export function versioned<T>(reply: HttpReply, what: string): Versioned<T> {
  const etag = header(reply, 'etag');
  const lastModified = header(reply, 'last-modified');
  if (reply.status < 200 || reply.status > 299 || !etag || !lastModified) {
    throw new Error(`${what} answered ${reply.status}: ${reply.text.slice(0, 300)}`);
  }
  return { value: JSON.parse(reply.text) as T, etag, lastModified };
}

/** `POST /api/articles`. */
export async function createArticle(
  client: HttpClient,
  input: { title: string; body: string; views?: number },
): Promise<Versioned<Article>> {
  return versioned(
    await client.send({ method: 'POST', path: '/api/articles', json: input }),
    'POST /api/articles',
  );
}

/** `GET /api/articles/:id`. */
export async function readArticle(client: HttpClient, id: string): Promise<Versioned<Article>> {
  return versioned(
    await client.send({ method: 'GET', path: `/api/articles/${id}` }),
    `GET ${client.baseUrl}/api/articles/${id}`,
  );
}

/** The `etag` member of a problem body, when the reply has one. */
export function problemEtag(reply: HttpReply): string | undefined {
  try {
    const etag = (JSON.parse(reply.text) as { etag?: unknown }).etag;
    return typeof etag === 'string' ? etag : undefined;
  } catch {
    return undefined;
  }
}
