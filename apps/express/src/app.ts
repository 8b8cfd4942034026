import type { Database } from '@precond/domain';
import { preconditionErrors, preconditions } from '@precond/express';
import type { Express } from 'express';
import express from 'express';
import { noRoute, problemResponses } from './problem-responses.js';
import { articleRoutes } from './routes/articles.js';
import { sessionRoutes } from './routes/sessions.js';
import { userRoutes } from './routes/users.js';

/** The sample API on Express, over an open database. */
export function createApp(db: Database): Express {
  const app = express();
  app.disable('x-powered-by');
  // Reads are revalidated: set before precond runs, so a 304 carries it as the 200 would.
  app.use((req, res, next) => {
    if (req.method === 'GET' || req.method === 'HEAD') res.set('Cache-Control', 'no-cache');
    next();
  });
  // After the fact for routes without validators (the article list): a strong ETag and 304s.
  app.use(preconditions());
  app.use('/api/articles', articleRoutes(db));
  app.use('/api/users', userRoutes(db));
  app.use('/api/sessions', sessionRoutes(db));
  app.use(noRoute);
  // A lost race (the domain's PreconditionFailedError) is the 412; every other error problem+json.
  app.use(preconditionErrors());
  app.use(problemResponses);
  return app;
}
