import { processDatabase, sessionJson } from '@precond/domain';
import { apiRoute } from '@/lib/api-route';
import { otherMethods } from '@/lib/other-methods';
import { recordResponse } from '@/lib/representation';

export const runtime = 'nodejs';

/** Starts a session; there is no request body. */
export const POST = apiRoute(async () => {
  const session = await (await processDatabase()).sessions.create();
  return recordResponse(session, sessionJson(session), { location: `/api/sessions/${session.id}` });
});

const { notAllowed, OPTIONS } = otherMethods('POST');

export { notAllowed as DELETE, notAllowed as GET, notAllowed as PATCH, notAllowed as PUT, OPTIONS };
