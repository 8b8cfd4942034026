/**
 * Reading an article from a request body: `POST` and `PUT` send all of it, `PATCH` a merge patch.
 *
 * @module
 */

import type { ArticleChanges, ArticleFields } from './articles.js';
import type { ParseResult } from './parse-result.js';
import { isJsonObject } from './parse-result.js';
import { textFieldProblem } from './text-field.js';

/** The largest `views` the `integer` column holds. */
const MAX_VIEWS = 2_147_483_647;
const TITLE_BOUNDS = { min: 1, max: 200 };
const BODY_BOUNDS = { min: 0, max: Number.POSITIVE_INFINITY };

/** Options for {@link parseArticleInput}. */
export interface ParseArticleOptions {
  /**
   * Read a merge patch's members (RFC 7396): every field optional, `null` removes it. Removing
   * `title` or `body` is refused (they are required); removing `views` resets it to its default, 0,
   * exactly as applying the patch and then reading the whole article would.
   */
  readonly partial?: boolean | undefined;
  /**
   * The id in the URL. A body may repeat it in an `id` member; a different `id` is refused. Without
   * this option (a `POST`, where the server picks the id) an `id` member is ignored.
   */
  readonly id?: string | undefined;
}

/**
 * Reads article fields from a parsed JSON body: `title` a string of 1 to 200 characters, `body` a
 * string, `views` a non-negative integer (default 0). Other members are ignored. Strings must be
 * storable text: no U+0000 and no lone surrogates.
 *
 * @example
 * ```ts
 * const input = parseArticleInput(await request.json());
 * if (!input.ok) return problem(422, input.detail);
 * const article = await db.articles.create(input.value);
 * ```
 */
export function parseArticleInput(
  json: unknown,
  options: ParseArticleOptions & { readonly partial: true },
): ParseResult<ArticleChanges>;
export function parseArticleInput(
  json: unknown,
  options?: ParseArticleOptions & { readonly partial?: false | undefined },
): ParseResult<ArticleFields>;
export function parseArticleInput(
  json: unknown,
  options: ParseArticleOptions = {},
): ParseResult<ArticleChanges | ArticleFields> {
  if (!isJsonObject(json)) return { ok: false, detail: 'The body must be a JSON object' };
  const partial = options.partial === true;
  if (options.id !== undefined && 'id' in json && json.id !== options.id) {
    return { ok: false, detail: `id must be ${JSON.stringify(options.id)}, the id in the URL, when present` };
  }

  const changes: { title?: string; body?: string; views?: number } = {};
  for (const [name, bounds] of [
    ['title', TITLE_BOUNDS],
    ['body', BODY_BOUNDS],
  ] as const) {
    const value = json[name];
    if (value === undefined && partial) continue;
    if (value === undefined || value === null) return { ok: false, detail: `${name} is required` };
    const problem = textFieldProblem(name, value, bounds);
    if (problem) return { ok: false, detail: problem };
    changes[name] = value as string;
  }

  const views = json.views;
  if (views === null || (views === undefined && !partial)) {
    changes.views = 0;
  } else if (views !== undefined) {
    if (typeof views !== 'number' || !Number.isInteger(views) || views < 0 || views > MAX_VIEWS) {
      return { ok: false, detail: `views must be an integer from 0 to ${MAX_VIEWS}` };
    }
    changes.views = views;
  }
  return { ok: true, value: changes };
}
