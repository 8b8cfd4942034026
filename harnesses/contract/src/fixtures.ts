/**
 * What every topic shares: a client for the sample API, the resources it creates, and the
 * assertions that recur (a problem body, a 412, a 304, validators). A target never re-declares any.
 *
 * @module
 */

import { expect } from 'vitest';

/** An article as the API represents it (API.md, Articles). */
export interface Article {
  id: string;
  title: string;
  body: string;
  views: number;
}

/** The fields a client sends to create or replace an article. */
export interface ArticleInput {
  title: string;
  body: string;
  views?: number;
}

/** A user as the API represents it (API.md, Users). */
export interface User {
  name: string;
  displayName: string | null;
}

/** A session as the API represents it (API.md, Sessions). */
export interface Session {
  id: string;
  touchedAt: string;
}

/** A representation together with the validators of the response that carried it. */
export interface Versioned<T> {
  readonly value: T;
  /** The strong `ETag` field value, quotes included. */
  readonly etag: string;
  /** The `Last-Modified` field value, an IMF-fixdate. */
  readonly lastModified: string;
}

/** An RFC 9457 problem details body as the API sends it. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  /** The current entity-tag, on a 412. */
  etag?: string;
  [extension: string]: unknown;
}

/** What a test sends besides the method and path. */
export interface RequestOptions {
  readonly headers?: Readonly<Record<string, string>>;
  /** Serialised with `JSON.stringify` and sent as `Content-Type: application/json` unless `headers` say otherwise. */
  readonly json?: unknown;
  /** A body sent exactly as given (for malformed or oversized input). */
  readonly body?: string;
}

/** RFC 9110 §15 reason phrases: with `type: about:blank` the problem `title` is the phrase (RFC 9457 §4.2.1). */
const TITLES: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  404: 'Not Found',
  405: 'Method Not Allowed',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  416: 'Range Not Satisfiable',
  422: 'Unprocessable Content',
  428: 'Precondition Required',
  501: 'Not Implemented',
};

/** A strong entity-tag (RFC 9110 §8.8.3): no `W/`, etagc between the quotes. */
const STRONG_ETAG = /^"[\x21\x23-\x7e\x80-\xff]*"$/;

/** An IMF-fixdate (RFC 9110 §5.6.7), the only HTTP-date format a sender may generate. */
const IMF_FIXDATE =
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;

/** Ids in paths (API.md): anything else is an unknown id. */
export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** The request body limit (API.md): 64 KiB. */
export const BODY_LIMIT = 64 * 1024;

/** A well-formed article of `bytes` bytes (one over the limit by default), so only its size can be wrong with it. */
export function oversizedArticle(marker: string, bytes = BODY_LIMIT + 1): string {
  const head = `{"title":"${marker}","body":"`;
  const tail = '"}';
  return `${head}${'x'.repeat(bytes - head.length - tail.length)}${tail}`;
}

/** A fresh id, valid in a path and unique to this run, so tests never share a resource. */
export function uniqueId(prefix: string): string {
  return `${prefix}-${crypto.randomUUID()}`;
}

/** Waits `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The media type of a response, lower-case and without parameters; `undefined` without Content-Type. */
export function mediaType(res: Response): string | undefined {
  const value = res.headers.get('content-type');
  return value === null ? undefined : value.split(';')[0]!.trim().toLowerCase();
}

/** The parameters of a response's Content-Type, names lower-cased (`{ charset: 'utf-8' }`). */
function mediaTypeParameters(res: Response): Record<string, string> {
  const parameters: Record<string, string> = {};
  for (const part of (res.headers.get('content-type') ?? '').split(';').slice(1)) {
    const [name, value] = part.split('=');
    if (name !== undefined && value !== undefined) {
      parameters[name.trim().toLowerCase()] = value.trim().replace(/^"|"$/g, '');
    }
  }
  return parameters;
}

/**
 * Asserts the status, showing the response body when it differs: the message a failing contract
 * case needs first.
 */
export async function expectStatus(res: Response, status: number): Promise<void> {
  if (res.status === status) return;
  const text = await res
    .clone()
    .text()
    .catch(() => '');
  expect(res.status, `${res.url} answered ${res.status} ${text.slice(0, 500)}`).toBe(status);
}

/** Asserts a JSON response (`application/json`; a charset, if any, is UTF-8) and returns its body. */
export async function jsonBody<T>(res: Response): Promise<T> {
  expect(mediaType(res), `Content-Type of ${res.url}`).toBe('application/json');
  const charset = mediaTypeParameters(res).charset;
  if (charset !== undefined) expect(charset.toLowerCase()).toBe('utf-8');
  return (await res.json()) as T;
}

/**
 * Asserts an RFC 9457 problem response with the given status — `application/problem+json` with no
 * parameters,
 * `type: about:blank`, the status phrase as `title`, the same `status`, a `detail` — and returns
 * the parsed body.
 */
export async function problem(res: Response, status: number): Promise<Problem> {
  await expectStatus(res, status);
  // RFC 9110 §6.6.1: an origin server with a clock MUST send Date in a 4xx (and 2xx) response.
  expect(res.headers.get('date'), `Date of the ${status} from ${res.url}`).not.toBeNull();
  expect(mediaType(res), `Content-Type of the ${status} from ${res.url}`).toBe('application/problem+json');
  // RFC 9457 §6.1 registers application/problem+json with no parameters: no charset either.
  expect(mediaTypeParameters(res), `Content-Type of the ${status} from ${res.url}`).toEqual({});
  const body = (await res.json()) as Problem;
  expect(body.type).toBe('about:blank');
  expect(body.status).toBe(status);
  expect(body.title).toBe(TITLES[status]);
  expect(typeof body.detail).toBe('string');
  if (body.instance !== undefined) expect(typeof body.instance).toBe('string');
  return body;
}

/** Asserts a strong `ETag` field and returns it. */
export function strongEtag(res: Response): string {
  const etag = res.headers.get('etag');
  expect(etag, `ETag of ${res.status} from ${res.url}`).toMatch(STRONG_ETAG);
  return etag!;
}

/** Asserts a `Last-Modified` field in IMF-fixdate form and returns it. */
export function lastModified(res: Response): string {
  const value = res.headers.get('last-modified');
  expect(value, `Last-Modified of ${res.status} from ${res.url}`).toMatch(IMF_FIXDATE);
  expectNotAheadOfDate(res);
  return value!;
}

/**
 * RFC 9110 §8.8.2.1: an origin server MUST NOT send a Last-Modified later than its `Date`; every
 * response carrying a Last-Modified carries a Date.
 */
export function expectNotAheadOfDate(res: Response): void {
  const value = res.headers.get('last-modified');
  if (value === null) return;
  const date = res.headers.get('date');
  expect(date, `Date of the ${res.status} from ${res.url}, which carries a Last-Modified`).toMatch(
    IMF_FIXDATE,
  );
  expect(
    Date.parse(value),
    `Last-Modified ${value} of the ${res.status} from ${res.url} is later than its Date ${date}`,
  ).toBeLessThanOrEqual(Date.parse(date ?? ''));
}

/** Whole seconds since the epoch of an HTTP-date the API sent. */
export function epochSeconds(httpDate: string): number {
  return Date.parse(httpDate) / 1000;
}

/** Asserts `Cache-Control` carries the `no-cache` directive, as every read does. */
export function expectNoCache(res: Response): void {
  const directives = (res.headers.get('cache-control') ?? '')
    .split(',')
    .map((directive) => directive.trim().toLowerCase());
  expect(directives, `Cache-Control of ${res.status} from ${res.url}`).toContain('no-cache');
}

/** Asserts a `Location` that resolves to `path` on the target. */
export function expectLocation(res: Response, api: Api, path: string): void {
  const location = res.headers.get('location');
  expect(location, `Location of ${res.status} from ${res.url}`).not.toBeNull();
  expect(new URL(location!, api.url('/')).href).toBe(api.url(path));
}

/** Asserts an empty body: what a 304, a 204 or any HEAD response carries. */
export async function expectNoBody(res: Response): Promise<void> {
  expect(await res.text()).toBe('');
}

/**
 * Asserts a 304 Not Modified (RFC 9110 §15.4.5): the current `ETag` and `Last-Modified`,
 * `Cache-Control: no-cache`, and neither content nor content fields (no `Content-Length` either).
 */
export async function expectNotModified(res: Response, current: Versioned<unknown>): Promise<void> {
  await expectStatus(res, 304);
  expect(res.headers.get('etag')).toBe(current.etag);
  expect(res.headers.get('last-modified')).toBe(current.lastModified);
  expectNoCache(res);
  expect(res.headers.get('content-type')).toBeNull();
  expect(res.headers.get('content-range')).toBeNull();
  // RFC 9110 §8.6: a 304 (to GET or HEAD) may carry only the 200's Content-Length; `0` never is.
  expect(res.headers.get('content-length'), `Content-Length of the 304 from ${res.url}`).toBeNull();
  await expectNoBody(res);
}

/**
 * Asserts a 412 Precondition Failed that tells the client what is current: `ETag` and
 * `Last-Modified` fields and the `etag` member of the problem body. Without `current` (the
 * resource does not exist), asserts that no entity-tag is claimed at all.
 */
export async function expectPreconditionFailed(
  res: Response,
  current: Versioned<unknown> | undefined,
): Promise<Problem> {
  const body = await problem(res, 412);
  // The body is a problem, not a representation of the resource: nothing names one (RFC 9110 §8.7).
  expect(res.headers.get('content-location')).toBeNull();
  expect(res.headers.get('etag')).toBe(current?.etag ?? null);
  expect(body.etag).toBe(current?.etag);
  if (current !== undefined) expect(res.headers.get('last-modified')).toBe(current.lastModified);
  return body;
}

/**
 * Asserts the answer to a `PUT` whose content is not, byte for byte, the representation the server
 * stored (RFC 9110 §9.3.4): `status`, neither `ETag` nor `Last-Modified`, `Content-Location` naming
 * the resource at `path` (RFC 9110 §8.7: the body is its representation), and returns that body.
 */
export async function transformedPutBody<T>(
  res: Response,
  api: Api,
  path: string,
  status: 200 | 201,
): Promise<T> {
  await expectStatus(res, status);
  expectNoValidators(res);
  expectContentLocation(res, api, path);
  return jsonBody<T>(res);
}

/** Asserts a response carries neither `ETag` nor `Last-Modified`. */
export function expectNoValidators(res: Response): void {
  expect(res.headers.get('etag'), `ETag of the ${res.status} from ${res.url}`).toBeNull();
  expect(res.headers.get('last-modified'), `Last-Modified of the ${res.status} from ${res.url}`).toBeNull();
}

/** Asserts a `Content-Location` that resolves to `path` on the target. */
export function expectContentLocation(res: Response, api: Api, path: string): void {
  const location = res.headers.get('content-location');
  expect(location, `Content-Location of ${res.status} from ${res.url}`).not.toBeNull();
  expect(new URL(location!, api.url('/')).href).toBe(api.url(path));
}

/** The validators of a response, asserting both are there and well-formed. */
export function validatorsOf(res: Response): Omit<Versioned<never>, 'value'> {
  return { etag: strongEtag(res), lastModified: lastModified(res) };
}

/**
 * A client for the sample API on one running target. Its base URL is read when a request is
 * made, so topics can be registered before the server has started.
 */
export class Api {
  readonly #baseUrl: () => string;

  constructor(baseUrl: () => string) {
    this.#baseUrl = baseUrl;
  }

  /** The absolute URL of a path on the target. */
  url(path: string): string {
    return `${this.#baseUrl().replace(/\/+$/, '')}${path}`;
  }

  /**
   * Sends one request with global `fetch`. Asks for the identity encoding, so byte counts and
   * ranges are of the representation itself; fetch adds no conditional fields of its own.
   */
  send(method: string, path: string, options: RequestOptions = {}): Promise<Response> {
    const headers: Record<string, string> = { 'accept-encoding': 'identity' };
    let body: string | undefined = options.body;
    if (options.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.json);
    }
    Object.assign(headers, options.headers);
    return fetch(this.url(path), { method, headers, ...(body === undefined ? {} : { body }) });
  }

  /** `POST /api/articles`; asserts the 201 with its Location and validators. */
  async createArticle(input: Partial<ArticleInput> = {}): Promise<Versioned<Article>> {
    const marker = uniqueId('article');
    const res = await this.send('POST', '/api/articles', {
      json: { title: `Title ${marker}`, body: `Body of ${marker}.`, ...input },
    });
    await expectStatus(res, 201);
    const value = await jsonBody<Article>(res);
    expect(value.id).toMatch(ID_PATTERN);
    expectLocation(res, this, `/api/articles/${value.id}`);
    expectContentLocation(res, this, `/api/articles/${value.id}`);
    return { value, ...validatorsOf(res) };
  }

  /** `GET /api/articles/:id`; asserts the 200 and its validators. */
  async readArticle(id: string): Promise<Versioned<Article>> {
    return this.#read<Article>(`/api/articles/${id}`);
  }

  /** `PATCH /api/articles/:id` with `If-Match`; asserts the 200 and returns the new version. */
  async patchArticle(id: string, etag: string, patch: Partial<ArticleInput>): Promise<Versioned<Article>> {
    const res = await this.send('PATCH', `/api/articles/${id}`, {
      headers: { 'if-match': etag, 'content-type': 'application/merge-patch+json' },
      body: JSON.stringify(patch),
    });
    await expectStatus(res, 200);
    expectContentLocation(res, this, `/api/articles/${id}`);
    return { value: await jsonBody<Article>(res), ...validatorsOf(res) };
  }

  /** `GET /api/articles`: every article, newest first. */
  async listArticles(): Promise<Article[]> {
    const res = await this.send('GET', '/api/articles');
    await expectStatus(res, 200);
    return jsonBody<Article[]>(res);
  }

  /** Asserts that no article's title or body mentions `marker`: a rejected create stored nothing. */
  async expectNoArticleMentioning(marker: string): Promise<void> {
    const mentioning = (await this.listArticles()).filter(
      (article) => article.title.includes(marker) || article.body.includes(marker),
    );
    expect(mentioning).toEqual([]);
  }

  /** Asserts the article is exactly as it was: same representation, same validators. */
  async expectArticleUnchanged(before: Versioned<Article>): Promise<void> {
    expect(await this.readArticle(before.value.id)).toEqual(before);
  }

  /** Asserts `GET path` answers 404 (with a problem body). */
  async expectAbsent(path: string): Promise<void> {
    await problem(await this.send('GET', path), 404);
  }

  /**
   * `PUT /api/users/:name` `{ displayName }` with `If-None-Match: *`; asserts the 201 with its
   * Location and no validators (the content is not the stored `{ name, displayName }`), then reads
   * the user for them.
   */
  async createUser(displayName = 'Ada Lovelace', name = uniqueId('user')): Promise<Versioned<User>> {
    const res = await this.send('PUT', `/api/users/${name}`, {
      headers: { 'if-none-match': '*' },
      json: { displayName },
    });
    const value = await transformedPutBody<User>(res, this, `/api/users/${name}`, 201);
    expect(value).toEqual({ name, displayName });
    expectLocation(res, this, `/api/users/${name}`);
    const read = await this.readUser(name);
    expect(read.value).toEqual(value);
    return read;
  }

  /** `GET /api/users/:name`; asserts the 200 and its validators. */
  async readUser(name: string): Promise<Versioned<User>> {
    return this.#read<User>(`/api/users/${name}`);
  }

  /** `POST /api/sessions` (no request body); asserts the 201 with its Location and validators. */
  async createSession(): Promise<Versioned<Session>> {
    const res = await this.send('POST', '/api/sessions');
    await expectStatus(res, 201);
    const value = await jsonBody<Session>(res);
    expect(value.id).toMatch(ID_PATTERN);
    expect(Number.isNaN(Date.parse(value.touchedAt)), `touchedAt ${value.touchedAt}`).toBe(false);
    expectLocation(res, this, `/api/sessions/${value.id}`);
    expectContentLocation(res, this, `/api/sessions/${value.id}`);
    return { value, ...validatorsOf(res) };
  }

  /** `GET /api/sessions/:id`; asserts the 200 and its validators. */
  async readSession(id: string): Promise<Versioned<Session>> {
    return this.#read<Session>(`/api/sessions/${id}`);
  }

  /** `POST /api/sessions/:id/touch`; asserts the 200 and returns the new version. */
  async touchSession(id: string): Promise<Versioned<Session>> {
    const res = await this.send('POST', `/api/sessions/${id}/touch`);
    await expectStatus(res, 200);
    expectContentLocation(res, this, `/api/sessions/${id}`);
    return { value: await jsonBody<Session>(res), ...validatorsOf(res) };
  }

  async #read<T>(path: string): Promise<Versioned<T>> {
    const res = await this.send('GET', path);
    await expectStatus(res, 200);
    expectNoCache(res);
    return { value: await jsonBody<T>(res), ...validatorsOf(res) };
  }
}
