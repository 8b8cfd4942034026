import { describe, expect, it } from 'vitest';
import { PRECONDITION_FIELDS } from './evaluate.js';
import {
  httpProblem,
  idempotencyKeyProblem,
  PROBLEM_CONTENT_TYPE,
  preconditionFailedProblem,
  preconditionRequiredProblem,
} from './problem.js';

describe('PROBLEM_CONTENT_TYPE', () => {
  it('is the RFC 9457 media type', () => {
    expect(PROBLEM_CONTENT_TYPE).toBe('application/problem+json');
  });
});

describe('preconditionFailedProblem', () => {
  it('describes a 412 with about:blank and the status phrase', () => {
    const problem = preconditionFailedProblem();
    expect(problem).toMatchObject({ type: 'about:blank', title: 'Precondition Failed', status: 412 });
    expect(problem.detail).toEqual(expect.any(String));
    expect(problem).not.toHaveProperty('etag');
    expect(problem).not.toHaveProperty('instance');
  });

  it('carries the current entity-tag, the detail and the instance it is given', () => {
    expect(preconditionFailedProblem({ etag: '"v2"', detail: 'stale', instance: '/items/1' })).toEqual({
      type: 'about:blank',
      title: 'Precondition Failed',
      status: 412,
      detail: 'stale',
      instance: '/items/1',
      etag: '"v2"',
    });
  });

  it('leaves out members given as undefined', () => {
    const problem = preconditionFailedProblem({ etag: undefined, instance: undefined });
    expect(Object.keys(problem).sort()).toEqual(['detail', 'status', 'title', 'type']);
  });
});

describe('preconditionRequiredProblem', () => {
  it('describes a 428 and lists the accepted condition fields', () => {
    const problem = preconditionRequiredProblem();
    expect(problem).toMatchObject({
      type: 'about:blank',
      title: 'Precondition Required',
      status: 428,
      acceptedConditions: ['If-Match', 'If-Unmodified-Since', 'If-None-Match'],
    });
    expect(problem.detail).toEqual(expect.any(String));
  });

  it('carries the detail and instance it is given', () => {
    expect(preconditionRequiredProblem({ detail: 'send If-Match', instance: '/items/1' })).toMatchObject({
      detail: 'send If-Match',
      instance: '/items/1',
    });
  });

  it('gives each body its own acceptedConditions array', () => {
    const first = preconditionRequiredProblem();
    (first.acceptedConditions as string[]).push('If-Range');
    expect(preconditionRequiredProblem().acceptedConditions).toEqual([...PRECONDITION_FIELDS]);
  });
});

describe('httpProblem', () => {
  it("titles a problem with the status code's reason phrase (RFC 9457 §4.2.1, RFC 9110 §15)", () => {
    expect(httpProblem(405, 'POST is not supported here', '/items/1')).toEqual({
      type: 'about:blank',
      title: 'Method Not Allowed',
      status: 405,
      detail: 'POST is not supported here',
      instance: '/items/1',
    });
    for (const [status, title] of [
      [501, 'Not Implemented'],
      [431, 'Request Header Fields Too Large'],
      [413, 'Content Too Large'],
      [422, 'Unprocessable Content'],
      [503, 'Service Unavailable'],
    ] as const) {
      expect(httpProblem(status).title).toBe(title);
    }
  });

  it('leaves detail and instance out when not given', () => {
    expect(httpProblem(404)).toEqual({ type: 'about:blank', title: 'Not Found', status: 404 });
  });
});

describe('idempotencyKeyProblem', () => {
  it.each([
    ['missing', 400, 'Bad Request'],
    ['malformed', 400, 'Bad Request'],
    ['reused', 422, 'Unprocessable Content'],
    ['in-flight', 409, 'Conflict'],
  ] as const)('describes a %s key as a %i', (refusal, status, title) => {
    const problem = idempotencyKeyProblem(refusal, { instance: '/api/articles' });
    expect(problem).toEqual({
      type: 'about:blank',
      title,
      status,
      detail: expect.stringContaining('Idempotency-Key'),
      instance: '/api/articles',
    });
  });

  it('takes another detail', () => {
    expect(idempotencyKeyProblem('reused', { detail: 'no' }).detail).toBe('no');
  });
});
