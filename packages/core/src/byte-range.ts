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
const MAX_DIGITS = 15; // stays a safe integer

function readInteger(text: string): number | undefined {
  if (text.length === 0 || text.length > MAX_DIGITS) return undefined;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x30 || code > 0x39) return undefined;
  }
  return Number(text);
}

/** One range-spec against `size`: a satisfiable [start, end], `null` if unsatisfiable, `undefined` if malformed. */
function resolveSpec(spec: string, size: number): [number, number] | null | undefined {
  const dash = spec.indexOf('-');
  if (dash < 0) return undefined;
  const first = spec.slice(0, dash).trim();
  const last = spec.slice(dash + 1).trim();
  if (first === '') {
    const suffix = readInteger(last);
    if (suffix === undefined) return undefined;
    return suffix === 0 || size === 0 ? null : [Math.max(0, size - suffix), size - 1];
  }
  const start = readInteger(first);
  const end = last === '' ? size - 1 : readInteger(last);
  if (start === undefined || end === undefined || (last !== '' && end < start)) return undefined;
  return start >= size ? null : [start, Math.min(end, size - 1)];
}

/**
 * Decides a `Range` field for a representation of `size` bytes (RFC 9110 §14.1.2, §14.2).
 * Only one `bytes` range is served; a request for several is answered in full, as §14.2 allows.
 * When every listed range is unsatisfiable the answer is 416. Never throws.
 *
 * Evaluate If-Range first ({@link evaluatePreconditions}' `ignoreRange`): when it says ignore,
 * do not call this at all.
 */
export function decideByteRange(range: string | undefined, size: number): ByteRangeDecision {
  if (typeof range !== 'string' || range.length > 1024) return FULL;
  const equals = range.indexOf('=');
  if (equals < 0 || range.slice(0, equals).trim().toLowerCase() !== 'bytes') return FULL;
  const specs = range
    .slice(equals + 1)
    .split(',')
    .map((spec) => spec.trim())
    .filter((spec) => spec !== '');
  if (specs.length === 0) return FULL;
  let satisfiable: [number, number] | undefined;
  let count = 0;
  for (const spec of specs) {
    const resolved = resolveSpec(spec, size);
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
