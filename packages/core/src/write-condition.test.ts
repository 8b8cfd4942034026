import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Validators } from './evaluate.js';
import { evaluatePreconditions } from './evaluate.js';
import {
  satisfiesWriteCondition,
  writeConditionFromValidators,
  writeConditionOf,
} from './write-condition.js';

const patch = (headers: Record<string, string | string[]>) => ({ method: 'PATCH', headers });

describe('writeConditionOf', () => {
  it('gives the strong tags of an If-Match-only write, in order, dropping weak and malformed members', () => {
    expect(writeConditionOf(patch({ 'if-match': '"a", W/"b", nonsense, "c"' }))).toEqual({
      kind: 'etags',
      etags: ['"a"', '"c"'],
    });
  });

  it('adds the stored version a content-coded tag names, so the tag of a gzip body still writes', () => {
    expect(writeConditionOf(patch({ 'if-match': '"v1-gzip", "v2"' }))).toEqual({
      kind: 'etags',
      etags: ['"v1-gzip"', '"v1"', '"v2"'],
    });
  });

  it('gives a single tag as it was sent, and reads a lone tag that is not quite one as the list reader does', () => {
    expect(writeConditionOf(patch({ 'if-match': '"0123abcd"' }))).toEqual({
      kind: 'etags',
      etags: ['"0123abcd"'],
    });
    expect(writeConditionOf(patch({ 'if-match': '""' }))).toEqual({ kind: 'etags', etags: ['""'] });
    expect(writeConditionOf(patch({ 'if-match': '"v1-gzip"' }))).toEqual({
      kind: 'etags',
      etags: ['"v1-gzip"', '"v1"'],
    });
    expect(writeConditionOf(patch({ 'if-match': ' "a" ' }))).toEqual({ kind: 'etags', etags: ['"a"'] });
    for (const malformed of ['"', '"a b"', '"a"b"', 'W/"a"', '"a\u0000"']) {
      expect(writeConditionOf(patch({ 'if-match': malformed }))).toEqual({ kind: 'etags', etags: [] });
    }
  });

  it('reads If-Match: * as any current representation', () => {
    expect(writeConditionOf(patch({ 'if-match': ' * ' }))).toEqual({ kind: 'any' });
  });

  it('gives an empty list, which matches nothing, for a malformed or all-weak If-Match', () => {
    expect(writeConditionOf(patch({ 'if-match': 'abc' }))).toEqual({ kind: 'etags', etags: [] });
    expect(writeConditionOf(patch({ 'if-match': 'W/"a"' }))).toEqual({ kind: 'etags', etags: [] });
    expect(writeConditionOf(patch({ 'if-match': '' }))).toEqual({ kind: 'etags', etags: [] });
  });

  it('joins repeated If-Match lines and reads Fetch Headers too', () => {
    expect(writeConditionOf(patch({ 'if-match': ['"a"', '"b"'] }))).toEqual({
      kind: 'etags',
      etags: ['"a"', '"b"'],
    });
    const headers = new Headers({ 'If-Match': '"a"' });
    expect(writeConditionOf({ method: 'delete', headers })).toEqual({ kind: 'etags', etags: ['"a"'] });
  });

  it('ignores If-Unmodified-Since beside If-Match, as step 2 of RFC 9110 §13.2.2 does', () => {
    const condition = writeConditionOf(
      patch({ 'if-match': '"a"', 'if-unmodified-since': 'Sun, 06 Nov 1994 08:49:37 GMT' }),
    );
    expect(condition).toEqual({ kind: 'etags', etags: ['"a"'] });
  });

  it('leaves to the validators a write that also carries If-None-Match, or no If-Match', () => {
    expect(writeConditionOf(patch({ 'if-match': '"a"', 'if-none-match': '"b"' }))).toBeUndefined();
    expect(
      writeConditionOf(patch({ 'if-unmodified-since': 'Sun, 06 Nov 1994 08:49:37 GMT' })),
    ).toBeUndefined();
    expect(writeConditionOf(patch({}))).toBeUndefined();
  });

  it('never applies to GET, HEAD, QUERY, OPTIONS, CONNECT or TRACE', () => {
    for (const method of ['GET', 'head', 'QUERY', 'OPTIONS', 'CONNECT', 'TRACE']) {
      expect(writeConditionOf({ method, headers: { 'if-match': '"a"' } })).toBeUndefined();
    }
  });

  it('never throws on hostile input', () => {
    expect(writeConditionOf(undefined as never)).toBeUndefined();
    expect(writeConditionOf({ method: 'PUT', headers: null as never })).toBeUndefined();
    expect(writeConditionOf({ method: 42 as never, headers: { 'if-match': '"a"' } })).toBeUndefined();
  });
});

describe('writeConditionFromValidators', () => {
  it('is the evaluated tag of an existing resource, any version of one without a tag, and nothing without one', () => {
    expect(writeConditionFromValidators({ exists: true, etag: '"v2"' })).toEqual({
      kind: 'etags',
      etags: ['"v2"'],
    });
    // Dated only: it exists, so `undefined` (no resource: create it, or 404) would be wrong.
    expect(writeConditionFromValidators({ exists: true })).toEqual({ kind: 'any' });
    expect(
      writeConditionFromValidators({ exists: true, lastModified: new Date('2026-12-01T00:00:00Z') }),
    ).toEqual({ kind: 'any' });
    expect(writeConditionFromValidators({ exists: false })).toBeUndefined();
    expect(writeConditionFromValidators(undefined)).toBeUndefined();
  });
});

describe('satisfiesWriteCondition', () => {
  it('compares strongly, and any holds only for an existing resource', () => {
    const condition = { kind: 'etags', etags: ['"a"'] } as const;
    expect(satisfiesWriteCondition(condition, { exists: true, etag: '"a"' })).toBe(true);
    expect(satisfiesWriteCondition(condition, { exists: true, etag: 'W/"a"' })).toBe(false);
    expect(satisfiesWriteCondition(condition, { exists: false, etag: '"a"' })).toBe(false);
    expect(satisfiesWriteCondition({ kind: 'any' }, { exists: true })).toBe(true);
    expect(satisfiesWriteCondition({ kind: 'any' }, { exists: false })).toBe(false);
  });
});

describe('the compare-and-set decides as evaluatePreconditions would', () => {
  const ifMatchValue = fc.oneof(
    fc.string({ unit: fc.constantFrom('"', 'W', '/', ',', ' ', '*', '\t', 'a', 'b', '1'), maxLength: 24 }),
    fc.constantFrom('"a"', 'W/"a"', '"a", "b"', '*', '"b" , W/"a", "a"', '"a"x', ''),
    fc.string(),
  );
  const current: fc.Arbitrary<Validators> = fc.record({
    exists: fc.boolean(),
    etag: fc.constantFrom('"a"', '"b"', '"1"', 'W/"a"', undefined),
  });
  const methods = fc.constantFrom('PUT', 'PATCH', 'DELETE', 'POST', 'PROPFIND', 'patch');

  it('for every If-Match-only write: proceed exactly when the stored tag satisfies the condition', () => {
    fc.assert(
      fc.property(methods, ifMatchValue, current, fc.boolean(), (method, ifMatch, resource, required) => {
        const request = { method, headers: { 'if-match': ifMatch } };
        const condition = writeConditionOf(request);
        expect(condition).toBeDefined();
        const evaluation = evaluatePreconditions(request, resource, { requirePreconditions: required });
        expect(evaluation.outcome === 'proceed').toBe(satisfiesWriteCondition(condition!, resource));
        expect(['proceed', 'precondition-failed']).toContain(evaluation.outcome);
      }),
      { numRuns: 3000 },
    );
  });
});
