/**
 * The names this copy of the package gives the statements it prepares.
 *
 * @module
 */

/**
 * What this copy of the package names its statements with. Another copy (another version, a bundle,
 * another tab's `PGliteWorker` on the same leader) may prepare on the same connection and keeps its
 * own count: a name of its own keeps one copy from ever binding, or being refused, the other's
 * statement.
 */
export const STATEMENT_NAME_PREFIX = `precond_${globalThis.crypto.randomUUID().slice(0, 8)}_`;

/**
 * How many statement texts a client keeps prepared. A guarded table needs about a dozen, but a client
 * is given every text its caller sends through it, and each prepared statement holds memory in the
 * server's session for as long as the connection lives.
 */
export const MAX_PREPARED_STATEMENTS = 128;
