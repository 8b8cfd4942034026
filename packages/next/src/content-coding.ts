/**
 * The content coding of a GET/HEAD response under Next.js's compression (`compress`, on by
 * default in `next start`), so that the ETag names the bytes sent (RFC 9110 §8.8.3) and a 304
 * carries the `ETag` and `Vary` of its 200 (§15.4.5). Not core's negotiation: this predicts what
 * Next's bundled `compression` does, which is Next's behaviour to translate, not a rule of HTTP.
 *
 * @module
 */

import type { RequestHeaders } from '@precond/core';

/** Next's compression leaves bodies shorter than this as they are; so does precond. */
export const COMPRESSION_THRESHOLD = 1024;

/** `compression`'s test for a type worth compressing, for the types precond compresses itself. */
const COMPRESSIBLE =
  /^(?:text\/|application\/(?:json|javascript|ecmascript|xml)\b|[^;]*\+(?:json|xml|text)\b)/i;

/** Whether precond compresses a body of this type itself (`Content-Type` value, or `null`). */
export function isCompressible(contentType: string | null | undefined): boolean {
  return typeof contentType === 'string' && COMPRESSIBLE.test(contentType.trim());
}

/** Whether `Cache-Control` forbids a transformation such as compression (RFC 9111 §5.2.2.6). */
export function forbidsTransform(cacheControl: string | null | undefined): boolean {
  return typeof cacheControl === 'string' && /(?:^|,)\s*no-transform\s*(?:,|$)/i.test(cacheControl);
}

function acceptEncodingOf(headers: RequestHeaders): string | undefined {
  const value =
    headers instanceof Headers
      ? headers.get('accept-encoding')
      : (headers as Readonly<Record<string, string | readonly string[] | undefined>>)['accept-encoding'];
  return typeof value === 'string' ? value : value?.join(', ');
}

/** A member of `Accept-Encoding` as the `negotiator` package reads it. */
interface AcceptedCoding {
  readonly name: string;
  /** `parseFloat` of the `q` parameter: `NaN` when malformed, which accepts nothing. */
  readonly q: number;
  /** Its position among the field's members. */
  readonly index: number;
}

/**
 * How `negotiator` (which Next's `compression` asks) reads `Accept-Encoding`, rather than RFC 9110
 * §12.5.3 as core does: precond must predict the coding Next applies, quirks included. `identity`
 * is acceptable unless a member names it (or `*`), with the lowest qvalue of the members.
 */
function parseAcceptEncoding(value: string): AcceptedCoding[] {
  const members = value.split(',');
  const accepted: AcceptedCoding[] = [];
  let namesIdentity = false;
  let lowest = 1;
  members.forEach((member, index) => {
    const match = /^\s*([^\s;]+)\s*(?:;(.*))?$/.exec(member.trim());
    if (!match) return;
    const name = match[1] as string;
    let q = 1;
    for (const parameter of match[2]?.split(';') ?? []) {
      const [key, text] = parameter.trim().split('=');
      if (key === 'q') {
        q = Number.parseFloat(text as string);
        break;
      }
    }
    accepted.push({ name, q, index });
    namesIdentity ||= name === '*' || name.toLowerCase() === 'identity';
    lowest = Math.min(lowest, q || 1);
  });
  if (!namesIdentity) accepted.push({ name: 'identity', q: lowest, index: members.length });
  return accepted;
}

interface Priority {
  readonly q: number;
  /** 1 when a member names the coding, 0 when `*` stands for it. */
  readonly specificity: number;
  readonly order: number;
  readonly offered: number;
}

/** `negotiator`'s preferred coding of `offered`, or `undefined` when it accepts none of them. */
function preferredCoding(
  accepted: readonly AcceptedCoding[],
  offered: readonly string[],
): string | undefined {
  let best: { priority: Priority; coding: string } | undefined;
  offered.forEach((coding, offeredAt) => {
    let priority: Priority = { q: 0, specificity: 0, order: -1, offered: offeredAt };
    for (const member of accepted) {
      const exact = member.name.toLowerCase() === coding.toLowerCase();
      if (!exact && member.name !== '*') continue;
      const candidate = { q: member.q, specificity: exact ? 1 : 0, order: member.index, offered: offeredAt };
      const compared =
        priority.specificity - candidate.specificity ||
        priority.q - candidate.q ||
        priority.order - candidate.order;
      if (compared < 0) priority = candidate;
    }
    if (!(priority.q > 0)) return;
    if (best === undefined || ranksBefore(priority, best.priority)) best = { priority, coding };
  });
  return best?.coding;
}

/** `negotiator`'s order: higher qvalue, then the more specific member, then the earlier member, then the earlier offer. */
function ranksBefore(a: Priority, b: Priority): boolean {
  return (b.q - a.q || b.specificity - a.specificity || a.order - b.order || a.offered - b.offered) < 0;
}

/**
 * The coding Next's compression (the `compression` middleware it bundles) applies for this
 * `Accept-Encoding`: the preferred of gzip, deflate and identity — except that deflate gives way
 * to gzip whenever gzip is acceptable at all ("we really don't prefer deflate"), so
 * `gzip;q=0.5, deflate` gets gzip, and `gzip;q=0.5, deflate, identity` none.
 */
export function nextContentCoding(acceptEncoding: string | undefined): 'gzip' | 'deflate' | 'identity' {
  // No field, or an empty one, accepts identity alone: the answer without parsing anything.
  if (!acceptEncoding) return 'identity';
  const accepted = parseAcceptEncoding(acceptEncoding ?? '');
  let coding = preferredCoding(accepted, ['gzip', 'deflate', 'identity']);
  if (coding === 'deflate' && preferredCoding(accepted, ['gzip'])) {
    coding = preferredCoding(accepted, ['gzip', 'identity']);
  }
  return coding === 'gzip' || coding === 'deflate' ? coding : 'identity';
}

/**
 * The coding of the response to this request — `'gzip'`, `'deflate'` or `'identity'`, the one
 * Next's compression applies ({@link nextContentCoding}) — or `undefined` when precond leaves the
 * response alone (`compress: false`). Every response that carries an `ETag` gets the tag of this
 * coding, whatever its method or status, so a client sees one tag per version for its
 * `Accept-Encoding`; the coded tag and `Vary: Accept-Encoding` follow the coding negotiated, not the
 * size of the body: a validator-first 304 is decided before any body exists.
 */
export function responseCoding(headers: RequestHeaders, compress: boolean | undefined): string | undefined {
  if (compress === false) return undefined;
  return nextContentCoding(acceptEncodingOf(headers));
}
