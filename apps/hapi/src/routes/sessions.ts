import type { Request, ResponseToolkit, RouteOptions, ServerRoute } from '@hapi/hapi';
import type { Database } from '@precond/domain';
import { sessionJson as toJson } from '@precond/domain';
import { problemResponse } from '../problem-responses.js';
import { recordResponse, writtenResponse } from '../representation.js';

const idOf = (request: Request) => String(request.params.id);

/** These POSTs take no body: whatever is sent is read and ignored, never parsed as JSON by hapi. */
const noBody = { payload: { parse: false } } satisfies RouteOptions;

/** Sessions: start, read, touch (Last-Modified moves on), end with `If-Unmodified-Since` or `If-Match`. */
export function sessionRoutes(db: Database): ServerRoute[] {
  const notFound = (request: Request, h: ResponseToolkit) =>
    problemResponse(request, h, 404, `There is no session ${idOf(request)}`);
  const existing = async (request: Request) => {
    const validators = await db.sessions.validators(idOf(request));
    return validators.exists ? validators : undefined;
  };

  // Evaluated against the session, read only when the request carries a precondition.
  const touchable = { loadValidators: existing, loadOnlyWhenConditional: true, deferIfMatch: true } as const;

  return [
    {
      method: 'POST',
      path: '/api/sessions',
      // The collection has no representation (no GET): If-Match fails, `If-None-Match: *` holds.
      options: { ...noBody, plugins: { precond: { loadValidators: () => ({ exists: false }) } } },
      handler: async (_request, h) => {
        const session = await db.sessions.create();
        return writtenResponse(h, session, toJson(session), `/api/sessions/${session.id}`, 201);
      },
    },
    {
      method: 'GET',
      path: '/api/sessions/{id}',
      options: { plugins: { precond: { loadValidators: existing } } },
      handler: async (request, h) => {
        const session = await db.sessions.get(idOf(request));
        if (!session) return notFound(request, h);
        return recordResponse(h, session, toJson(session));
      },
    },
    {
      method: 'POST',
      path: '/api/sessions/{id}/touch',
      // Evaluated against the session, read only when the request carries a precondition; then the
      // touch is one compare-and-set with the evaluated tag (or the If-Match list, deferred), so a
      // touch in between fails it. Without one, it touches whatever version is current.
      options: { ...noBody, plugins: { precond: touchable } },
      handler: async (request, h) => {
        const session = await db.sessions.touch(idOf(request), request.plugins.precond?.writeCondition);
        if (!session) return notFound(request, h);
        return writtenResponse(h, session, toJson(session), `/api/sessions/${session.id}`);
      },
    },
    {
      method: 'DELETE',
      path: '/api/sessions/{id}',
      // An If-Match-only delete is decided by its compare-and-set alone (`deferIfMatch`).
      options: {
        plugins: { precond: { loadValidators: existing, requirePreconditions: true, deferIfMatch: true } },
      },
      handler: async (request, h) => {
        const condition = request.plugins.precond?.writeCondition;
        if (!condition) return notFound(request, h);
        await db.sessions.delete(idOf(request), condition);
        return h.response().code(204);
      },
    },
  ];
}
