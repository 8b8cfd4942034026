import { processDatabase, sessionJson } from '@precond/domain';
import { withPreconditionsApi } from '@precond/next/pages';
import { apiRoute } from '@/lib/api-route';
import { sendRecord } from '@/lib/representation';

export const config = { api: { bodyParser: false } };

export default apiRoute({
  // Starts a session; there is no request body. The collection has no representation (no GET):
  // If-Match fails, `If-None-Match: *` holds.
  POST: withPreconditionsApi(
    async (_req, res) => {
      const session = await (await processDatabase()).sessions.create();
      sendRecord(res, session, sessionJson(session), { path: `/api/sessions/${session.id}`, status: 201 });
    },
    { loadValidators: () => ({ exists: false }) },
  ),
});
