import type { Database } from '@precond/domain';
import { precond } from '@precond/fastify';
import type { FastifyInstance } from 'fastify';
import Fastify from 'fastify';
import { parseBodiesAsJson } from './json-request.js';
import { clientErrorProblem, problemResponses, sendProblem } from './problem-responses.js';
import { articleRoutes } from './routes/articles.js';
import { sessionRoutes } from './routes/sessions.js';
import { userRoutes } from './routes/users.js';

/**
 * The methods a path that does not serve them answers 405 to (HEAD follows GET): RFC 9110's, but
 * CONNECT, whose request target is no path.
 */
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'TRACE'] as const;

/** The sample API on Fastify, over an open database. */
export async function createApp(db: Database): Promise<FastifyInstance> {
  // Errors Fastify raises before routing (a path that is no valid percent-encoding, a malformed
  // content type) are problem+json too.
  const app = Fastify({
    frameworkErrors: (error, _request, reply) => sendProblem(reply, error.statusCode ?? 400, error.message),
    // And those Node's parser raises before there is a request (a lower-case method, 431).
    clientErrorHandler: clientErrorProblem,
  });
  problemResponses(app);
  parseBodiesAsJson(app);
  // Reads are revalidated: set before precond runs, so a 304 carries it as the 200 would.
  app.addHook('onRequest', async (request, reply) => {
    if (request.method === 'GET' || request.method === 'HEAD') reply.header('cache-control', 'no-cache');
  });
  // After the fact for routes without validators (the article list): a strong ETag and 304s.
  await app.register(precond);

  // Fastify's router answers 404 to a method a path does not serve: each path answers 405 instead.
  const served = new Map<string, Set<string>>();
  app.addHook('onRoute', (route) => {
    const methods = served.get(route.url) ?? new Set<string>();
    for (const method of [route.method].flat()) methods.add(method);
    served.set(route.url, methods);
  });
  articleRoutes(app, db);
  userRoutes(app, db);
  sessionRoutes(app, db);
  for (const [url, methods] of [...served]) {
    const allow = [...methods, ...(methods.has('GET') && !methods.has('HEAD') ? ['HEAD'] : [])].join(', ');
    app.route({
      method: METHODS.filter((method) => !methods.has(method)),
      url,
      handler: (request, reply) =>
        sendProblem(reply.header('allow', allow), 405, `${request.method} is not supported here`),
    });
  }
  return app;
}
