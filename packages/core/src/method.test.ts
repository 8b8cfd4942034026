import { describe, expect, it } from 'vitest';
import {
  canWrite,
  handlesRange,
  ignoresPreconditions,
  isConditionalRetrieval,
  normaliseMethod,
} from './method.js';

describe('normaliseMethod', () => {
  it.each([
    ['GET', 'GET'],
    ['get', 'GET'],
    ['Head', 'HEAD'],
    ['post', 'POST'],
    ['pUt', 'PUT'],
    ['delete', 'DELETE'],
    ['options', 'OPTIONS'],
    ['patch', 'PATCH'],
    ['QUERY', 'QUERY'],
    // RFC 9110 §9.1: methods are case-sensitive; Fetch folds only the methods above.
    ['query', 'query'],
    ['Query', 'Query'],
    ['connect', 'connect'],
    ['PROPFIND', 'PROPFIND'],
    // ASCII folding only: a dotless i does not make OPTIONS.
    ['optıons', 'optıons'],
    ['', ''],
  ])('%j is evaluated as %j', (method, normalised) => {
    expect(normaliseMethod(method)).toBe(normalised);
  });

  it('gives an empty method for what is not a string', () => {
    for (const method of [undefined, null, 42, {}]) expect(normaliseMethod(method)).toBe('');
  });
});

describe('method classification', () => {
  // method, ignores preconditions, conditional retrieval (304), Range and If-Range, can be a write
  it.each([
    ['GET', false, true, true, false],
    ['HEAD', false, true, false, false],
    ['QUERY', false, true, false, false],
    ['POST', false, false, false, true],
    ['PUT', false, false, false, true],
    ['PATCH', false, false, false, true],
    ['DELETE', false, false, false, true],
    ['CONNECT', true, false, false, false],
    ['OPTIONS', true, false, false, false],
    ['TRACE', true, false, false, false],
    ['PROPFIND', false, false, false, true],
    ['query', false, false, false, true],
    ['', false, false, false, false],
  ])('%s', (method, ignores, retrieval, ifRange, write) => {
    expect(ignoresPreconditions(method)).toBe(ignores);
    expect(isConditionalRetrieval(method)).toBe(retrieval);
    expect(handlesRange(method)).toBe(ifRange);
    expect(canWrite(method)).toBe(write);
  });
});
