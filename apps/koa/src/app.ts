import type { Database } from '@precond/domain';
import Koa from 'koa';
import { problemResponses } from './problem-responses.js';
import { articleRoutes } from './routes/articles.js';
import { sessionRoutes } from './routes/sessions.js';
import { userRoutes } from './routes/users.js';
import type { AppState } from './state.js';

/** The sample API on Koa, over an open database. */
export function createApp(db: Database): Koa<AppState> {
  const app = new Koa<AppState>();
  app.use(problemResponses());
  for (const router of [articleRoutes(db), userRoutes(db), sessionRoutes(db)]) {
    app.use(router.routes());
    app.use(router.allowedMethods());
  }
  return app;
}
