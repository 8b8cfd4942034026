/**
 * The write path without precond: the same Koa + @koa/router route, the same JSON body reading and
 * the same compare-and-set as the sample app, hand-written as a team would without a library — the
 * If-Match field passed to the statement as it is (one tag), 412/404 as small JSON bodies. It shows
 * how much of the distance to the driver is precond's and how much is HTTP and the framework's.
 *
 * @module
 */

import { createServer } from 'node:http';
import Router from '@koa/router';
import { formatHttpDate, isPreconditionFailed } from '@precond/core';
import {
  type ArticleRecord,
  decodeJsonBody,
  openDatabase,
  parseArticleInput,
  ResourceNotFoundError,
  readBodyBytes,
} from '@precond/domain';
import Koa, { type Context } from 'koa';
import { type ListeningServer, listen } from './listen.js';

function sendArticle(ctx: Context, article: ArticleRecord, status = 200): void {
  ctx.status = status;
  ctx.set('ETag', article.etag);
  ctx.set('Last-Modified', formatHttpDate(article.lastModified));
  ctx.body = { id: article.id, title: article.title, body: article.body, views: article.views };
}

async function readJson(ctx: Context): Promise<unknown> {
  const result = decodeJsonBody(ctx.get('Content-Type'), await readBodyBytes(ctx.req));
  if (result.ok) return result.value;
  ctx.throw(result.status, result.detail);
}

export async function startBareWriteApp(databaseUrl: string | undefined): Promise<ListeningServer> {
  const db = await openDatabase({ databaseUrl });
  const router = new Router();
  router.post('/api/articles', async (ctx) => {
    const input = parseArticleInput(await readJson(ctx));
    if (!input.ok) return ctx.throw(422, input.detail);
    sendArticle(ctx, await db.articles.create(input.value), 201);
  });
  router.patch('/api/articles/:id', async (ctx) => {
    const ifMatch = ctx.get('If-Match');
    if (!ifMatch) ctx.throw(428, 'If-Match is required');
    const changes = parseArticleInput(await readJson(ctx), { partial: true, id: ctx.params.id });
    if (!changes.ok) return ctx.throw(422, changes.detail);
    try {
      sendArticle(ctx, await db.articles.update(ctx.params.id!, changes.value, ifMatch));
    } catch (error) {
      if (error instanceof ResourceNotFoundError) ctx.throw(404, error.message);
      if (!isPreconditionFailed(error)) throw error;
      ctx.status = 412;
      if (error.etag) ctx.set('ETag', error.etag);
      ctx.body = { title: 'Precondition Failed', etag: error.etag };
    }
  });
  const app = new Koa();
  app.use(router.routes());
  const server = await listen(createServer(app.callback()));
  return {
    port: server.port,
    async close() {
      await server.close();
      await db.close();
    },
  };
}
