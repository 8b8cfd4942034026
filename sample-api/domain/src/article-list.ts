/**
 * The article list (`GET /api/articles`) as one representation: the JSON body and its strong ETag,
 * computed once here so that the tag a GET sends and the tag a POST's preconditions are evaluated
 * against can never disagree.
 *
 * @module
 */

import { generateEntityTag } from '@precond/core/etag';
import type { Article } from './articles.js';
import { articleJson } from './wire.js';

/** The list's representation: what `GET /api/articles` sends, and its `ETag`. */
export interface ArticleList {
  /** The JSON text of every article, in the order given (the store's: newest first). */
  readonly body: string;
  /** The strong entity-tag of exactly those bytes. */
  readonly etag: string;
}

/**
 * The list of `articles` as sent: its JSON and the tag of that JSON. It has no `Last-Modified`: a
 * delete moves no row's date forward, so no date could say the list is unchanged since.
 */
export function articleList(articles: readonly Article[]): ArticleList {
  const body = JSON.stringify(articles.map(articleJson));
  return { body, etag: generateEntityTag(body) };
}
