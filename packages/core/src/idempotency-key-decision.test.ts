import { describe, expect, it } from 'vitest';
import { NOT_EVALUATED } from './decide.js';
import { decideIdempotencyKey, withIdempotencyKey } from './idempotency-key-decision.js';

const post = (headers: Record<string, string>) => ({ method: 'POST', headers, path: '/api/articles' });

describe('decideIdempotencyKey', () => {
  it('hands over the key of a POST', () => {
    for (const requirement of ['required', 'optional'] as const) {
      expect(
        decideIdempotencyKey(post({ 'idempotency-key': '"k1"' }), { idempotencyKey: requirement }),
      ).toEqual({
        action: 'proceed',
        key: 'k1',
      });
    }
  });

  it('answers 400 problem+json to a POST without a key where one is required', () => {
    const decision = decideIdempotencyKey(post({}), { idempotencyKey: 'required' });
    expect(decision.action).toBe('respond');
    if (decision.action !== 'respond') return;
    expect(decision.response.status).toBe(400);
    expect(decision.response.headers).toEqual({
      'content-type': 'application/problem+json',
      'cache-control': 'no-store',
    });
    expect(JSON.parse(decision.response.body ?? '')).toMatchObject({
      type: 'about:blank',
      title: 'Bad Request',
      status: 400,
      instance: '/api/articles',
      detail: expect.stringContaining('must carry an Idempotency-Key'),
    });
  });

  it('answers 400 to a malformed key, required or not', () => {
    for (const requirement of ['required', 'optional'] as const) {
      const decision = decideIdempotencyKey(post({ 'idempotency-key': 'k1' }), {
        idempotencyKey: requirement,
      });
      expect(decision.action === 'respond' && decision.response.problem).toMatchObject({
        status: 400,
        detail: expect.stringContaining('one quoted string'),
      });
    }
  });

  it('proceeds without a key where the key is optional and missing', () => {
    expect(decideIdempotencyKey(post({}), { idempotencyKey: 'optional' })).toEqual({
      action: 'proceed',
      key: undefined,
    });
  });

  it('does not read the field without the option, nor for another method', () => {
    expect(decideIdempotencyKey(post({ 'idempotency-key': 'bad' }))).toEqual({
      action: 'proceed',
      key: undefined,
    });
    const put = { method: 'PUT', headers: { 'idempotency-key': 'bad' }, path: '/a/1' };
    expect(decideIdempotencyKey(put, { idempotencyKey: 'required' })).toEqual({
      action: 'proceed',
      key: undefined,
    });
  });

  it('lets formatProblem shape the body', () => {
    const decision = decideIdempotencyKey(post({}), {
      idempotencyKey: 'required',
      formatProblem: (problem) => ({ ...problem, code: 'KEY' }),
    });
    expect(decision.action === 'respond' && JSON.parse(decision.response.body ?? '')).toMatchObject({
      status: 400,
      code: 'KEY',
    });
  });
});

describe('withIdempotencyKey', () => {
  it('adds the key to the result, or to NOT_EVALUATED when there is none', () => {
    expect(withIdempotencyKey(undefined, 'k1')).toEqual({ ...NOT_EVALUATED, idempotencyKey: 'k1' });
    const result = { ...NOT_EVALUATED, ignoreRange: true };
    expect(withIdempotencyKey(result, 'k1')).toEqual({ ...result, idempotencyKey: 'k1' });
  });

  it('leaves the result alone without a key', () => {
    expect(withIdempotencyKey(undefined, undefined)).toBeUndefined();
    expect(withIdempotencyKey(NOT_EVALUATED, undefined)).toBe(NOT_EVALUATED);
  });
});
