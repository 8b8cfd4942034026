import { byteRangeResponse } from '@precond/core';
import type { ArticleRecord, Database } from '@precond/domain';
import {
  createArticleOnce,
  isResourceId,
  parseArticleInput,
  putArticle,
  articleJson as toJson,
} from '@precond/domain';
import type { RoutePreconditionOptions } from '@precond/fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { jsonRequest, requestContent } from '../json-request.js';
import { sendProblem } from '../problem-responses.js';
import { sendAnswer, sendRecord, sendWritten } from '../representation.js';

const idOf = (request: FastifyRequest) => (request.params as { id?: string }).id ?? '';

/** Articles: list, create, read, merge-patch, replace or safe-create, delete, and the ranged body. */
export function articleRoutes(app: FastifyInstance, db: Database): void {
  // GET, PATCH and DELETE of a missing article answer 404 before any precondition (RFC 9110 §13.2.1).
  const existing = async (request: FastifyRequest) => {
    const validators = await db.articles.validators(idOf(request));
    return validators.exists ? validators : undefined;
  };
  // PUT may create: a missing article is `{ exists: false }`, so `If-None-Match: *` proceeds.
  const creatable = (request: FastifyRequest) =>
    isResourceId(idOf(request)) ? db.articles.validators(idOf(request)) : undefined;
  // An If-Match-only write is decided by its compare-and-set alone (`deferIfMatch`): a missing
  // article is then the store's ResourceNotFoundError, a 404.
  const unsafe: RoutePreconditionOptions = {
    loadValidators: existing,
    requirePreconditions: true,
    deferIfMatch: true,
  };
  const notFound = (request: FastifyRequest, reply: FastifyReply) =>
    sendProblem(reply, 404, `There is no article ${idOf(request)}`);
  const invalid = (reply: FastifyReply, detail: string) => sendProblem(reply, 422, detail);

  app.get('/api/articles', async (_request, reply) => {
    const list = await db.articles.readList();
    return reply.header('etag', list.etag).type('application/json; charset=utf-8').send(list.body);
  });

  // A POST's preconditions are evaluated against the list (RFC 9110 §13.2.1), which is read only
  // when the request carries one (`loadOnlyWhenConditional`): a plain create reads nothing more.
  // A POST with an Idempotency-Key creates once per key; one without creates as it always did.
  const create: RoutePreconditionOptions = {
    loadValidators: () => db.articles.listValidators(),
    loadOnlyWhenConditional: true,
    idempotencyKey: 'optional',
  };
  const keyed = { preValidation: jsonRequest, config: { precond: create } };
  app.post('/api/articles', keyed, async (request, reply) => {
    const input = parseArticleInput(request.body);
    if (!input.ok) return invalid(reply, input.detail);
    const key = request.precond?.idempotencyKey;
    if (key !== undefined) {
      const post = { key, method: request.method, path: request.url, body: request.body };
      return sendAnswer(reply, await createArticleOnce(db.articles, input.value, post));
    }
    const article = await db.articles.create(input.value);
    return sendWritten(reply, article, toJson(article), `/api/articles/${article.id}`, 201);
  });

  app.get(
    '/api/articles/:id',
    { config: { precond: { loadValidators: existing } } },
    async (request, reply) => {
      const article = await db.articles.get(idOf(request));
      if (!article) return notFound(request, reply);
      return sendRecord(reply, article, toJson(article));
    },
  );

  app.patch(
    '/api/articles/:id',
    { preValidation: jsonRequest, config: { precond: unsafe } },
    async (request, reply) => {
      const condition = request.precond?.writeCondition;
      if (!condition) return notFound(request, reply);
      const changes = parseArticleInput(request.body, { partial: true, id: idOf(request) });
      if (!changes.ok) return invalid(reply, changes.detail);
      const article = await db.articles.update(idOf(request), changes.value, condition);
      return sendWritten(reply, article, toJson(article), `/api/articles/${article.id}`);
    },
  );

  app.put(
    '/api/articles/:id',
    { preValidation: jsonRequest, config: { precond: { ...unsafe, loadValidators: creatable } } },
    async (request, reply) => {
      if (!isResourceId(idOf(request)) || !request.precond) return notFound(request, reply);
      const input = parseArticleInput(request.body, { id: idOf(request) });
      if (!input.ok) return invalid(reply, input.detail);
      const put = { condition: request.precond.writeCondition, content: requestContent(request) };
      return sendAnswer(reply, await putArticle(db.articles, idOf(request), input.value, put));
    },
  );

  app.delete('/api/articles/:id', { config: { precond: unsafe } }, async (request, reply) => {
    const condition = request.precond?.writeCondition;
    if (!condition) return notFound(request, reply);
    await db.articles.delete(idOf(request), condition);
    return reply.code(204).send();
  });

  // The body route loads the whole article in its loader, so that If-Range and the bytes sent are
  // about the very same version.
  const loaded = new WeakMap<FastifyRequest, ArticleRecord>();
  const withArticle = async (request: FastifyRequest) => {
    const article = await db.articles.get(idOf(request));
    if (!article) return undefined;
    loaded.set(request, article);
    const { etag, lastModified, lastModifiedStrong } = article;
    return { exists: true, etag, lastModified, lastModifiedStrong };
  };
  app.get(
    '/api/articles/:id/body',
    { config: { precond: { loadValidators: withArticle } } },
    async (request, reply) => {
      const article = loaded.get(request);
      if (!article) return notFound(request, reply);
      const bytes = Buffer.from(article.body, 'utf8');
      const answer = byteRangeResponse({
        method: request.method,
        range: request.headers.range,
        ignoreRange: request.precond?.ignoreRange,
        size: bytes.byteLength,
        instance: request.url,
      });
      if (answer.status === 416) {
        return reply
          .code(416)
          .headers({ ...answer.headers, 'cache-control': 'no-store' })
          .send(Buffer.from(answer.body));
      }
      reply.headers(answer.headers).type('text/plain; charset=utf-8');
      return sendRecord(reply, article, bytes.subarray(...answer.slice), answer.status);
    },
  );
}
