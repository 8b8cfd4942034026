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

/**
 * `text` as a PostgreSQL string constant (`'say ''hi'''`), read the same whatever
 * `standard_conforming_strings` says: one with a backslash is written in the escape form (`E'a\\b'`).
 * For text from a table definition, never from request input (that is always a bound parameter).
 */
export function quoteLiteral(text: string): string {
  const quoted = `'${text.replaceAll("'", "''")}'`;
  return text.includes('\\') ? `E${quoted.replaceAll('\\', '\\\\')}` : quoted;
}
