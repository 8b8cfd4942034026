/**
 * A statement's text split at its `$n` placeholders, for query builders that take SQL as raw pieces
 * and bound values rather than as text and a parameter array.
 *
 * @module
 */

/** Text pieces, and the 0-based index of the parameter between each two (`$1` is index 0). */
export type StatementParts = readonly (string | number)[];

const PLACEHOLDER = /\$(\d+)/g;

/**
 * `text` as alternating raw pieces and parameter indexes: `'a = $1 AND b = $2'` →
 * `['a = ', 0, ' AND b = ', 1, '']`. The statements hold no `$` but in placeholders (no
 * dollar-quoted strings), so every `$n` is one.
 */
export function splitAtPlaceholders(text: string): StatementParts {
  const parts: (string | number)[] = [];
  let last = 0;
  for (const match of text.matchAll(PLACEHOLDER)) {
    parts.push(text.slice(last, match.index), Number(match[1]) - 1);
    last = match.index + match[0].length;
  }
  parts.push(text.slice(last));
  return parts;
}

/** The rows of a builder's result: an array (postgres.js), or `{ rows }` (node-postgres, PGlite). */
export function rowsOf(result: unknown): readonly object[] {
  if (Array.isArray(result)) return result;
  const rows = (result as { rows?: unknown } | null)?.rows;
  if (Array.isArray(rows)) return rows;
  throw new TypeError('The query builder returned no rows array');
}
