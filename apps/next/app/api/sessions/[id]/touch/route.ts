import { processDatabase, sessionJson } from '@precond/domain';
import { withPreconditions } from '@precond/next';
import type { IdContext } from '@/lib/api-route';
import { apiRoute } from '@/lib/api-route';
import { otherMethods } from '@/lib/other-methods';
import { notFound } from '@/lib/problem';
import { recordResponse } from '@/lib/representation';

export const runtime = 'nodejs';

/**
 * Evaluated against the session, read only when the request carries a precondition
 * (`loadOnlyWhenConditional`); then the touch
 * is one compare-and-set with the evaluated tag (or the If-Match list, deferred), so a touch in
 * between fails it. Without one, it touches whatever version is current.
 */
const touchable = async (_request: Request, { params }: IdContext) => {
  const validators = await (await processDatabase()).sessions.validators((await params).id);
  return validators.exists ? validators : undefined;
};

/** Touches a session (no body): a new ETag and the Last-Modified of now. */
export const POST = apiRoute(
  withPreconditions(
    async (request, { params }: IdContext, { writeCondition }) => {
      const { id } = await params;
      const session = await (await processDatabase()).sessions.touch(id, writeCondition);
      if (!session) return notFound(request, `session ${id}`);
      return recordResponse(session, sessionJson(session), {
        path: `/api/sessions/${session.id}`,
        status: 200,
      });
    },
    { loadValidators: touchable, loadOnlyWhenConditional: true, deferIfMatch: true },
  ),
);

const { notAllowed, OPTIONS } = otherMethods('POST');

export { notAllowed as DELETE, notAllowed as GET, notAllowed as PATCH, notAllowed as PUT, OPTIONS };
