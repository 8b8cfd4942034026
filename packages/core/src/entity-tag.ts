/**
 * Entity-tag parsing, formatting and comparison (RFC 9110 §8.8.3).
 *
 * Every scanner here walks the input once, character by character, and a list is read a bounded
 * number of times, so a hostile header costs time linear in its length and nothing more. A long list
 * is first searched natively (`indexOf`); the member found is then judged from the separators before
 * it, or else by one regular expression built to stay linear ({@link WELL_FORMED_PREFIX}), or else
 * by the scan.
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
 * Given the start of a list member (not whitespace, not a comma), where the scan resumes after it:
 * just past a well-formed member's closing quote and trailing whitespace, or at the next comma
 * after a malformed one. Positions only move forward, so a whole scan stays linear.
 */
function nextMemberStart(value: string, i: number): number {
  const length = value.length;
  let quote = i;
  if (value.charCodeAt(i) === UPPER_W && value.charCodeAt(i + 1) === SLASH) quote = i + 2;
  let resume = i;
  if (value.charCodeAt(quote) === DQUOTE) {
    let end = quote + 1;
    while (end < length && isEtagc(value.charCodeAt(end))) end++;
    if (end < length && value.charCodeAt(end) === DQUOTE) {
      let after = end + 1;
      while (after < length && isOws(value.charCodeAt(after))) after++;
      if (after === length || value.charCodeAt(after) === COMMA) return after;
      resume = after;
    } else {
      // Unterminated: the commas it ran over (etagc) separate members, so resume at the first one.
      // No quote lies before `end`, so the members there fail at once and the scan stays linear.
      resume = quote + 1;
    }
  }
  while (resume < length && value.charCodeAt(resume) !== COMMA) resume++;
  return resume;
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
  if (value.length === 1) return value === '*';
  return value.indexOf('*') >= 0 && trimOws(value) === '*';
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
  let i = 0;
  while (i < value.length) {
    const code = value.charCodeAt(i);
    if (isOws(code) || code === COMMA) {
      i++;
      continue;
    }
    const next = nextMemberStart(value, i);
    const tag = parseEntityTag(value.slice(i, next));
    if (tag) tags.push(tag);
    i = next;
  }
  return tags;
}

/**
 * Whether `value` is exactly one strong entity-tag with no whitespace around it (`"abc"`): the
 * If-Match a client sends back from an `ETag` it received, recognised without building a list.
 */
export function isBareStrongTag(value: string): boolean {
  const last = value.length - 1;
  if (last < 1 || value.charCodeAt(0) !== DQUOTE || value.charCodeAt(last) !== DQUOTE) return false;
  for (let i = 1; i < last; i++) {
    if (!isEtagc(value.charCodeAt(i))) return false;
  }
  return true;
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
  if (!isValidOpaqueTag(current.opaque)) return false;
  return listMatchesValidTag(fieldValue, current, comparison === 'strong');
}

/**
 * {@link listMatches} for a tag already known to be well-formed (from {@link parseEntityTag}).
 * Each member is first tried as an in-place match of the current tag: since the current opaque-tag
 * holds only etagc characters, `"opaque"` followed by whitespace and a comma (or the end) is exactly
 * a well-formed member equal to it. Only members that are not the current tag are scanned strictly,
 * and the strict scan decides where the next member starts, so the result is the scanner's.
 */
export function listMatchesValidTag(fieldValue: string, current: EntityTag, strong: boolean): boolean {
  if (strong && current.weak) return false;
  const opaque = current.opaque;
  if (fieldValue.length < LONG_LIST) return scanListMatches(fieldValue, opaque, strong);
  // Any member equal to the current tag holds `"opaque"`: a list without it matches nothing, and a
  // native search says so without a line of JavaScript per character.
  const quoted = `"${opaque}"`;
  const at = fieldValue.indexOf(quoted);
  if (at < 0) return false;
  // The member found matches if it ends there (whitespace, then a comma or the end) and the scan
  // reaches it as a member, which only what comes before it decides: the separators right before
  // it, or else a well-formed prefix. Failing both, the scan decides (a later copy may match).
  const weak =
    at >= 2 && fieldValue.charCodeAt(at - 1) === SLASH && fieldValue.charCodeAt(at - 2) === UPPER_W;
  let after = at + quoted.length;
  while (after < fieldValue.length && isOws(fieldValue.charCodeAt(after))) after++;
  const ends = after === fieldValue.length || fieldValue.charCodeAt(after) === COMMA;
  const start = weak ? at - 2 : at;
  if (
    ends &&
    !(strong && weak) &&
    (followsSeparatorTheScanCrosses(fieldValue, start) ||
      (start <= LONGEST_PREFIX_CHECKED && WELL_FORMED_PREFIX.test(fieldValue.slice(0, start))))
  ) {
    return true;
  }
  return scanListMatches(fieldValue, opaque, strong);
}

/**
 * Whether the scan reaches `start` as the start of a member, judged only from the separators just
 * before it: true when nothing but whitespace and commas precedes it, or when the run of whitespace
 * and commas right before it holds both a comma and a space or tab.
 *
 * Why that is enough, whatever comes earlier: from any comma of the run, the scan skips straight to
 * `start`, so it is enough that no member the scan reads runs past the run's first comma. A member
 * that is not quoted, or whose quote is never closed, sends the scan to the first comma after its
 * start or its quote: at the run's first comma at the latest. A quoted member read to its closing
 * quote holds etagc characters only, so it cannot hold the run's space or tab: it closes before the
 * run, and the scan goes on to the next comma, again at the run's first comma at the latest. (So
 * the quote found cannot be some earlier member's closing quote either.) Without the space or tab
 * (`"a","b"`), the comma may lie inside a member closing at the quote found, so the caller checks
 * the whole prefix instead. This holds because the current opaque-tag is etagc (see
 * {@link listMatchesValidTag}). The walk only crosses separators.
 */
function followsSeparatorTheScanCrosses(value: string, start: number): boolean {
  let comma = false;
  let blank = false;
  for (let i = start - 1; i >= 0; i--) {
    const code = value.charCodeAt(i);
    if (code === COMMA) comma = true;
    else if (isOws(code)) blank = true;
    else return comma && blank;
  }
  return true;
}

/**
 * From this length on, a list is searched natively first (see {@link listMatchesValidTag}); below
 * it, the scan costs less than the search and the check together.
 */
const LONG_LIST = 512;

/**
 * The longest prefix {@link WELL_FORMED_PREFIX} is run on. The engine keeps a backtracking entry per
 * member it repeats, and throws once some 1.5 million are open (a 6 MB list): longer prefixes, far
 * past Node's header limit but not every runtime's, are left to the scan.
 */
const LONGEST_PREFIX_CHECKED = 1 << 20;

/**
 * The start of a well-formed If-Match or If-None-Match list (RFC 9110 §5.6.1, §8.8.3) up to where
 * its next member opens: entity-tags each followed by a comma, with optional whitespace and empty
 * elements. Linear: after each repetition the next character decides the path (a tag opens with
 * `W` or a quote, a separator is a comma or whitespace), so a failed match gives each character back
 * at most once and never rescans a run.
 */
const WELL_FORMED_PREFIX = /^[\t ,]*(?:(?:W\/)?"[\x21\x23-\x7e\x80-\xff]*"[\t ]*,[\t ,]*)*$/;

/**
 * The character-by-character form of {@link listMatchesValidTag}, for any list.
 */
function scanListMatches(fieldValue: string, opaque: string, strong: boolean): boolean {
  const size = opaque.length;
  const length = fieldValue.length;
  let i = 0;
  while (i < length) {
    const code = fieldValue.charCodeAt(i);
    if (isOws(code) || code === COMMA) {
      i++;
      continue;
    }
    let quote = i;
    const weak = code === UPPER_W && fieldValue.charCodeAt(i + 1) === SLASH;
    if (weak) quote = i + 2;
    if (
      fieldValue.charCodeAt(quote) === DQUOTE &&
      !(strong && weak) &&
      fieldValue.startsWith(opaque, quote + 1)
    ) {
      const close = quote + 1 + size;
      if (fieldValue.charCodeAt(close) === DQUOTE) {
        let after = close + 1;
        while (after < length && isOws(fieldValue.charCodeAt(after))) after++;
        if (after === length || fieldValue.charCodeAt(after) === COMMA) return true;
      }
    }
    i = nextMemberStart(fieldValue, i);
  }
  return false;
}
