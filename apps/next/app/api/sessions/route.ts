import { processDatabase, sessionJson } from '@precond/domain';
import { withPreconditions } from '@precond/next';
import { apiRoute } from '@/lib/api-route';
import { otherMethods } from '@/lib/other-methods';
import { recordResponse } from '@/lib/representation';

export const runtime = 'nodejs';

/**
 * Starts a session; there is no request body. `withPreconditions` codes its ETag as a read's. The
 * collection has no representation (no GET): If-Match fails, `If-None-Match: *` holds.
 */
export const POST = apiRoute(
  withPreconditions(
    async () => {
      const session = await (await processDatabase()).sessions.create();
      return recordResponse(session, sessionJson(session), {
        path: `/api/sessions/${session.id}`,
        status: 201,
      });
    },
    { loadValidators: () => ({ exists: false }) },
  ),
);

const { notAllowed, OPTIONS } = otherMethods('POST');

export { notAllowed as DELETE, notAllowed as GET, notAllowed as PATCH, notAllowed as PUT, OPTIONS };
