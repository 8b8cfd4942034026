import { processDatabase, sessionJson } from '@precond/domain';
import { withPreconditions } from '@precond/next';
import type { IdContext } from '@/lib/api-route';
import { apiRoute } from '@/lib/api-route';
import { otherMethods } from '@/lib/other-methods';
import { notFound } from '@/lib/problem';
import { recordResponse } from '@/lib/representation';

export const runtime = 'nodejs';

const existing = async (_request: Request, { params }: IdContext) => {
  const validators = await (await processDatabase()).sessions.validators((await params).id);
  return validators.exists ? validators : undefined;
};

export const GET = apiRoute(
  withPreconditions(
    async (request, { params }: IdContext) => {
      const { id } = await params;
      const session = await (await processDatabase()).sessions.get(id);
      if (!session) return notFound(request, `session ${id}`);
      return recordResponse(session, sessionJson(session));
    },
    { loadValidators: existing },
  ),
);

/** Ends a session, with `If-Unmodified-Since` (or `If-Match`): 412 if it was touched since. */
export const DELETE = apiRoute(
  withPreconditions(
    async (request, { params }: IdContext, { writeCondition }) => {
      const { id } = await params;
      if (!writeCondition) return notFound(request, `session ${id}`);
      await (await processDatabase()).sessions.delete(id, writeCondition);
      return new Response(null, { status: 204 });
    },
    // An If-Match-only delete is decided by its compare-and-set alone.
    { loadValidators: existing, requirePreconditions: true, deferIfMatch: true },
  ),
);

const { notAllowed, OPTIONS } = otherMethods('GET', 'HEAD', 'DELETE');

export { notAllowed as PATCH, notAllowed as POST, notAllowed as PUT, OPTIONS };
