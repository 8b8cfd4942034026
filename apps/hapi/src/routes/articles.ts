import type { Request, ResponseToolkit, ServerRoute } from '@hapi/hapi';
import { byteRangeResponse } from '@precond/core';
import type { ArticleRecord, Database } from '@precond/domain';
import {
  createArticleOnce,
  isResourceId,
  parseArticleInput,
  putArticle,
  articleJson as toJson,
} from '@precond/domain';
import { jsonRequest } from '../json-request.js';
import { problemResponse } from '../problem-responses.js';
import { answerResponse, recordResponse, writtenResponse } from '../representation.js';

const idOf = (request: Request) => String(request.params.id);

/** Articles: list, create, read, merge-patch, replace or safe-create, delete, and the ranged body. */
export function articleRoutes(db: Database): ServerRoute[] {
  // GET, PATCH and DELETE of a missing article answer 404 before any precondition (RFC 9110 §13.2.1).
  const existing = async (request: Request) => {
    const validators = await db.articles.validators(idOf(request));
    return validators.exists ? validators : undefined;
  };
  // PUT may create: a missing article is `{ exists: false }`, so `If-None-Match: *` proceeds.
  const creatable = (request: Request) =>
    isResourceId(idOf(request)) ? db.articles.validators(idOf(request)) : undefined;
  // What the compare-and-set checks: the evaluated tag, or the request's own If-Match list when
  // `deferIfMatch` left an If-Match-only write to the statement (one round trip, no validator read;
  // a missing article is then the store's ResourceNotFoundError, a 404).
  const writeCondition = (request: Request) => request.plugins.precond?.writeCondition;
  const unsafe = { loadValidators: existing, requirePreconditions: true, deferIfMatch: true } as const;
  const notFound = (request: Request, h: ResponseToolkit) =>
    problemResponse(request, h, 404, `There is no article ${idOf(request)}`);
  const invalid = (request: Request, h: ResponseToolkit, detail: string) =>
    problemResponse(request, h, 422, detail);

  // A POST's preconditions are evaluated against the list (RFC 9110 §13.2.1), which is read only
  // when the request carries one (`loadOnlyWhenConditional`): a plain create reads nothing more.
  const listValidators = () => db.articles.listValidators();

  // The body route loads the whole article in its loader, so that If-Range and the bytes sent are
  // about the very same version.
  const loaded = new WeakMap<Request, ArticleRecord>();
  const withArticle = async (request: Request) => {
    const article = await db.articles.get(idOf(request));
    if (!article) return undefined;
    loaded.set(request, article);
    const { etag, lastModified, lastModifiedStrong } = article;
    return { exists: true, etag, lastModified, lastModifiedStrong };
  };

  return [
    {
      method: 'GET',
      path: '/api/articles',
      handler: async (_request, h) => {
        const list = await db.articles.readList();
        return h
          .response(list.body)
          .type('application/json')
          .header('etag', list.etag)
          .header('cache-control', 'no-cache');
      },
    },
    {
      method: 'POST',
      path: '/api/articles',
      // A POST with an Idempotency-Key creates once per key; one without creates as it always did.
      options: {
        ...jsonRequest,
        plugins: {
          precond: {
            loadValidators: listValidators,
            loadOnlyWhenConditional: true,
            idempotencyKey: 'optional',
          },
        },
      },
      handler: async (request, h) => {
        const input = parseArticleInput(request.app.body);
        if (!input.ok) return invalid(request, h, input.detail);
        const key = request.plugins.precond?.idempotencyKey;
        if (key !== undefined) {
          const path = request.url.pathname + request.url.search;
          const post = { key, method: request.method.toUpperCase(), path, body: request.app.body };
          return answerResponse(h, await createArticleOnce(db.articles, input.value, post));
        }
        const article = await db.articles.create(input.value);
        return writtenResponse(h, article, toJson(article), `/api/articles/${article.id}`, 201);
      },
    },
    {
      method: 'GET',
      path: '/api/articles/{id}',
      options: { plugins: { precond: { loadValidators: existing } } },
      handler: async (request, h) => {
        const article = await db.articles.get(idOf(request));
        if (!article) return notFound(request, h);
        return recordResponse(h, article, toJson(article));
      },
    },
    {
      method: 'PATCH',
      path: '/api/articles/{id}',
      options: { ...jsonRequest, plugins: { precond: unsafe } },
      handler: async (request, h) => {
        const condition = writeCondition(request);
        if (!condition) return notFound(request, h);
        const changes = parseArticleInput(request.app.body, { partial: true, id: idOf(request) });
        if (!changes.ok) return invalid(request, h, changes.detail);
        const article = await db.articles.update(idOf(request), changes.value, condition);
        return writtenResponse(h, article, toJson(article), `/api/articles/${article.id}`);
      },
    },
    {
      method: 'PUT',
      path: '/api/articles/{id}',
      options: {
        ...jsonRequest,
        plugins: { precond: { ...unsafe, loadValidators: creatable } },
      },
      handler: async (request, h) => {
        if (!isResourceId(idOf(request)) || !request.plugins.precond) return notFound(request, h);
        const input = parseArticleInput(request.app.body, { id: idOf(request) });
        if (!input.ok) return invalid(request, h, input.detail);
        const put = { condition: writeCondition(request), content: request.app.content! };
        return answerResponse(h, await putArticle(db.articles, idOf(request), input.value, put));
      },
    },
    {
      method: 'DELETE',
      path: '/api/articles/{id}',
      options: { plugins: { precond: unsafe } },
      handler: async (request, h) => {
        const condition = writeCondition(request);
        if (!condition) return notFound(request, h);
        await db.articles.delete(idOf(request), condition);
        return h.response().code(204);
      },
    },
    {
      method: 'GET',
      path: '/api/articles/{id}/body',
      options: { plugins: { precond: { loadValidators: withArticle } } },
      handler: (request, h) => {
        const article = loaded.get(request);
        if (!article) return notFound(request, h);
        const bytes = Buffer.from(article.body, 'utf8');
        const answer = byteRangeResponse({
          method: request.raw.req.method,
          range: request.raw.req.headers.range,
          ignoreRange: request.plugins.precond?.ignoreRange,
          size: bytes.byteLength,
          instance: request.raw.req.url ?? request.path,
        });
        const response =
          answer.status === 416
            ? h.response(answer.body).code(416).header('cache-control', 'no-store')
            : recordResponse(h, article, bytes.subarray(...answer.slice), answer.status).type(
                'text/plain; charset=utf-8',
              );
        for (const [name, value] of Object.entries(answer.headers)) response.header(name, value);
        return response;
      },
    },
  ];
}
