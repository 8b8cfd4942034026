/**
 * Entity-tag parsing, formatting and comparison (RFC 9110 §8.8.3).
 *
 * Every scanner here walks the input once, character by character: no regular expressions, so a
 * hostile header costs time linear in its length and nothing more.
 *
 * @module
 */

/** A parsed entity-tag (RFC 9110 §8.8.3): the characters between the quotes, and the weakness flag. */
export interface EntityTag {
  /** The opaque-tag's characters, without the surrounding double quotes. */
  readonly opaque: string;
  /** `true` when the tag carried the case-sensitive `W/` prefix. */
  readonly weak: boolean;
}

/** A parsed `If-Match` / `If-None-Match` value: `*`, or the well-formed tags of the list. */
export type EntityTagList = '*' | readonly EntityTag[];

const SP = 0x20;
const HTAB = 0x09;
const DQUOTE = 0x22;
const COMMA = 0x2c;
const SLASH = 0x2f;
const UPPER_W = 0x57;

/** `etagc = %x21 / %x23-7E / obs-text` (RFC 9110 §8.8.3); Node decodes obs-text bytes as U+0080–U+00FF. */
function isEtagc(code: number): boolean {
  return code === 0x21 || (code >= 0x23 && code <= 0x7e) || (code >= 0x80 && code <= 0xff);
}

function isOws(code: number): boolean {
  return code === SP || code === HTAB;
}

/**
 * Called for each well-formed member of an entity-tag list with the bounds of its opaque characters
 * in the scanned string; returning `true` stops the scan.
 */
type MemberVisitor = (weak: boolean, start: number, end: number) => boolean;

/**
 * Walks a `#entity-tag` list (RFC 9110 §5.6.1), calling `visit` for each well-formed member.
 * Empty elements are skipped as §5.6.1.2 requires; a malformed member (unquoted, unterminated,
 * lower-case `w/`, a stray `*`, trailing garbage, a character outside etagc) is skipped up to the
 * next comma and never reported. Returns `true` when a visitor stopped the scan.
 */
function scanEntityTagList(value: string, visit: MemberVisitor): boolean {
  const length = value.length;
  let i = 0;
  while (i < length) {
    const code = value.charCodeAt(i);
    if (isOws(code) || code === COMMA) {
      i++;
      continue;
    }
    let weak = false;
    let quote = i;
    if (code === UPPER_W && value.charCodeAt(i + 1) === SLASH) {
      weak = true;
      quote = i + 2;
    }
    let resume = i;
    if (value.charCodeAt(quote) === DQUOTE) {
      const start = quote + 1;
      let end = start;
      while (end < length && isEtagc(value.charCodeAt(end))) end++;
      if (end < length && value.charCodeAt(end) === DQUOTE) {
        let after = end + 1;
        while (after < length && isOws(value.charCodeAt(after))) after++;
        if (after === length || value.charCodeAt(after) === COMMA) {
          if (visit(weak, start, end)) return true;
          i = after;
          continue;
        }
        resume = after;
      } else {
        resume = end;
      }
    }
    // Malformed member: resume after the next comma (positions only move forward, so this stays linear).
    while (resume < length && value.charCodeAt(resume) !== COMMA) resume++;
    i = resume;
  }
  return false;
}

function trimOws(value: string): string {
  let start = 0;
  let end = value.length;
  while (start < end && isOws(value.charCodeAt(start))) start++;
  while (end > start && isOws(value.charCodeAt(end - 1))) end--;
  return start === 0 && end === value.length ? value : value.slice(start, end);
}

/** Whether a field value, ignoring surrounding whitespace, is exactly `*`. */
export function isWildcard(value: string): boolean {
  return trimOws(value) === '*';
}

/**
 * Parses one entity-tag, such as an `ETag` field value or the entity-tag form of `If-Range`.
 * Surrounding whitespace is allowed; anything else that is not exactly one `entity-tag` yields
 * `undefined`. The `W/` prefix is case-sensitive (RFC 9110 §8.8.3: `weak = %s"W/"`).
 *
 * @example parseEntityTag('W/"xyzzy"') // { opaque: 'xyzzy', weak: true }
 */
export function parseEntityTag(value: string): EntityTag | undefined {
  const text = trimOws(value);
  let weak = false;
  let quote = 0;
  if (text.charCodeAt(0) === UPPER_W && text.charCodeAt(1) === SLASH) {
    weak = true;
    quote = 2;
  }
  const last = text.length - 1;
  if (last <= quote || text.charCodeAt(quote) !== DQUOTE || text.charCodeAt(last) !== DQUOTE)
    return undefined;
  for (let i = quote + 1; i < last; i++) {
    if (!isEtagc(text.charCodeAt(i))) return undefined;
  }
  return { opaque: text.slice(quote + 1, last), weak };
}

/**
 * Parses an `If-Match` or `If-None-Match` field value (RFC 9110 §13.1.1, §13.1.2): `'*'` when the
 * value is exactly `*`, otherwise the list's well-formed members in order. Repeated field lines
 * joined with `", "` parse as one list; malformed members are dropped (they can never match).
 *
 * @example parseEntityTagList('"a", W/"b" ,, "c"') // three tags
 */
export function parseEntityTagList(value: string): EntityTagList {
  if (isWildcard(value)) return '*';
  const tags: EntityTag[] = [];
  scanEntityTagList(value, (weak, start, end) => {
    tags.push({ opaque: value.slice(start, end), weak });
    return false;
  });
  return tags;
}

/** Formats an entity-tag for an `ETag` field: `"opaque"` or `W/"opaque"`. */
export function formatEntityTag(tag: EntityTag): string {
  return tag.weak ? `W/"${tag.opaque}"` : `"${tag.opaque}"`;
}

/** Whether `opaque` consists only of characters allowed inside an entity-tag (etagc). */
export function isValidOpaqueTag(opaque: string): boolean {
  for (let i = 0; i < opaque.length; i++) {
    if (!isEtagc(opaque.charCodeAt(i))) return false;
  }
  return true;
}

function toEntityTag(tag: EntityTag | string): EntityTag | undefined {
  return typeof tag === 'string' ? parseEntityTag(tag) : tag;
}

/**
 * Strong comparison (RFC 9110 §8.8.3.2): both tags strong and their opaque-tags identical.
 * Strings are parsed first; an unparsable string never matches.
 *
 * | a      | b      | strong | weak |
 * |--------|--------|--------|------|
 * | W/"1"  | W/"1"  | no     | yes  |
 * | W/"1"  | W/"2"  | no     | no   |
 * | W/"1"  | "1"    | no     | yes  |
 * | "1"    | "1"    | yes    | yes  |
 */
export function strongMatch(a: EntityTag | string, b: EntityTag | string): boolean {
  const left = toEntityTag(a);
  const right = toEntityTag(b);
  return (
    left !== undefined && right !== undefined && !left.weak && !right.weak && left.opaque === right.opaque
  );
}

/**
 * Weak comparison (RFC 9110 §8.8.3.2): opaque-tags identical, either or both may be weak.
 * Strings are parsed first; an unparsable string never matches.
 */
export function weakMatch(a: EntityTag | string, b: EntityTag | string): boolean {
  const left = toEntityTag(a);
  const right = toEntityTag(b);
  return left !== undefined && right !== undefined && left.opaque === right.opaque;
}

/**
 * Whether any well-formed member of the list in `fieldValue` matches `current`, by strong or weak
 * comparison. Compares in place, without allocating a string per member, so a 64 KiB list costs
 * one pass. `*` is not handled here (see {@link isWildcard}).
 */
export function listMatches(fieldValue: string, current: EntityTag, comparison: 'strong' | 'weak'): boolean {
  const strong = comparison === 'strong';
  if (strong && current.weak) return false;
  const opaque = current.opaque;
  const size = opaque.length;
  return scanEntityTagList(
    fieldValue,
    (weak, start, end) => end - start === size && !(strong && weak) && fieldValue.startsWith(opaque, start),
  );
}
