/**
 * The answer to a successful `PUT` (replace or create), the same in every app: when it carries the
 * new version's validators (RFC 9110 §9.3.4), and what else it says about its body.
 *
 * @module
 */

import type { ArticleInput, ArticleStore } from './articles.js';
import type { CreateOnceAnswer } from './create-once-answer.js';
import type { ExpectedVersion, RecordVersion } from './row-version.js';
import type { UserInput, UserStore } from './users.js';
import { articleJson, userJson, versionFields } from './wire.js';

/** A `PUT` as an app's route hands it over, its preconditions already evaluated by the adapter. */
export interface PutRequest {
  /**
   * What the replacement's compare-and-set checks (the adapter's `writeCondition`); `undefined` when
   * the request creates (`If-None-Match: *` held: there is nothing to replace).
   */
  readonly condition: ExpectedVersion | undefined;
  /** The request's content, exactly as received (`decodeJsonBody`'s `content`). */
  readonly content: Uint8Array;
}

/** `PUT /api/articles/:id`: replaces the article (200) or creates it (201), and says what to answer. */
export async function putArticle(
  articles: ArticleStore,
  id: string,
  input: ArticleInput,
  { condition, content }: PutRequest,
): Promise<CreateOnceAnswer> {
  const article =
    condition === undefined ? await articles.insert(id, input) : await articles.replace(id, input, condition);
  const status = condition === undefined ? 201 : 200;
  return putAnswer(article, articleJson(article), { status, path: `/api/articles/${article.id}`, content });
}

/** `PUT /api/users/:name`: replaces the user (200) or creates it (201), and says what to answer. */
export async function putUser(
  users: UserStore,
  name: string,
  input: UserInput,
  { condition, content }: PutRequest,
): Promise<CreateOnceAnswer> {
  const user =
    condition === undefined ? await users.insert(name, input) : await users.replace(name, input, condition);
  const status = condition === undefined ? 201 : 200;
  return putAnswer(user, userJson(user), { status, path: `/api/users/${user.name}`, content });
}

/** What {@link putAnswer} needs besides the stored version. */
export interface PutAnswerOptions {
  /** `200` for a replacement, `201` for a create (which then names the resource in `Location`). */
  readonly status: 200 | 201;
  /** The resource's path, such as `/api/articles/:id`: the `Content-Location` (and a 201's `Location`). */
  readonly path: string;
  /** The request's content, exactly as received (the bytes before any JSON decoding). */
  readonly content: Uint8Array;
}

/**
 * The answer to a `PUT` that wrote `version`, whose new representation is `representation` (the
 * JSON a `GET` sends). RFC 9110 §9.3.4: a server MUST NOT send `ETag` or `Last-Modified` in a
 * successful response to `PUT` unless the representation it stored is the request's content
 * without any transformation. The API stores fields, not the bytes received (it adds `id` or `name`,
 * defaults `views`, drops unknown members and respaces), so the validators go out only when the
 * bytes a `GET` would send are byte for byte the request's content: a client that `PUT`s the
 * canonical JSON gets them back; any other client reads the resource for its tag.
 *
 * Either way the body is the new representation and `Content-Location` names the resource (RFC 9110
 * §8.7: the content is then a current representation of the target, not a status report). The body
 * goes out as the serialised JSON, not as a value for the framework to serialise: the bytes compared
 * are the bytes sent.
 */
export function putAnswer(
  version: RecordVersion,
  representation: object,
  { status, path, content }: PutAnswerOptions,
): CreateOnceAnswer {
  const body = JSON.stringify(representation);
  const headers: Record<string, string> = {
    'content-type': 'application/json; charset=utf-8',
    'content-location': path,
  };
  if (status === 201) headers.location = path;
  if (Buffer.from(body, 'utf8').equals(content)) Object.assign(headers, versionFields(version));
  return { status, headers, body };
}
