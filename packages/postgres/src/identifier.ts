/**
 * SQL identifiers from a table definition, quoted: never from request input, and never able to
 * close their quotes whatever the definition says.
 *
 * @module
 */

/**
 * `name` as a quoted PostgreSQL identifier (`"display_name"`, `"say ""hi"""`), so a name is always one
 * identifier, keeps its case and cannot be mistaken for a keyword.
 *
 * @throws TypeError when `name` is empty or holds a NUL character (PostgreSQL accepts neither).
 */
export function quoteIdentifier(name: string): string {
  if (typeof name !== 'string' || name.length === 0 || name.includes('\0')) {
    throw new TypeError(`Not a valid SQL identifier: ${JSON.stringify(name)}`);
  }
  return `"${name.replaceAll('"', '""')}"`;
}
