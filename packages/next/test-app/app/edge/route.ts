import { json, withPreconditions } from '@precond/next';

export const runtime = 'edge';

export const GET = withPreconditions(async () => json({ runtime: 'edge' }));
