import type { Database } from '@precond/domain';
import { sessionJson as toJson } from '@precond/domain';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendProblem } from '../problem-responses.js';
import { sendRecord, sendWritten } from '../representation.js';

const idOf = (request: FastifyRequest) => (request.params as { id?: string }).id ?? '';

/** Sessions: start, read, touch (Last-Modified moves on), end with `If-Unmodified-Since` or `If-Match`. */
export function sessionRoutes(app: FastifyInstance, db: Database): void {
  const notFound = (request: FastifyRequest, reply: FastifyReply) =>
    sendProblem(reply, 404, `There is no session ${idOf(request)}`);
  const existing = async (request: FastifyRequest) => {
    const validators = await db.sessions.validators(idOf(request));
    return validators.exists ? validators : undefined;
  };

  // The collection has no representation (no GET): If-Match fails, `If-None-Match: *` holds.
  const collection = { precond: { loadValidators: () => ({ exists: false }) } };
  app.post('/api/sessions', { config: collection }, async (_request, reply) => {
    const session = await db.sessions.create();
    return sendWritten(reply, session, toJson(session), `/api/sessions/${session.id}`, 201);
  });

  app.get(
    '/api/sessions/:id',
    { config: { precond: { loadValidators: existing } } },
    async (request, reply) => {
      const session = await db.sessions.get(idOf(request));
      if (!session) return notFound(request, reply);
      return sendRecord(reply, session, toJson(session));
    },
  );

  // A touch is evaluated against the session, read only when the request carries a precondition
  // (`loadOnlyWhenConditional`);
  // then the touch is one compare-and-set with the evaluated tag (or the If-Match list, deferred),
  // so a touch in between fails it. Without one, it touches whatever version is current.
  const touch = { precond: { loadValidators: existing, loadOnlyWhenConditional: true, deferIfMatch: true } };
  app.post('/api/sessions/:id/touch', { config: touch }, async (request, reply) => {
    const session = await db.sessions.touch(idOf(request), request.precond?.writeCondition);
    if (!session) return notFound(request, reply);
    return sendWritten(reply, session, toJson(session), `/api/sessions/${session.id}`);
  });

  // An If-Match-only delete is decided by its compare-and-set alone (`deferIfMatch`).
  const precond = { loadValidators: existing, requirePreconditions: true, deferIfMatch: true };
  app.delete('/api/sessions/:id', { config: { precond } }, async (request, reply) => {
    const condition = request.precond?.writeCondition;
    if (!condition) return notFound(request, reply);
    await db.sessions.delete(idOf(request), condition);
    return reply.code(204).send();
  });
}
