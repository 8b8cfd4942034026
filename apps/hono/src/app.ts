import type { Database } from '@precond/domain';
import { preconditions } from '@precond/hono';
import { Hono } from 'hono';
import type { AppEnv } from './env.js';
import { noRoute, problemResponses } from './problem-responses.js';
import { articleRoutes } from './routes/articles.js';
import { sessionRoutes } from './routes/sessions.js';
import { userRoutes } from './routes/users.js';

/** The sample API on Hono, over an open database. */
export function createApp(db: Database): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  // After the fact for routes without validators (the article list): a strong ETag and 304s; a
  // route's own preconditions() decides for it. A lost race (the domain's PreconditionFailedError)
  // becomes the 412 here too.
  app.use(preconditions());
  app.route('/api/articles', articleRoutes(db));
  app.route('/api/users', userRoutes(db));
  app.route('/api/sessions', sessionRoutes(db));
  app.notFound(noRoute);
  app.onError(problemResponses);
  return app;
}
