import { processDatabase, sessionJson } from '@precond/domain';
import { withPreconditions } from '@precond/next';
import type { IdContext } from '@/lib/api-route';
import { apiRoute } from '@/lib/api-route';
import { otherMethods } from '@/lib/other-methods';
import { notFound } from '@/lib/problem';
import { recordResponse } from '@/lib/representation';

export const runtime = 'nodejs';

/** Touches a session (no body, no precondition): a new ETag and the Last-Modified of now. */
export const POST = apiRoute(
  withPreconditions(async (request, { params }: IdContext) => {
    const { id } = await params;
    const session = await (await processDatabase()).sessions.touch(id);
    if (!session) return notFound(request, `session ${id}`);
    return recordResponse(session, sessionJson(session));
  }),
);

const { notAllowed, OPTIONS } = otherMethods('POST');

export { notAllowed as DELETE, notAllowed as GET, notAllowed as PATCH, notAllowed as PUT, OPTIONS };
