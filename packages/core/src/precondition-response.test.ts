import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { PreconditionFailedError } from './errors.js';
import type { Evaluation, Validators } from './evaluate.js';
import { evaluatePreconditions } from './evaluate.js';
import { isDroppedFromPreconditionResponse } from './kept-fields.js';
import type { ProblemContext, ProblemHook } from './options.js';
import type { PreconditionResponse } from './precondition-response.js';
import {
  preconditionFailedResponse,
  preconditionResponse,
  preconditionResponseHeaders,
  responseForError,
  validatorHeaders,
} from './precondition-response.js';
import type { ProblemDetails } from './problem.js';

// RFC 850 dates carry two-digit years, read relative to today (RFC 9110 §5.6.7): pin today, so
// that `06-Nov-94` stays 1994 whenever the suite runs.
beforeAll(() => {
  vi.useFakeTimers({ toFake: ['Date'], now: Date.UTC(2026, 10, 25, 12) });
});
afterAll(() => {
  vi.useRealTimers();
});

const LM = 'Sun, 06 Nov 1994 08:49:37 GMT';
const LM_MS = Date.UTC(1994, 10, 6, 8, 49, 37);
/** The pinned clock's second: the `Date` that comes with a Last-Modified read under it. */
const TODAY = 'Wed, 25 Nov 2026 12:00:00 GMT';
const resource: Validators = { exists: true, etag: '"v2"', lastModified: new Date(LM_MS + 250) };
const context = { method: 'PUT', path: '/items/1' };

type Decided = Exclude<Evaluation, { outcome: 'proceed' }>;

function decide(method: string, headers: Record<string, string>, validators: Validators = resource): Decided {
  const evaluation = evaluatePreconditions({ method, headers }, validators, { requirePreconditions: true });
  if (evaluation.outcome === 'proceed') throw new Error(`expected a decision, got ${evaluation.reason}`);
  return evaluation;
}

function bodyOf(response: { body: string | null }): ProblemDetails {
  expect(response.body).not.toBeNull();
  return JSON.parse(response.body as string) as ProblemDetails;
}

describe('preconditionResponse: 304', () => {
  it('has no body and carries the ETag and Last-Modified as an IMF-fixdate', () => {
    const response = preconditionResponse(decide('GET', { 'if-none-match': '"v2"' }), resource, {
      method: 'GET',
      path: '/items/1',
    });
    expect(response).toEqual({
      status: 304,
      headers: { etag: '"v2"', 'last-modified': LM },
      body: null,
      problem: null,
    });
  });

  it('does not call the problem hook', () => {
    let calls = 0;
    const formatProblem: ProblemHook = (p) => {
      calls++;
      return p;
    };
    preconditionResponse(decide('GET', { 'if-none-match': '"v2"' }), resource, { ...context, formatProblem });
    expect(calls).toBe(0);
  });
});

describe('preconditionResponse: 412', () => {
  const evaluation = decide('PUT', { 'if-match': '"v1"' });

  it('is application/problem+json with status 412 and the current ETag in the fields and the body', () => {
    const response = preconditionResponse(evaluation, resource, context);
    expect(response.status).toBe(412);
    expect(response.headers).toEqual({
      etag: '"v2"',
      'last-modified': LM,
      'content-type': 'application/problem+json',
      'cache-control': 'no-store',
    });
    const body = bodyOf(response);
    expect(body).toEqual({
      type: 'about:blank',
      title: 'Precondition Failed',
      status: 412,
      detail: evaluation.reason,
      instance: '/items/1',
      etag: '"v2"',
    });
    expect(response.problem).toEqual(body);
  });

  it('carries no ETag when the resource has none or does not exist', () => {
    for (const validators of [{ exists: true }, { exists: false, etag: '"v2"' }, undefined]) {
      const response = preconditionResponse(
        decide('PUT', { 'if-match': '"v1"' }, resource),
        validators,
        context,
      );
      expect(response.headers).not.toHaveProperty('etag');
      expect(bodyOf(response)).not.toHaveProperty('etag');
      expect(bodyOf(response).status).toBe(412);
    }
  });

  it('is the answer to a failed If-None-Match on an unsafe method too', () => {
    const response = preconditionResponse(decide('PUT', { 'if-none-match': '*' }), resource, context);
    expect(response.status).toBe(412);
    expect(bodyOf(response)).toMatchObject({ status: 412, etag: '"v2"' });
  });
});

describe('preconditionResponse: 428', () => {
  it('is application/problem+json listing the accepted conditions, without validators', () => {
    const evaluation = decide('PUT', {});
    const response = preconditionResponse(evaluation, resource, context);
    expect(response.status).toBe(428);
    expect(response.headers).toEqual({
      'content-type': 'application/problem+json',
      'cache-control': 'no-store',
    });
    expect(bodyOf(response)).toEqual({
      type: 'about:blank',
      title: 'Precondition Required',
      status: 428,
      detail: evaluation.reason,
      instance: '/items/1',
      acceptedConditions: ['If-Match', 'If-Unmodified-Since', 'If-None-Match'],
    });
  });
});

describe('the problem hook', () => {
  it('replaces the body but not the status, content type or ETag', () => {
    const seen: ProblemContext[] = [];
    const formatProblem: ProblemHook = (original, hookContext) => {
      seen.push(hookContext);
      return {
        type: 'https://example.test/problems/stale',
        title: 'Stale',
        status: 500,
        was: original.status,
      };
    };
    const evaluation = decide('PUT', { 'if-match': '"v1"' });
    const response = preconditionResponse(evaluation, resource, { ...context, formatProblem });
    expect(response.status).toBe(412);
    expect(response.headers['content-type']).toBe('application/problem+json');
    expect(response.headers.etag).toBe('"v2"');
    expect(bodyOf(response)).toEqual({
      type: 'https://example.test/problems/stale',
      title: 'Stale',
      status: 500,
      was: 412,
    });
    expect(response.problem).toEqual(bodyOf(response));
    expect(seen).toEqual([{ evaluation, validators: resource, method: 'PUT', path: '/items/1' }]);
  });

  it('may mutate and return the body it is given', () => {
    const formatProblem: ProblemHook = (original) => {
      original.traceId = 'abc';
      return original;
    };
    const response = preconditionResponse(decide('DELETE', {}), resource, { ...context, formatProblem });
    expect(response.status).toBe(428);
    expect(bodyOf(response)).toMatchObject({ status: 428, traceId: 'abc' });
  });
});

describe('preconditionFailedResponse', () => {
  it("answers a PreconditionFailedError with a 412 carrying the error's ETag and message", () => {
    const error = new PreconditionFailedError({
      etag: '"v3"',
      lastModified: LM_MS,
      message: 'lost the race',
    });
    const response = preconditionFailedResponse(error, context);
    expect(response.status).toBe(412);
    expect(response.headers).toEqual({
      etag: '"v3"',
      'last-modified': LM,
      'content-type': 'application/problem+json',
      'cache-control': 'no-store',
    });
    expect(bodyOf(response)).toEqual({
      type: 'about:blank',
      title: 'Precondition Failed',
      status: 412,
      detail: 'lost the race',
      instance: '/items/1',
      etag: '"v3"',
    });
  });

  it('carries no ETag when the error knows none', () => {
    const response = preconditionFailedResponse(new PreconditionFailedError(), context);
    expect(response.headers).not.toHaveProperty('etag');
    expect(bodyOf(response)).not.toHaveProperty('etag');
  });

  it('runs the problem hook without an evaluation', () => {
    const seen: ProblemContext[] = [];
    const formatProblem: ProblemHook = (p, hookContext) => {
      seen.push(hookContext);
      return { ...p, extra: true };
    };
    const response = preconditionFailedResponse(new PreconditionFailedError({ etag: '"v3"' }), {
      ...context,
      formatProblem,
    });
    expect(response.status).toBe(412);
    expect(bodyOf(response)).toMatchObject({ status: 412, extra: true });
    expect(seen[0]?.evaluation).toBeUndefined();
    expect(seen[0]?.validators).toMatchObject({ exists: true, etag: '"v3"' });
  });
});

describe('responseForError', () => {
  it('answers a PreconditionFailedError, also one from another copy of this package', () => {
    expect(responseForError(new PreconditionFailedError({ etag: '"v3"' }), context)?.status).toBe(412);
    const foreign = Object.assign(new Error('conflict'), { etag: '"v4"', lastModified: undefined });
    Object.defineProperty(foreign, Symbol.for('@precond/core/PreconditionFailedError'), { value: true });
    const response = responseForError(foreign, context);
    expect(response?.status).toBe(412);
    expect(response?.headers.etag).toBe('"v4"');
  });

  it('returns undefined for any other thrown value', () => {
    for (const error of [new Error('boom'), { status: 412 }, null, undefined, 'precondition failed']) {
      expect(responseForError(error, context)).toBeUndefined();
    }
  });
});

describe('validatorHeaders', () => {
  it('gives the ETag and Last-Modified of an existing resource', () => {
    expect(validatorHeaders({ exists: true, etag: 'W/"v1"', lastModified: LM })).toEqual({
      etag: 'W/"v1"',
      'last-modified': LM,
    });
  });

  it.each([
    ['a Date with milliseconds', new Date(LM_MS + 999)],
    ['epoch milliseconds', LM_MS + 1],
    ['an RFC 850 string', 'Sunday, 06-Nov-94 08:49:37 GMT'],
    ['an asctime string', 'Sun Nov  6 08:49:37 1994'],
  ])('formats a Last-Modified given as %s as an IMF-fixdate', (_, lastModified) => {
    expect(validatorHeaders({ exists: true, lastModified })).toEqual({ 'last-modified': LM });
  });

  it('sends a Last-Modified later than now as now, with a Date of that same second (RFC 9110 §8.8.2.1)', () => {
    const now = Date.UTC(2026, 10, 25, 12, 0, 0, 400);
    expect(validatorHeaders({ exists: true, lastModified: new Date(now + 45_000) }, now)).toEqual({
      'last-modified': TODAY,
      date: TODAY,
    });
  });

  it("leaves Date to the server when the Last-Modified is over a minute old: the server's own is later", () => {
    const now = Date.UTC(2026, 10, 25, 12, 0, 0, 400);
    const within = validatorHeaders({ exists: true, lastModified: now - 59_400 }, now);
    const beyond = validatorHeaders({ exists: true, lastModified: now - 60_400 }, now);
    expect(within).toEqual({ 'last-modified': 'Wed, 25 Nov 2026 11:59:01 GMT', date: TODAY });
    expect(beyond).toEqual({ 'last-modified': 'Wed, 25 Nov 2026 11:59:00 GMT' });
  });

  it('never gives a Last-Modified later than its Date, whatever the moment and the clock', () => {
    for (const offset of [-58_999, -1001, -1000, -999, -1, 0, 1, 999, 1000, 45_000]) {
      for (const now of [Date.UTC(2026, 10, 25, 12), Date.UTC(2026, 10, 25, 12, 0, 0, 999)]) {
        const headers = validatorHeaders({ exists: true, lastModified: now + offset }, now);
        const lastModified = Date.parse(headers['last-modified'] ?? '');
        const date = Date.parse(headers.date ?? '');
        expect(lastModified).toBeLessThanOrEqual(date);
        expect(date).toBe(Math.floor(now / 1000) * 1000);
        if (offset <= 0) expect(lastModified).toBe(Math.floor((now + offset) / 1000) * 1000);
      }
    }
  });

  it('leaves out a Last-Modified that cannot be read', () => {
    for (const lastModified of [Number.NaN, new Date('nonsense'), 'yesterday', 1e20]) {
      expect(validatorHeaders({ exists: true, etag: '"v1"', lastModified })).toEqual({ etag: '"v1"' });
    }
  });

  it('is empty for a resource that does not exist, and for none at all', () => {
    expect(validatorHeaders({ exists: false, etag: '"v1"', lastModified: LM })).toEqual({});
    expect(validatorHeaders(undefined)).toEqual({});
  });
});

describe('a 304, 412 or 428 in place of a produced response', () => {
  const produced = {
    'Content-Type': 'text/html',
    'Content-Length': '120',
    'Content-Location': '/items/1.html',
    'Cache-Control': 'max-age=60',
    Expires: 'Sun, 06 Nov 1994 08:50:37 GMT',
    ETag: '"produced"',
    Vary: 'Accept',
    'Set-Cookie': ['session=1', 'theme=dark'],
    'Access-Control-Allow-Origin': 'https://app.example',
    'X-Request-Id': 'abc',
  };
  const notModified = preconditionResponse(decide('GET', { 'if-none-match': '"v2"' }), resource, context);
  const failed = preconditionResponse(decide('GET', { 'if-match': '"v1"' }), resource, context);
  const required = preconditionResponse(decide('PUT', {}), resource, context);

  it.each([
    [304, 'Content-Type', true],
    [304, 'Content-Location', false],
    [304, 'Cache-Control', false],
    [304, 'Set-Cookie', false],
    [412, 'Content-Type', true],
    [412, 'Content-Location', true],
    [412, 'Cache-Control', true],
    [412, 'Expires', true],
    [412, 'ETag', true],
    [412, 'Set-Cookie', false],
    [412, 'Access-Control-Allow-Origin', false],
    [428, 'Cache-Control', true],
    [428, 'Vary', false],
  ] as const)('a %i drops %s: %s', (status, name, dropped) => {
    expect(isDroppedFromPreconditionResponse(status, name)).toBe(dropped);
  });

  it('a 304 keeps all but the content fields, and its own validators win', () => {
    expect(preconditionResponseHeaders(notModified, produced)).toEqual({
      'Cache-Control': 'max-age=60',
      'Content-Location': '/items/1.html',
      Expires: 'Sun, 06 Nov 1994 08:50:37 GMT',
      Vary: 'Accept',
      'Set-Cookie': ['session=1', 'theme=dark'],
      'Access-Control-Allow-Origin': 'https://app.example',
      'X-Request-Id': 'abc',
      etag: '"v2"',
      'last-modified': LM,
    });
  });

  it('a 412 keeps the fields about the response and carries its own content type, no-store and the current validators', () => {
    expect(preconditionResponseHeaders(failed, produced)).toEqual({
      Vary: 'Accept',
      'Set-Cookie': ['session=1', 'theme=dark'],
      'Access-Control-Allow-Origin': 'https://app.example',
      'X-Request-Id': 'abc',
      'content-type': 'application/problem+json',
      'cache-control': 'no-store',
      etag: '"v2"',
      'last-modified': LM,
    });
  });

  it('a 428 drops the produced validators and carries none', () => {
    const headers = preconditionResponseHeaders(
      required,
      new Headers({ ...produced, 'Set-Cookie': 'session=1' }),
    );
    expect(headers).toBeInstanceOf(Headers);
    expect(headers.get('etag')).toBeNull();
    expect(headers.get('cache-control')).toBe('no-store');
    expect(headers.get('content-type')).toBe('application/problem+json');
    expect(headers.get('access-control-allow-origin')).toBe('https://app.example');
  });

  it('works on a Fetch Headers, every Set-Cookie line kept, the given one untouched', () => {
    const given = new Headers({ 'content-type': 'text/html', 'cache-control': 'max-age=60', etag: '"old"' });
    given.append('set-cookie', 'a=1');
    given.append('set-cookie', 'b=2');
    const headers = preconditionResponseHeaders(failed, given);
    expect(headers.getSetCookie()).toEqual(['a=1', 'b=2']);
    expect(headers.get('content-type')).toBe('application/problem+json');
    expect(headers.get('etag')).toBe('"v2"');
    expect(given.get('etag')).toBe('"old"');
  });

  it('replaces a field of its own spelled otherwise in the produced record', () => {
    const answer: PreconditionResponse = {
      ...notModified,
      headers: { ...notModified.headers, vary: 'Origin' },
    };
    expect(preconditionResponseHeaders(answer, { VARY: 'Accept' })).toEqual(answer.headers);
  });
});
