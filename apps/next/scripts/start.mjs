// `pnpm --filter ./apps/next start` runs this after the build: `next start` on PORT (default 3003) and
// HOST, stopped cleanly by SIGTERM or SIGINT (see scripts/start-next-app.mjs at the repository root),
// with Node joining repeated field lines (join-duplicate-headers.mjs) and TRACE answered 501
// (fetch-forbidden-methods.mjs).
import { startNextApp } from '../../../scripts/start-next-app.mjs';

startNextApp(new URL('..', import.meta.url), '3003', [
  new URL('join-duplicate-headers.mjs', import.meta.url),
  new URL('fetch-forbidden-methods.mjs', import.meta.url),
]);
