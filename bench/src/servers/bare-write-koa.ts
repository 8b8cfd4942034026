/**
 * The write path without precond: the same Koa + @koa/router route, the same JSON body reading, the
 * same compare-and-set and the same answers as the sample app (the fields of `versionFields` on a
 * 200; a problem+json 412 with the current validators), hand-written as a team would without a library —
 * the If-Match field passed to the statement as it is (one tag). The body is read by the app's own
 * middleware (`jsonRequest`, a layer before the route, as koa-bodyparser would be), so that the app
 * and this route differ by precond alone. It shows how much of the distance to the driver is
 * precond's and how much is HTTP and the framework's.
 *
 * @module
 */

import { createServer } from 'node:http';
import Router from '@koa/router';
import { jsonRequest } from '@precond/app-koa/json-request';
import { httpProblem, isPreconditionFailed, PROBLEM_CONTENT_TYPE, validatorHeaders } from '@precond/core';
import {
  type ArticleRecord,
  articleJson,
  openDatabase,
  parseArticleInput,
  problemForError,
  ResourceNotFoundError,
  versionFields,
} from '@precond/domain';
import Koa, { type Context } from 'koa';
import { type ListeningServer, listen } from './listen.js';

/** What the app's `jsonRequest` puts on `ctx.state`. */
interface BodyState {
  body?: unknown;
}

function sendArticle(ctx: Context, article: ArticleRecord, status = 200): void {
  ctx.status = status;
  ctx.set(versionFields(article));
  ctx.body = articleJson(article);
}

export async function startBareWriteApp(databaseUrl: string | undefined): Promise<ListeningServer> {
  const db = await openDatabase({ databaseUrl });
  const router = new Router<BodyState>();
  router.post('/api/articles', jsonRequest(), async (ctx) => {
    const input = parseArticleInput(ctx.state.body);
    if (!input.ok) return ctx.throw(422, input.detail);
    sendArticle(ctx, await db.articles.create(input.value), 201);
  });
  router.patch('/api/articles/:id', jsonRequest(), async (ctx) => {
    const ifMatch = ctx.get('If-Match');
    if (!ifMatch) ctx.throw(428, 'If-Match is required');
    const changes = parseArticleInput(ctx.state.body, { partial: true, id: ctx.params.id });
    if (!changes.ok) return ctx.throw(422, changes.detail);
    try {
      sendArticle(ctx, await db.articles.update(ctx.params.id!, changes.value, ifMatch));
    } catch (error) {
      if (error instanceof ResourceNotFoundError) ctx.throw(404, error.message);
      if (!isPreconditionFailed(error)) throw error;
      ctx.status = 412;
      const { etag, lastModified } = error;
      ctx.set(validatorHeaders({ exists: true, etag, lastModified }));
      ctx.set('Cache-Control', 'no-store');
      ctx.type = PROBLEM_CONTENT_TYPE;
      ctx.body = JSON.stringify({ ...httpProblem(412, error.message, ctx.originalUrl), etag: error.etag });
    }
  });
  const app = new Koa<BodyState>();
  // Errors answered as the sample app answers them: problem+json, a storage outage 503.
  app.use(async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      const { status, expose, message } = error as { status?: number; expose?: boolean; message?: string };
      const problem =
        expose && status ? { status, detail: message ?? '', headers: {} } : problemForError(error);
      ctx.status = problem.status;
      ctx.set(problem.headers);
      ctx.set('Cache-Control', 'no-store');
      ctx.type = PROBLEM_CONTENT_TYPE;
      ctx.body = JSON.stringify(httpProblem(problem.status, problem.detail, ctx.originalUrl));
    }
  });
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
