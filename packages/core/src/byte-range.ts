/**
 * Single byte-range requests (RFC 9110 §14): enough to serve `Range: bytes=…` for one part.
 *
 * @module
 */

/** What to do with a request's Range field for a representation of a given size. */
export type ByteRangeDecision =
  /** No usable Range (absent, another unit, malformed, or several ranges): send the full 200. */
  | { readonly kind: 'full' }
  /** Send 206 with bytes `start`..`end` inclusive and `Content-Range: bytes start-end/size`. */
  | { readonly kind: 'partial'; readonly start: number; readonly end: number }
  /** Send 416 with `Content-Range: bytes *\/size`. */
  | { readonly kind: 'unsatisfiable' };

const FULL: ByteRangeDecision = { kind: 'full' };

/**
 * A `1*DIGIT` as its digit string without leading zeros (`"0"` for zero), or `undefined` when `text`
 * is anything else (empty, a sign, whitespace). Kept as text: a position may have any number of
 * digits (RFC 9110 §14.1.1), far more than a `number` holds exactly.
 */
function readDigits(text: string): string | undefined {
  if (text.length === 0) return undefined;
  let first = -1;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x30 || code > 0x39) return undefined;
    if (first < 0 && code !== 0x30) first = i;
  }
  return first < 0 ? '0' : text.slice(first);
}

/** `a < b` for two digit strings without leading zeros: the shorter is less, else the first to differ. */
function isLess(a: string, b: string): boolean {
  return a.length !== b.length ? a.length < b.length : a < b;
}

/**
 * One range-spec against `size` (digits `sizeDigits`): a satisfiable [start, end], `null` if
 * unsatisfiable, `undefined` if malformed. A position is turned into a `number` only once it is
 * known to be less than `size`, so it is exact; one at or past the end is compared as digits.
 */
function resolveSpec(spec: string, size: number, sizeDigits: string): [number, number] | null | undefined {
  const dash = spec.indexOf('-');
  if (dash < 0) return undefined;
  const firstText = spec.slice(0, dash);
  const lastText = spec.slice(dash + 1);
  if (firstText === '') {
    const suffix = readDigits(lastText);
    if (suffix === undefined) return undefined;
    if (suffix === '0' || size === 0) return null;
    // A suffix as long as the representation, or longer, is all of it (§14.1.2).
    return [isLess(suffix, sizeDigits) ? size - Number(suffix) : 0, size - 1];
  }
  const first = readDigits(firstText);
  if (first === undefined) return undefined;
  let end = size - 1;
  if (lastText !== '') {
    const last = readDigits(lastText);
    if (last === undefined || isLess(last, first)) return undefined;
    // A last-pos at or past the end means the end of the representation (§14.1.2).
    if (isLess(last, sizeDigits)) end = Number(last);
  }
  // A first-pos at or past the end is unsatisfiable (§14.1.2), however many digits it has.
  return isLess(first, sizeDigits) ? [Number(first), end] : null;
}

/** Whether `text` is a `range-unit` `bytes` (a token, compared case-insensitively: §14.1). */
function isBytesUnit(text: string): boolean {
  return text.length === 5 && text.toLowerCase() === 'bytes';
}

/** Whether a character code is optional whitespace: SP or HTAB (§5.6.3). */
function isOws(code: number): boolean {
  return code === 0x20 || code === 0x09;
}

/** `text` without the optional whitespace around a field value or a list member (§5.5, §5.6.1). */
function trimOws(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isOws(text.charCodeAt(start))) start++;
  while (end > start && isOws(text.charCodeAt(end - 1))) end--;
  return text.slice(start, end);
}

/**
 * Decides a `Range` field for a representation of `size` bytes (RFC 9110 §14.1.2, §14.2).
 * Only one `bytes` range is served; a request for several is answered in full, as §14.2 allows.
 * When every listed range is unsatisfiable the answer is 416. Positions are compared exactly,
 * whatever their number of digits; a Range outside §14.1.1's grammar (whitespace around the `=` or
 * inside a range-spec, a sign) is ignored, and so is any Range when `size` is not a non-negative
 * safe integer. Never throws.
 *
 * Evaluate If-Range first ({@link evaluatePreconditions}' `ignoreRange`): when it says ignore,
 * do not call this at all.
 */
export function decideByteRange(range: string | undefined, size: number): ByteRangeDecision {
  if (typeof range !== 'string' || range.length > 1024) return FULL;
  if (!Number.isSafeInteger(size) || size < 0) return FULL;
  const value = trimOws(range);
  const equals = value.indexOf('=');
  // `ranges-specifier = range-unit "=" range-set` (§14.1.1): no whitespace on either side of the `=`.
  if (equals < 0 || !isBytesUnit(value.slice(0, equals)) || isOws(value.charCodeAt(equals + 1))) {
    return FULL;
  }
  const sizeDigits = String(size);
  const specs = value
    .slice(equals + 1)
    .split(',')
    .map(trimOws)
    .filter((spec) => spec !== '');
  if (specs.length === 0) return FULL;
  let satisfiable: [number, number] | undefined;
  let count = 0;
  for (const spec of specs) {
    const resolved = resolveSpec(spec, size, sizeDigits);
    if (resolved === undefined) return FULL;
    if (resolved !== null) {
      satisfiable = resolved;
      count++;
    }
  }
  if (count === 0) return { kind: 'unsatisfiable' };
  if (count > 1 || satisfiable === undefined) return FULL;
  return { kind: 'partial', start: satisfiable[0], end: satisfiable[1] };
}

/** `Content-Range` for a 206 (`bytes 0-499/1234`) or, without a range, for a 416 (`bytes *\/1234`). */
export function formatContentRange(
  size: number,
  range?: { readonly start: number; readonly end: number },
): string {
  return range ? `bytes ${range.start}-${range.end}/${size}` : `bytes */${size}`;
}
