/**
 * The "for all" claims about evaluatePreconditions: it never throws, and its answer does not depend
 * on how a request happens to be spelt (header-name case, list whitespace, member order, caching
 * directives, header shape).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatEntityTag, strongMatch } from './entity-tag.js';
import type { EvaluateOptions, Evaluation, Validators } from './evaluate.js';
import { evaluatePreconditions } from './evaluate.js';

const FIELD_NAMES = [
  'if-match',
  'if-none-match',
  'if-modified-since',
  'if-unmodified-since',
  'if-range',
  'range',
];
const LM = 'Sun, 06 Nov 1994 08:49:37 GMT';
const LM_MS = Date.UTC(1994, 10, 6, 8, 49, 37);

/** Strings made of the characters that matter to entity-tag lists and dates. */
const relevantString = fc.string({
  unit: fc.constantFrom(
    '"',
    'W',
    '/',
    ',',
    ' ',
    '*',
    '\t',
    'w',
    'a',
    'b',
    'v',
    '1',
    'S',
    'u',
    'n',
    'G',
    'M',
    'T',
    ':',
  ),
  maxLength: 30,
});
const anyString = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), relevantString);

/** A sample of plausible field values, so that arbitrary requests also exercise the passing paths. */
const plausibleValue = fc.constantFrom(
  '"v1"',
  'W/"v1"',
  '"v2"',
  '*',
  '"v0", "v1"',
  LM,
  'Sat, 05 Nov 1994 08:49:37 GMT',
  'Mon, 07 Nov 1994 08:49:37 GMT',
  'bytes=0-9',
  '',
);
const fieldValue = fc.oneof(
  anyString,
  plausibleValue,
  fc.array(fc.oneof(anyString, plausibleValue), { maxLength: 3 }),
);

const METHODS = ['GET', 'HEAD', 'PUT', 'PATCH', 'POST', 'DELETE', 'OPTIONS', 'CONNECT', 'TRACE', 'PROPFIND'];
const method = fc.oneof(
  fc.constantFrom(...METHODS),
  fc.constantFrom(...METHODS).map((m) => m.toLowerCase()),
  anyString,
);

const requestRecord: fc.Arbitrary<Record<string, string | string[]>> = fc
  .tuple(
    fc.subarray(FIELD_NAMES),
    fc.array(fieldValue, { minLength: FIELD_NAMES.length, maxLength: FIELD_NAMES.length }),
    fc.dictionary(anyString, anyString, { maxKeys: 3 }),
  )
  .map(([names, values, extra]) => {
    const record: Record<string, string | string[]> = { ...extra };
    names.forEach((name, i) => {
      record[name] = values[i] as string | string[];
    });
    return record;
  });

const lastModified = fc.oneof(
  fc.constant(undefined),
  fc.date({ noInvalidDate: false }),
  fc.double(),
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, LM_MS, LM_MS + 999, 1e20),
  anyString,
  fc.constant(LM),
);
const resource: fc.Arbitrary<Validators> = fc.record({
  exists: fc.boolean(),
  etag: fc.oneof(fc.constant(undefined), fc.constantFrom('"v1"', 'W/"v1"', 'abc', '"', ''), anyString),
  lastModified,
});
const options: fc.Arbitrary<EvaluateOptions | undefined> = fc.option(
  fc.record(
    {
      requirePreconditions: fc.oneof(
        fc.boolean(),
        fc.array(fc.oneof(fc.constantFrom(...METHODS), anyString)),
      ),
      now: fc.oneof(fc.double(), fc.date({ noInvalidDate: false })),
    },
    { requiredKeys: [] },
  ),
  { nil: undefined },
);

const OUTCOME_STATUS = {
  proceed: undefined,
  'not-modified': 304,
  'precondition-failed': 412,
  'precondition-required': 428,
} as const;

function expectWellFormed(evaluation: Evaluation): void {
  expect(Object.keys(OUTCOME_STATUS)).toContain(evaluation.outcome);
  expect(evaluation.status).toBe(OUTCOME_STATUS[evaluation.outcome]);
  expect(typeof evaluation.ignoreRange).toBe('boolean');
  expect(typeof evaluation.reason).toBe('string');
}

function decision(evaluation: Evaluation) {
  const { outcome, status, field, ignoreRange } = evaluation;
  return { outcome, status, field, ignoreRange };
}

/** Characters a Fetch `Headers` accepts in a value: no NUL, CR, LF, nothing above U+00FF. */
const headerSafeString = fc.string({
  unit: fc.oneof(
    fc.constantFrom('"', 'W', '/', ',', ' ', '*', '\t', 'a', 'v', '1'),
    fc.integer({ min: 0x20, max: 0xff }).map((code) => String.fromCharCode(code)),
  ),
  maxLength: 30,
});

describe('evaluatePreconditions never throws', () => {
  it('for arbitrary header values, methods, validators and options', () => {
    fc.assert(
      fc.property(method, requestRecord, resource, options, (m, headers, validators, opts) => {
        expectWellFormed(evaluatePreconditions({ method: m, headers }, validators, opts));
      }),
      { numRuns: 2000 },
    );
  });

  it('for arbitrary header values in a Fetch Headers, deciding as the equivalent record does', () => {
    fc.assert(
      fc.property(
        method,
        fc.dictionary(fc.constantFrom(...FIELD_NAMES), fc.oneof(headerSafeString, plausibleValue)),
        resource,
        (m, record, validators) => {
          const headers = new Headers(record);
          const trimmed = Object.fromEntries(
            Object.entries(record).map(([name, value]) => [name, value.trim()]),
          );
          const now = { now: Date.UTC(2026, 0, 1) };
          const evaluation = evaluatePreconditions({ method: m, headers }, validators, now);
          expectWellFormed(evaluation);
          expect(decision(evaluation)).toEqual(
            decision(evaluatePreconditions({ method: m, headers: trimmed }, validators, now)),
          );
        },
      ),
    );
  });

  it('for values that are not what the types say', () => {
    const odd = fc.constantFrom<unknown>(undefined, null, 0, 42, {}, [], true, () => 1);
    fc.assert(
      fc.property(odd, odd, odd, odd, (m, headers, validators, opts) => {
        const evaluation = evaluatePreconditions(
          { method: m, headers } as never,
          validators as never,
          opts as never,
        );
        expectWellFormed(evaluation);
      }),
    );
  });
});

/** A resource that exists with one of a few tags, so that lists built from the same pool match often. */
const OPAQUES = ['v1', 'v2', 'v3', 'a,b'];
const poolTag = fc.record({ opaque: fc.constantFrom(...OPAQUES), weak: fc.boolean() });
const existing: fc.Arbitrary<Validators> = fc.record({
  exists: fc.constant(true),
  etag: poolTag.map(formatEntityTag),
  lastModified: fc.constantFrom(LM, undefined),
});
const listOfTags = fc.array(poolTag, { minLength: 1, maxLength: 5 });
const ows = fc.string({ unit: fc.constantFrom(' ', '\t'), maxLength: 2 });
/** One or more commas, each with optional whitespace around it. */
const separator = fc.array(ows, { minLength: 2, maxLength: 4 }).map((parts) => parts.join(','));

describe('evaluatePreconditions decides the same however the request is spelt', () => {
  it('whatever the case of the header names in a record', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...METHODS),
        requestRecord,
        fc.infiniteStream(fc.boolean()),
        resource,
        (m, headers, upper, validators) => {
          const respelt: Record<string, string | string[]> = {};
          for (const [name, value] of Object.entries(headers)) {
            if (!FIELD_NAMES.includes(name)) continue;
            respelt[[...name].map((c) => (upper.next().value ? c.toUpperCase() : c)).join('')] = value;
          }
          const conditional = Object.fromEntries(
            Object.entries(headers).filter(([name]) => FIELD_NAMES.includes(name)),
          );
          const opts = { now: Date.UTC(2026, 0, 1) };
          expect(decision(evaluatePreconditions({ method: m, headers: respelt }, validators, opts))).toEqual(
            decision(evaluatePreconditions({ method: m, headers: conditional }, validators, opts)),
          );
        },
      ),
    );
  });

  it('whatever the whitespace, empty elements and member order of If-Match and If-None-Match', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...METHODS),
        existing,
        fc.option(listOfTags, { nil: undefined }),
        fc.option(listOfTags, { nil: undefined }),
        fc.array(separator, { minLength: 5, maxLength: 5 }),
        fc.array(fc.nat(), { minLength: 5, maxLength: 5 }),
        (m, validators, ifMatch, ifNoneMatch, separators, order) => {
          const canonical: Record<string, string> = {};
          const respelt: Record<string, string> = {};
          const spell = (tags: readonly { opaque: string; weak: boolean }[]) => {
            const shuffled = tags
              .map((tag, i) => ({ tag, key: order[i] ?? 0 }))
              .sort((a, b) => a.key - b.key)
              .map(({ tag }) => formatEntityTag(tag));
            return shuffled.map((tag, i) => `${separators[i] ?? ','}${tag}`).join('') + (separators[4] ?? '');
          };
          if (ifMatch) {
            canonical['if-match'] = ifMatch.map(formatEntityTag).join(', ');
            respelt['if-match'] = spell(ifMatch);
          }
          if (ifNoneMatch) {
            canonical['if-none-match'] = ifNoneMatch.map(formatEntityTag).join(', ');
            respelt['if-none-match'] = spell(ifNoneMatch);
          }
          expect(decision(evaluatePreconditions({ method: m, headers: respelt }, validators))).toEqual(
            decision(evaluatePreconditions({ method: m, headers: canonical }, validators)),
          );
        },
      ),
    );
  });

  it('whatever Cache-Control and Pragma the request carries', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...METHODS),
        requestRecord,
        fc.oneof(fc.constantFrom('no-cache', 'no-store', 'max-age=0', 'only-if-cached'), anyString),
        resource,
        (m, headers, cacheControl, validators) => {
          const withoutCaching = { ...headers };
          delete withoutCaching['cache-control'];
          delete withoutCaching.pragma;
          const withCaching = { ...withoutCaching, 'cache-control': cacheControl, pragma: 'no-cache' };
          const opts = { now: Date.UTC(2026, 0, 1) };
          expect(
            decision(evaluatePreconditions({ method: m, headers: withCaching }, validators, opts)),
          ).toEqual(
            decision(evaluatePreconditions({ method: m, headers: withoutCaching }, validators, opts)),
          );
        },
      ),
    );
  });
});

describe('evaluatePreconditions invariants', () => {
  it('never lets both If-Match and If-None-Match with the same single tag proceed on a resource with that tag', () => {
    fc.assert(
      fc.property(
        method,
        fc.record({ opaque: fc.oneof(fc.constantFrom(...OPAQUES), relevantString), weak: fc.boolean() }),
        lastModified,
        (m, tag, lm) => {
          const etag = formatEntityTag(tag);
          const evaluation = evaluatePreconditions(
            { method: m, headers: { 'if-match': etag, 'if-none-match': etag } },
            { exists: true, etag, lastModified: lm },
          );
          // CONNECT, OPTIONS and TRACE ignore preconditions altogether (RFC 9110 §13.2.1).
          const ignores = m === 'CONNECT' || m === 'TRACE' || m.toUpperCase() === 'OPTIONS';
          expect(ignores || evaluation.outcome !== 'proceed').toBe(true);
        },
      ),
    );
  });

  it('sets ignoreRange exactly for a GET with Range and an If-Range that does not hold', () => {
    const dates = fc.constantFrom(
      LM,
      'Sat, 05 Nov 1994 08:49:37 GMT',
      'Sun Nov  6 08:49:37 1994',
      'yesterday',
    );
    fc.assert(
      fc.property(
        fc.constantFrom(...METHODS),
        existing,
        fc.option(fc.oneof(poolTag.map(formatEntityTag), dates), { nil: undefined }),
        fc.boolean(),
        (m, validators, ifRange, hasRange) => {
          const headers: Record<string, string> = {};
          if (ifRange !== undefined) headers['if-range'] = ifRange;
          if (hasRange) headers.range = 'bytes=0-9';
          const evaluation = evaluatePreconditions({ method: m, headers }, validators, {
            now: Date.UTC(2026, 0, 1),
          });
          // Entity-tag form: strong comparison. Date form: exactly Last-Modified, which is long past.
          const holds =
            ifRange !== undefined &&
            (strongMatch(ifRange, validators.etag as string) ||
              (validators.lastModified === LM && (ifRange === LM || ifRange === 'Sun Nov  6 08:49:37 1994')));
          expect(evaluation.ignoreRange).toBe(m === 'GET' && hasRange && ifRange !== undefined && !holds);
        },
      ),
    );
  });

  it('answers 304 only to GET and HEAD, and 428 only when preconditions are required', () => {
    fc.assert(
      fc.property(method, requestRecord, resource, options, (m, headers, validators, opts) => {
        const evaluation = evaluatePreconditions({ method: m, headers }, validators, opts);
        const upper = m.toUpperCase();
        expect(evaluation.outcome !== 'not-modified' || upper === 'GET' || upper === 'HEAD').toBe(true);
        expect(evaluation.outcome !== 'precondition-required' || Boolean(opts?.requirePreconditions)).toBe(
          true,
        );
      }),
    );
  });
});
