import { articleJson, createArticleOnce, parseArticleInput, processDatabase } from '@precond/domain';
import { withPreconditions } from '@precond/next';
import { apiRoute } from '@/lib/api-route';
import { jsonRequest } from '@/lib/json-request';
import { otherMethods } from '@/lib/other-methods';
import { problemResponse } from '@/lib/problem';
import { answerResponse, recordResponse } from '@/lib/representation';

export const runtime = 'nodejs';

/**
 * The list, after the fact: it carries the domain's tag of its body (the one a POST's preconditions
 * are evaluated against), and `@precond/next` answers 304 when the request's condition says so.
 */
export const GET = apiRoute(
  withPreconditions(async () => {
    const list = await (await processDatabase()).articles.readList();
    const headers = { etag: list.etag, 'cache-control': 'no-cache', 'content-type': 'application/json' };
    return new Response(list.body, { headers });
  }),
);

/**
 * A POST's preconditions are evaluated against the list (RFC 9110 §13.2.1), which is read only
 * when the request carries one (`loadOnlyWhenConditional`): a plain create reads nothing more.
 */
const listValidators = async () => (await processDatabase()).articles.listValidators();

/** Creates an article: with an Idempotency-Key once per key, without one as it always did. */
const create = (key: string | undefined) =>
  jsonRequest(async (request, { body }) => {
    const input = parseArticleInput(body);
    if (!input.ok) return problemResponse(request, 422, input.detail);
    const db = await processDatabase();
    if (key !== undefined) {
      const url = new URL(request.url);
      const post = { key, method: request.method, path: url.pathname + url.search, body };
      return answerResponse(await createArticleOnce(db.articles, input.value, post));
    }
    const article = await db.articles.create(input.value);
    return recordResponse(article, articleJson(article), {
      path: `/api/articles/${article.id}`,
      status: 201,
    });
  });

/** `withPreconditions` reads the key (400 when malformed) and gives the ETag the coding a read would get. */
export const POST = apiRoute(
  withPreconditions(
    (request, context: object, { idempotencyKey }) => create(idempotencyKey)(request, context),
    { loadValidators: listValidators, loadOnlyWhenConditional: true, idempotencyKey: 'optional' },
  ),
);

const { notAllowed, OPTIONS } = otherMethods('GET', 'HEAD', 'POST');

export { notAllowed as DELETE, notAllowed as PATCH, notAllowed as PUT, OPTIONS };
