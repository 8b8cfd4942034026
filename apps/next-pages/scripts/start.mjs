// `pnpm --filter ./apps/next-pages start` runs this after the build: `next start` on PORT (default 3004) and
// HOST, stopped cleanly by SIGTERM or SIGINT (see scripts/start-next-app.mjs at the repository root).
import { startNextApp } from '../../../scripts/start-next-app.mjs';

startNextApp(new URL('..', import.meta.url), '3004');
