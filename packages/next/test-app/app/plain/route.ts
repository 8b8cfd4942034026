import { json, withPreconditions } from '@precond/next';

let served = 0;

// No `dynamic` export: a GET route handler runs on every request in Next 15 and 16.
export const GET = withPreconditions(async () =>
  json({ served: ++served > 0 }, { headers: { 'cache-control': 'no-cache' } }),
);
