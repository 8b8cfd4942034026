import { json, withPreconditions } from '@precond/next';

// Prerendered at build time and served from Next's cache: the handler does not run per request.
export const dynamic = 'force-static';

export const GET = withPreconditions(async () => json({ built: true }));
