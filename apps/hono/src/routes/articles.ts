import { byteRangeResponse } from '@precond/core';
import type { ArticleRecord, Database } from '@precond/domain';
import {
  createArticleOnce,
  isResourceId,
  parseArticleInput,
  putArticle,
  articleJson as toJson,
} from '@precond/domain';
import { preconditions } from '@precond/hono';
import type { Context } from 'hono';
import { Hono } from 'hono';
import type { AppEnv } from '../env.js';
import { jsonRequest } from '../json-request.js';
import { methodNotAllowed, problem } from '../problem-responses.js';
import { sendAnswer, sendRecord, sendWritten } from '../representation.js';

/** Articles: list, create, read, merge-patch, replace or safe-create, delete, and the ranged body. */
export function articleRoutes(db: Database): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const id = (c: Context) => c.req.param('id') ?? '';
  // GET, PATCH and DELETE of a missing article answer 404 before any precondition (RFC 9110 §13.2.1).
  const existing = async (c: Context) => {
    const validators = await db.articles.validators(id(c));
    return validators.exists ? validators : undefined;
  };
  // PUT may create: a missing article is `{ exists: false }`, so `If-None-Match: *` proceeds.
  const creatable = (c: Context) => (isResourceId(id(c)) ? db.articles.validators(id(c)) : undefined);
  // Reads are revalidated: the 304 answered before the handler carries it as the 200 does.
  const read = { loadValidators: existing, cacheFields: { 'cache-control': 'no-cache' } };
  // The compare-and-set checks `c.var.precond.writeCondition`: the evaluated tag, or the request's
  // own If-Match list when `deferIfMatch` left an If-Match-only write to the statement (a missing
  // article is then the store's ResourceNotFoundError, a 404).
  const unsafe = { loadValidators: existing, requirePreconditions: true, deferIfMatch: true } as const;
  const notFound = (c: Context) => problem(c, 404, `There is no article ${id(c)}`);
  const invalid = (c: Context, detail: string) => problem(c, 422, detail);

  app.get('/', async (c) => {
    const list = await db.articles.readList();
    c.header('etag', list.etag);
    c.header('cache-control', 'no-cache');
    c.header('content-type', 'application/json');
    return c.body(list.body);
  });
  // A POST's preconditions are evaluated against the list (RFC 9110 §13.2.1), which is read only
  // when the request carries one (`loadOnlyWhenConditional`): a plain create reads nothing more.
  // A POST with an Idempotency-Key creates once per key; one without creates as it always did.
  const create = {
    loadValidators: () => db.articles.listValidators(),
    loadOnlyWhenConditional: true,
    idempotencyKey: 'optional',
  } as const;
  app.post('/', jsonRequest(), preconditions(create), async (c) => {
    const input = parseArticleInput(c.var.body);
    if (!input.ok) return invalid(c, input.detail);
    const key = c.var.precond.idempotencyKey;
    if (key !== undefined) {
      const url = new URL(c.req.url);
      const post = { key, method: c.req.method, path: url.pathname + url.search, body: c.var.body };
      return sendAnswer(c, await createArticleOnce(db.articles, input.value, post));
    }
    const article = await db.articles.create(input.value);
    return sendWritten(c, article, toJson(article), `/api/articles/${article.id}`, 201);
  });
  app.all('/', methodNotAllowed(['GET', 'HEAD', 'POST']));

  app.get('/:id', preconditions(read), async (c) => {
    const article = await db.articles.get(id(c));
    if (!article) return notFound(c);
    return sendRecord(c, article, toJson(article));
  });
  app.patch('/:id', jsonRequest(), preconditions(unsafe), async (c) => {
    const condition = c.var.precond.writeCondition;
    if (!condition) return notFound(c);
    const changes = parseArticleInput(c.var.body, { partial: true, id: id(c) });
    if (!changes.ok) return invalid(c, changes.detail);
    const article = await db.articles.update(id(c), changes.value, condition);
    return sendWritten(c, article, toJson(article), `/api/articles/${article.id}`);
  });
  app.put('/:id', jsonRequest(), preconditions({ ...unsafe, loadValidators: creatable }), async (c) => {
    if (!isResourceId(id(c))) return notFound(c);
    const { writeCondition } = c.var.precond;
    const input = parseArticleInput(c.var.body, { id: id(c) });
    if (!input.ok) return invalid(c, input.detail);
    const put = { condition: writeCondition, content: c.var.content };
    return sendAnswer(c, await putArticle(db.articles, id(c), input.value, put));
  });
  app.delete('/:id', preconditions(unsafe), async (c) => {
    const condition = c.var.precond.writeCondition;
    if (!condition) return notFound(c);
    await db.articles.delete(id(c), condition);
    return c.body(null, 204);
  });
  app.all('/:id', methodNotAllowed(['GET', 'HEAD', 'PATCH', 'PUT', 'DELETE']));

  // The body route loads the whole article in its loader, so that If-Range and the bytes sent are
  // about the very same version.
  const loaded = new WeakMap<Request, ArticleRecord>();
  const withArticle = async (c: Context) => {
    const article = await db.articles.get(id(c));
    if (!article) return undefined;
    loaded.set(c.req.raw, article);
    const { etag, lastModified, lastModifiedStrong } = article;
    return { exists: true, etag, lastModified, lastModifiedStrong };
  };
  app.get('/:id/body', preconditions({ ...read, loadValidators: withArticle }), (c) => {
    const article = loaded.get(c.req.raw);
    if (!article) return notFound(c);
    const bytes = new TextEncoder().encode(article.body);
    const answer = byteRangeResponse({
      method: c.req.method,
      range: c.req.header('range') || undefined,
      ignoreRange: c.var.precond.ignoreRange,
      size: bytes.byteLength,
      instance: c.req.path,
    });
    if (answer.status === 416) {
      return c.body(answer.body, 416, { ...answer.headers, 'cache-control': 'no-store' });
    }
    for (const [name, value] of Object.entries(answer.headers)) c.header(name, value);
    c.header('content-type', 'text/plain; charset=utf-8');
    return sendRecord(c, article, bytes.subarray(...answer.slice), answer.status);
  });
  app.all('/:id/body', methodNotAllowed(['GET', 'HEAD']));

  return app;
}
