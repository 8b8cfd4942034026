/**
 * The bodies the servers send and the validators they answer from. Every server process builds
 * the same ones (deterministically), so every contender sends the same bytes.
 *
 * @module
 */

import type { Validators } from '@precond/core';
import type { BodyName } from './server-process.js';

/** A small deterministic generator, so that fixtures are the same in every process and run. */
function numbers(seed: number): () => number {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    return state / 2 ** 32;
  };
}

const WORDS = (
  'precondition entity tag validator revalidate origin cache representation resource client server ' +
  'request response header field strong weak match modified since unmodified range partial content ' +
  'update conflict version state write read lost concurrent compare set'
).split(' ');

function sentence(next: () => number, words: number): string {
  return Array.from({ length: words }, () => WORDS[Math.floor(next() * WORDS.length)]).join(' ');
}

/** A JSON document (a list of items) whose serialisation is as close to `bytes` long as items allow. */
function jsonDocument(bytes: number): unknown {
  const next = numbers(bytes);
  const items: unknown[] = [];
  const document = { kind: 'inventory', items };
  let length = JSON.stringify(document).length;
  for (let id = 1; ; id++) {
    const item = {
      id,
      sku: `SKU-${String(id).padStart(6, '0')}`,
      name: sentence(next, 3),
      price: id * 3 + 0.99,
    };
    length += JSON.stringify(item).length + (items.length > 0 ? 1 : 0);
    if (length > bytes) return document;
    items.push(item);
  }
}

/** An article as a store would hold it: what the rendered body is built from. */
interface StoredArticle {
  readonly id: number;
  readonly title: string;
  readonly author: { readonly id: number; readonly name: string };
  readonly body: string;
  readonly tags: readonly string[];
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly views: number;
}

function storedArticles(count: number): StoredArticle[] {
  const next = numbers(7);
  return Array.from({ length: count }, (_, index) => {
    const created = Date.UTC(2026, 0, 1) + index * 3_600_000;
    return {
      id: 1000 + index,
      title: sentence(next, 6),
      author: { id: 1 + (index % 17), name: `Author ${1 + (index % 17)}` },
      body: sentence(next, 40),
      tags: [WORDS[index % WORDS.length]!, WORDS[(index * 7) % WORDS.length]!],
      createdAt: new Date(created),
      updatedAt: new Date(created + 86_400_000),
      views: Math.floor(next() * 100_000),
    };
  });
}

/** The list of articles a route renders on each request: built from the stored data, then serialised. */
function renderArticles(articles: readonly StoredArticle[]): string {
  return JSON.stringify({
    total: articles.length,
    data: articles.map((article) => ({
      id: String(article.id),
      type: 'article',
      href: `/articles/${article.id}`,
      title: article.title,
      author: {
        id: String(article.author.id),
        name: article.author.name,
        href: `/users/${article.author.id}`,
      },
      excerpt: `${article.body.slice(0, 120)}…`,
      body: article.body,
      tags: article.tags,
      createdAt: article.createdAt.toISOString(),
      updatedAt: article.updatedAt.toISOString(),
      views: article.views,
    })),
  });
}

/** As many articles as make the rendered list about 100 KiB. */
function articlesFor(bytes: number): StoredArticle[] {
  const all = storedArticles(1000);
  let count = Math.floor(bytes / (renderArticles(all).length / all.length));
  while (renderArticles(all.slice(0, count + 1)).length <= bytes) count++;
  while (renderArticles(all.slice(0, count)).length > bytes) count--;
  return all.slice(0, count);
}

/** A body: `produce()` runs on every request, as the handler's work. */
export interface Fixture {
  /** What a handler returns: an object the framework serialises, or JSON text already rendered. */
  readonly produce: () => unknown;
  /** The resource's validators, as a narrow query (or a version column) would give them. */
  readonly validators: Validators & { readonly etag: string; readonly lastModified: Date };
  /** The ETag's opaque-tag without quotes, as hapi's `h.entity({ etag })` takes it. */
  readonly opaqueTag: string;
}

const LAST_MODIFIED = new Date('2026-11-01T10:00:00Z');

function fixtureWithTag(produce: () => unknown, opaqueTag: string): Fixture {
  return {
    produce,
    validators: { exists: true, etag: `"${opaqueTag}"`, lastModified: LAST_MODIFIED },
    opaqueTag,
  };
}

export function fixture(name: BodyName): Fixture {
  switch (name) {
    case 'json-1k': {
      const document = jsonDocument(1024);
      return fixtureWithTag(() => document, '5d41402abc4b2a76b9719d911017c592');
    }
    case 'json-100k': {
      const document = jsonDocument(100 * 1024);
      return fixtureWithTag(() => document, '7d793037a0760186574b0282f2f435e7');
    }
    case 'rendered-100k': {
      const articles = articlesFor(100 * 1024);
      return fixtureWithTag(() => renderArticles(articles), '9e107d9d372bb6826bd81d3542a419d6');
    }
  }
}
