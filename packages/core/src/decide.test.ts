import { describe, expect, it } from 'vitest';
import {
  decideBeforeLoading,
  decideFromResponse,
  decideWithValidators,
  keepsValidatorFields,
  NOT_EVALUATED,
  shouldGenerateEntityTag,
} from './decide.js';

const lastModified = new Date('2026-01-02T03:04:05Z');
const validators = { exists: true, etag: '"v2"', lastModified };
const request = (method: string, headers: Record<string, string> = {}) => ({
  method,
  headers,
  path: '/things/1',
});

describe('decideWithValidators', () => {
  it('proceeds without evaluating when the loader found no resource, so the route can answer 404', () => {
    const decision = decideWithValidators(request('PATCH'), undefined, { requirePreconditions: true });
    expect(decision).toMatchObject({ action: 'proceed', evaluation: undefined, validators: undefined });
  });

  it('responds 304 with the validators as fields and no body', () => {
    const decision = decideWithValidators(request('GET', { 'if-none-match': '"v2"' }), validators);
    expect(decision.action).toBe('respond');
    if (decision.action !== 'respond') return;
    expect(decision.response).toMatchObject({ status: 304, body: null });
    expect(decision.response.headers).toEqual({
      etag: '"v2"',
      'last-modified': lastModified.toUTCString(),
    });
  });

  it('responds 412 with the current tag in the fields and the problem body', () => {
    const decision = decideWithValidators(request('PUT', { 'if-match': '"v1"' }), validators);
    if (decision.action !== 'respond') throw new Error('expected a response');
    expect(decision.response.status).toBe(412);
    expect(decision.response.headers.etag).toBe('"v2"');
    expect(JSON.parse(decision.response.body ?? '')).toMatchObject({
      status: 412,
      etag: '"v2"',
      instance: '/things/1',
    });
  });

  it('responds 428 when the options require a precondition', () => {
    const decision = decideWithValidators(request('DELETE'), validators, { requirePreconditions: true });
    expect(decision.action === 'respond' && decision.response.status).toBe(428);
  });

  it('passes the problem hook through', () => {
    const decision = decideWithValidators(request('DELETE'), validators, {
      requirePreconditions: true,
      formatProblem: (problem) => ({ ...problem, extra: 1 }),
    });
    expect(decision.action === 'respond' && decision.response.problem).toMatchObject({
      status: 428,
      extra: 1,
    });
  });

  it('reads the path only for a problem body: a 304 or a request that proceeds never asks', () => {
    // Fetch adapters read the path by parsing the request's URL, which costs more than the rest of a 304.
    const counted = (method: string, headers: Record<string, string>) => {
      const read = { count: 0 };
      const subject = {
        method,
        headers,
        get path() {
          read.count++;
          return '/things/1';
        },
      };
      return { subject, read };
    };
    const notModified = counted('GET', { 'if-none-match': '"v2"' });
    expect(decideWithValidators(notModified.subject, validators).action).toBe('respond');
    const proceeding = counted('GET', {});
    expect(decideWithValidators(proceeding.subject, validators).action).toBe('proceed');
    expect([notModified.read.count, proceeding.read.count]).toEqual([0, 0]);
    const failed = counted('PUT', { 'if-match': '"v1"' });
    const decision = decideWithValidators(failed.subject, validators);
    expect(decision.action === 'respond' && decision.response.problem).toMatchObject({
      instance: '/things/1',
    });
    expect(failed.read.count).toBeGreaterThan(0);
  });

  it('proceeds with the validators, and validator fields only for GET, HEAD and QUERY', () => {
    for (const method of ['GET', 'HEAD', 'QUERY']) {
      const read = decideWithValidators(request(method), validators);
      expect(read).toMatchObject({ action: 'proceed', validators, headers: { etag: '"v2"' } });
    }
    const write = decideWithValidators(request('PUT', { 'if-match': '"v2"' }), validators);
    expect(write).toMatchObject({ action: 'proceed', validators, headers: {} });
  });
});

describe('decideWithValidators with cacheFields', () => {
  const cacheFields = {
    'Cache-Control': 'private, no-cache',
    Vary: 'Accept',
    Expires: 'Thu, 01 Jan 2026 00:00:00 GMT',
    'Content-Location': '/things/1.json',
    'Content-Type': 'application/json',
    ETag: '"not-the-validator"',
    'X-Request-Id': 'kept',
  };
  const repeated = {
    'cache-control': 'private, no-cache',
    vary: 'Accept',
    expires: 'Thu, 01 Jan 2026 00:00:00 GMT',
    'content-location': '/things/1.json',
    'x-request-id': 'kept',
  };

  it('puts them on the 304, in lower case, without content fields, the validators winning', () => {
    const decision = decideWithValidators(request('GET', { 'if-none-match': '"v2"' }), validators, {
      cacheFields,
    });
    if (decision.action !== 'respond') throw new Error('expected a response');
    expect(decision.response.headers).toEqual({
      ...repeated,
      etag: '"v2"',
      'last-modified': lastModified.toUTCString(),
    });
  });

  it('hands them to a GET or HEAD that proceeds, with the validators', () => {
    for (const method of ['GET', 'HEAD']) {
      const decision = decideWithValidators(request(method), validators, { cacheFields });
      expect(decision).toMatchObject({ action: 'proceed' });
      expect(decision.action === 'proceed' && decision.headers).toEqual({
        ...repeated,
        etag: '"v2"',
        'last-modified': lastModified.toUTCString(),
      });
    }
  });

  it('leaves them off writes, 412s, 428s and a missing resource', () => {
    const write = decideWithValidators(request('PUT', { 'if-match': '"v2"' }), validators, { cacheFields });
    expect(write.action === 'proceed' && write.headers).toEqual({});
    const failed = decideWithValidators(request('GET', { 'if-match': '"v1"' }), validators, { cacheFields });
    expect(failed.action === 'respond' && failed.response.headers).toEqual({
      etag: '"v2"',
      'last-modified': lastModified.toUTCString(),
      'content-type': 'application/problem+json',
      'cache-control': 'no-store',
    });
    const required = decideWithValidators(request('DELETE'), validators, {
      cacheFields,
      requirePreconditions: true,
    });
    expect(required.action === 'respond' && required.response.headers.vary).toBeUndefined();
    const missing = decideWithValidators(request('GET'), undefined, { cacheFields });
    expect(missing.action === 'proceed' && missing.headers).toEqual({});
  });
});

describe('decideFromResponse', () => {
  it('answers 304 for a 200 to GET whose ETag the request carries', () => {
    const decision = decideFromResponse(request('GET', { 'if-none-match': 'W/"x"' }), {
      status: 200,
      etag: '"x"',
    });
    expect(decision.action === 'respond' && decision.response.status).toBe(304);
  });

  it('answers 304 by Last-Modified when the response has no ETag', () => {
    const decision = decideFromResponse(
      request('HEAD', { 'if-modified-since': lastModified.toUTCString() }),
      {
        status: 200,
        lastModified: lastModified.toUTCString(),
      },
    );
    expect(decision.action === 'respond' && decision.response.status).toBe(304);
  });

  it('answers 304 for a 200 to QUERY whose ETag the request carries, as for GET', () => {
    const decision = decideFromResponse(request('QUERY', { 'if-none-match': '"x"' }), {
      status: 200,
      etag: '"x"',
    });
    expect(decision.action === 'respond' && decision.response.status).toBe(304);
  });

  it('answers 412 for a GET whose If-Match fails', () => {
    const decision = decideFromResponse(request('GET', { 'if-match': '"y"' }), { status: 200, etag: '"x"' });
    expect(decision.action === 'respond' && decision.response.status).toBe(412);
  });

  it.each([
    ['a 206 the handler cut itself, whose ETag the request carries', { 'if-none-match': '"x"' }, 304],
    ['a 206 whose If-Match fails', { 'if-match': '"y"' }, 412],
  ])('evaluates any 2xx (RFC 9110 §13.2.1): %s', (_, fields, status) => {
    const decision = decideFromResponse(request('GET', fields), { status: 206, etag: '"x"' });
    expect(decision.action === 'respond' && decision.response.status).toBe(status);
  });

  it.each([
    ['If-None-Match: *', { 'if-none-match': '*' }, 304],
    ['an If-Match naming a tag', { 'if-match': '"x"' }, 412],
  ])('evaluates a 200 without validators, a current representation all the same: %s', (_, fields, status) => {
    const decision = decideFromResponse(request('GET', fields), { status: 200 });
    expect(decision.action === 'respond' && decision.response.status).toBe(status);
  });

  it('lets If-Match: * through on a 200 without validators', () => {
    expect(decideFromResponse(request('GET', { 'if-match': '*' }), { status: 200 })).toEqual({
      action: 'send',
      ignoreRange: false,
    });
  });

  it.each([
    ['a 3xx', 'GET', { status: 301, etag: '"x"' }],
    ['a 4xx', 'GET', { status: 404, etag: '"x"' }],
    ['a 5xx', 'GET', { status: 500, etag: '"x"' }],
    ['a method other than GET, HEAD or QUERY', 'POST', { status: 200, etag: '"x"' }],
    ['query, which is not QUERY (RFC 9110 §9.1)', 'query', { status: 200, etag: '"x"' }],
    ['a response without validators, whose tag the request cannot name', 'GET', { status: 200 }],
  ])('sends the response as it is for %s', (_, method, produced) => {
    expect(decideFromResponse(request(method, { 'if-none-match': '"x"' }), produced)).toEqual({
      action: 'send',
      ignoreRange: false,
    });
  });

  it.each([
    ['a stale If-Match', { 'if-match': '"old"', 'if-none-match': '"x"' }, 412],
    [
      'an If-Unmodified-Since before its Last-Modified',
      { 'if-unmodified-since': 'Sat, 05 Nov 1994 08:49:37 GMT' },
      412,
    ],
    ['a matching If-Match', { 'if-match': '"x"', 'if-none-match': '"x"' }, undefined],
    ['no If-None-Match the 304 would have matched', { 'if-none-match': '"other"' }, undefined],
    [
      'an invalid If-Modified-Since the framework took for a date',
      { 'if-modified-since': '1994-11-07' },
      undefined,
    ],
  ])('lets a 304 the framework answered stand, or answers 412 on %s', (_, fields, status) => {
    const produced = { status: 304, etag: '"x"', lastModified: 'Sun, 06 Nov 1994 08:49:37 GMT' };
    const decision = decideFromResponse(request('GET', fields), produced);
    expect(decision.action === 'respond' ? decision.response.status : undefined).toBe(status);
  });

  it.each([
    ['a weak tag, which If-Range never matches (§13.1.5)', { etag: 'W/"x"' }, 'W/"x"', true],
    ['another strong tag', { etag: '"y"' }, '"x"', true],
    ['the same strong tag', { etag: '"x"' }, '"x"', false],
  ])(
    'tells a framework that cuts ranges to send the whole of a 200 with %s',
    (_, validators, ifRange, whole) => {
      const fields = { range: 'bytes=0-1', 'if-range': ifRange };
      expect(decideFromResponse(request('GET', fields), { status: 200, ...validators })).toEqual({
        action: 'send',
        ignoreRange: whole,
      });
    },
  );
});

describe('keepsValidatorFields', () => {
  it.each([
    [200, true],
    [204, true],
    [206, true],
    [304, true],
    [199, false],
    [301, false],
    [302, false],
    [404, false],
    [412, false],
    [500, false],
  ])('%i → %s', (status, expected) => {
    expect(keepsValidatorFields(status)).toBe(expected);
  });
});

describe('shouldGenerateEntityTag', () => {
  it.each([
    ['GET', { status: 200 }, 'strong', true],
    ['HEAD', { status: 200 }, undefined, true],
    ['QUERY', { status: 200 }, 'strong', true],
    ['get', { status: 200 }, 'strong', true],
    ['GET', { status: 200 }, 'weak', true],
    ['GET', { status: 200 }, false, false],
    ['GET', { status: 200, etag: '"own"' }, 'strong', false],
    ['GET', { status: 201 }, 'strong', false],
    ['POST', { status: 200 }, 'strong', false],
  ] as const)('%s %j with generation %s → %s', (method, produced, generation, expected) => {
    expect(shouldGenerateEntityTag(method, produced, generation)).toBe(expected);
  });
});

describe('decideBeforeLoading', () => {
  it('hands an If-Match-only write its tags without loading anything when deferIfMatch is on', () => {
    const result = decideBeforeLoading(request('PATCH', { 'if-match': '"v1", "v2"' }), {
      deferIfMatch: true,
    });
    expect(result).toEqual({
      validators: undefined,
      evaluation: undefined,
      ignoreRange: false,
      writeCondition: { kind: 'etags', etags: ['"v1"', '"v2"'] },
    });
  });

  it('asks for the validators when deferIfMatch is off or the request needs them', () => {
    expect(decideBeforeLoading(request('PATCH', { 'if-match': '"v1"' }))).toBeUndefined();
    const options = { deferIfMatch: true };
    expect(
      decideBeforeLoading(request('PATCH', { 'if-match': '"v1"', 'if-none-match': '*' }), options),
    ).toBeUndefined();
    expect(decideBeforeLoading(request('PATCH'), { ...options, requirePreconditions: true })).toBeUndefined();
    expect(decideBeforeLoading(request('GET', { 'if-match': '"v1"' }), options)).toBeUndefined();
  });

  it('with loadOnlyWhenConditional, loads nothing for a request that carries no precondition for its method', () => {
    const options = { loadOnlyWhenConditional: true };
    expect(decideBeforeLoading(request('POST'), options)).toBe(NOT_EVALUATED);
    // If-Modified-Since and If-Range are never evaluated on a POST (RFC 9110 §13.2.1).
    const dated = {
      'if-modified-since': 'Sun, 06 Nov 1994 08:49:37 GMT',
      'if-range': '"v1"',
      range: 'bytes=0-1',
    };
    expect(decideBeforeLoading(request('POST', dated), options)).toBe(NOT_EVALUATED);
    expect(decideBeforeLoading(request('DELETE', { 'if-unmodified-since': 'not a date' }), options)).toBe(
      NOT_EVALUATED,
    );
  });

  it('with loadOnlyWhenConditional, still loads for a precondition, a retrieval or a required precondition', () => {
    const options = { loadOnlyWhenConditional: true };
    expect(decideBeforeLoading(request('POST', { 'if-match': '"v1"' }), options)).toBeUndefined();
    expect(decideBeforeLoading(request('POST', { 'if-none-match': '*' }), options)).toBeUndefined();
    const unmodified = { 'if-unmodified-since': 'Sun, 06 Nov 1994 08:49:37 GMT' };
    expect(decideBeforeLoading(request('POST', unmodified), options)).toBeUndefined();
    expect(decideBeforeLoading(request('GET'), options)).toBeUndefined();
    expect(decideBeforeLoading(request('HEAD'), options)).toBeUndefined();
    expect(decideBeforeLoading(request('PUT'), { ...options, requirePreconditions: true })).toBeUndefined();
    expect(
      decideBeforeLoading(request('POST'), { ...options, requirePreconditions: ['POST'] }),
    ).toBeUndefined();
    // Beside deferIfMatch, an If-Match-only write is still deferred.
    const deferred = decideBeforeLoading(request('PATCH', { 'if-match': '"v1"' }), {
      ...options,
      deferIfMatch: true,
    });
    expect(deferred?.writeCondition).toEqual({ kind: 'etags', etags: ['"v1"'] });
  });

  it('gives the evaluated tag as the write condition when the validators were loaded', () => {
    const decision = decideWithValidators(request('PATCH', { 'if-match': '"v2"' }), validators);
    expect(decision.action === 'proceed' && decision.result.writeCondition).toEqual({
      kind: 'etags',
      etags: ['"v2"'],
    });
  });
});
