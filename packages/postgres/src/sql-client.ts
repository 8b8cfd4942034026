/**
 * The one thing the statements need from a driver: run a statement with bound parameters and hand
 * back its rows. Each driver (and query builder) has a translator onto it: `fromNodePostgres`,
 * `fromPostgresJs`, `fromPglite`, `fromDrizzle`, `fromKysely`.
 *
 * @module
 */

/**
 * Runs one SQL statement, `$1, $2, …` bound to `params` (never spliced into the text), and resolves
 * with its rows as plain objects. Whatever the driver throws is passed through unchanged: a database
 * failure is the caller's 503, not a precondition.
 */
export interface SqlClient {
  query(text: string, params: readonly unknown[]): Promise<readonly object[]>;
}
