import type { NextConfig } from 'next';

const config: NextConfig = {
  // The database drivers `@precond/domain` uses are loaded from node_modules as they are, as the
  // domain's own tests run them, rather than bundled: PGlite with its WebAssembly and data files
  // (15 MB copied into .next otherwise), postgres.js with its sockets.
  serverExternalPackages: ['@electric-sql/pglite', 'postgres'],
};

export default config;
