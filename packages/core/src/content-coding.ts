/**
 * One strong entity-tag per content coding (RFC 9110 §8.8.3, the note on content codings): which
 * coding a request gets, the tag of the coded representation, and the `Vary` it carries.
 *
 * @module
 */

import type { EntityTag } from './entity-tag.js';
import { listMatchesValidTag, parseEntityTag } from './entity-tag.js';

/**
 * The content codings whose tags {@link codedEntityTag} forms and evaluation recognises
 * (RFC 9110 §8.4.1 and the IANA HTTP Content Coding Registry).
 */
export const CONTENT_CODINGS = ['gzip', 'br', 'deflate', 'zstd'] as const;

/** A content coding a coded entity-tag can name. */
export type ContentCoding = (typeof CONTENT_CODINGS)[number];

/** The request field every content-coded response varies on (RFC 9110 §12.5.5). */
export const CONTENT_CODING_VARY = 'accept-encoding';

function isContentCoding(value: string): value is ContentCoding {
  return (CONTENT_CODINGS as readonly string[]).includes(value);
}

/**
 * The strong entity-tag of `etag`'s representation sent with content coding `coding`: `"abc"` and
 * `gzip` give `"abc-gzip"` (hapi's suffix). A strong tag names one representation and a coded body
 * is another one (RFC 9110 §8.8.3), so it needs a tag of its own. A weak tag is returned as it is:
 * weak comparison already holds between semantically equivalent representations (§8.8.1), which
 * the coded and identity bodies are, and weak tags never take part in If-Match or If-Range.
 * `identity`, `undefined` or an unknown coding also leave the tag as it is.
 *
 * @example codedEntityTag('"abc"', 'gzip') // '"abc-gzip"'
 */
export function codedEntityTag(etag: string, coding: string | undefined): string {
  if (coding === undefined) return etag;
  const lower = coding.toLowerCase();
  if (!isContentCoding(lower)) return etag;
  const tag = parseEntityTag(etag);
  if (tag === undefined || tag.weak) return etag;
  return `"${tag.opaque}-${lower}"`;
}

/**
 * The strong tag of the identity representation that a coded tag names (`"abc-gzip"` gives
 * `"abc"`), or `undefined` when the tag is weak or names no coding of {@link CONTENT_CODINGS}.
 */
export function identityEntityTag(tag: EntityTag): EntityTag | undefined {
  if (tag.weak) return undefined;
  const dash = tag.opaque.lastIndexOf('-');
  if (dash < 0 || !isContentCoding(tag.opaque.slice(dash + 1))) return undefined;
  return { opaque: tag.opaque.slice(0, dash), weak: false };
}

/**
 * Whether a member of an If-Match or If-None-Match list names a content-coded form of `current`
 * (`"abc-gzip"` for `"abc"`): the same state of the resource, in another coding. Linear in the
 * field's length per coding; a field that does not contain the opaque-tag at all costs one search.
 */
export function listMatchesCodedTag(fieldValue: string, current: EntityTag, strong: boolean): boolean {
  if (current.weak || fieldValue.indexOf(`${current.opaque}-`) < 0) return false;
  for (const coding of CONTENT_CODINGS) {
    const coded: EntityTag = { opaque: `${current.opaque}-${coding}`, weak: false };
    if (listMatchesValidTag(fieldValue, coded, strong)) return true;
  }
  return false;
}

/** A qvalue (RFC 9110 §12.4.2): `0`–`1` with up to three decimals; `undefined` when malformed. */
function parseQvalue(text: string): number | undefined {
  if (!/^(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/.test(text)) return undefined;
  return Number(text);
}

/**
 * The content coding a response to a request with this `Accept-Encoding` gets (RFC 9110 §12.5.3):
 * of `supported`, the one with the highest non-zero qvalue (`*` stands for any coding not listed),
 * the first of `supported` on a tie; `'identity'` when the field is absent or empty or accepts none
 * of them. A malformed member is ignored. Never throws.
 *
 * @example negotiateContentCoding('gzip, deflate, br', ['gzip']) // 'gzip'
 */
export function negotiateContentCoding(
  acceptEncoding: string | readonly string[] | null | undefined,
  supported: readonly string[],
): string {
  const value = Array.isArray(acceptEncoding) ? acceptEncoding.join(',') : acceptEncoding;
  if (typeof value !== 'string') return 'identity';
  const weights = new Map<string, number>();
  for (const member of value.split(',')) {
    const [name = '', ...parameters] = member.split(';');
    const coding = name.trim().toLowerCase();
    if (coding === '') continue;
    let q: number | undefined = 1;
    for (const parameter of parameters) {
      const [key = '', text = ''] = parameter.split('=');
      if (key.trim().toLowerCase() === 'q') q = parseQvalue(text.trim());
    }
    if (q !== undefined && !weights.has(coding)) weights.set(coding, q);
  }
  let chosen = 'identity';
  let best = 0;
  for (const coding of supported) {
    const q = weights.get(coding.toLowerCase()) ?? weights.get('*') ?? 0;
    if (q > best) {
      best = q;
      chosen = coding;
    }
  }
  return chosen;
}

/**
 * A `Vary` field value with `name` added unless it is there already (or the value is `*`), so that
 * the fields a framework or handler set are kept.
 *
 * @example varyWith('Origin', 'accept-encoding') // 'Origin, accept-encoding'
 */
export function varyWith(existing: string | null | undefined, name: string): string {
  if (existing === undefined || existing === null || existing.trim() === '') return name;
  const lower = name.toLowerCase();
  for (const member of existing.split(',')) {
    const trimmed = member.trim().toLowerCase();
    if (trimmed === '*' || trimmed === lower) return existing;
  }
  return `${existing}, ${name}`;
}
