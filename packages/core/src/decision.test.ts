import { describe, expect, it } from 'vitest';
import {
  decideBeforeLoading,
  decideFromError,
  decideFromResponse,
  decideWithValidators,
  reportDeferredWrite,
} from './decide.js';
import type { Decision, DecisionContext } from './decision.js';
import { PreconditionFailedError } from './errors.js';
import type { PreconditionOptions } from './options.js';

const validators = { exists: true, etag: '"v2"', lastModified: new Date('2026-01-02T03:04:05Z') };
const request = (method: string, headers: Record<string, string> = {}) => ({
  method,
  headers,
  path: '/things/1?view=full',
});

/** Options whose hook records every call. */
function recording(more: PreconditionOptions = {}) {
  const calls: [Decision, DecisionContext][] = [];
  const options: PreconditionOptions = {
    ...more,
    onDecision: (decision, context) => void calls.push([decision, context]),
  };
  return { calls, options };
}

describe('onDecision, validator-first', () => {
  it.each([
    {
      name: '304 from If-None-Match',
      method: 'GET',
      headers: { 'if-none-match': '"v2"' },
      expected: { outcome: 'not-modified', status: 304, field: 'If-None-Match', ignoreRange: false },
    },
    {
      name: '412 from If-Match',
      method: 'PUT',
      headers: { 'if-match': '"v1"' },
      expected: { outcome: 'precondition-failed', status: 412, field: 'If-Match' },
    },
    {
      name: '428 without a precondition',
      method: 'PATCH',
      headers: {},
      expected: { outcome: 'precondition-required', status: 428, field: undefined },
    },
    {
      name: 'proceed with every precondition passed',
      method: 'PUT',
      headers: { 'if-match': '"v2"' },
      expected: {
        outcome: 'proceed',
        status: undefined,
        field: undefined,
        reason: 'all preconditions passed',
      },
    },
    {
      name: 'proceed ignoring a Range whose If-Range failed',
      method: 'GET',
      headers: { range: 'bytes=0-1', 'if-range': '"v1"' },
      expected: { outcome: 'proceed', status: undefined, field: 'If-Range', ignoreRange: true },
    },
  ])('reports a $name, with the request and validators', ({ method, headers, expected }) => {
    const { calls, options } = recording({ requirePreconditions: true });
    const adapterRequest = request(method, headers);
    decideWithValidators(adapterRequest, validators, options);
    expect(calls).toHaveLength(1);
    const [decision, context] = calls[0] ?? [];
    expect(decision).toMatchObject({ ...expected, by: 'validators', method, path: '/things/1?view=full' });
    expect(decision?.reason).toEqual(expect.any(String));
    expect(context).toEqual({ request: adapterRequest, validators });
  });

  it('reports a proceed when the loader found no resource, so the route answers', () => {
    const { calls, options } = recording({ requirePreconditions: true });
    decideWithValidators(request('PATCH', { 'if-match': '"v1"' }), undefined, options);
    expect(calls.map(([decision]) => decision)).toEqual([
      expect.objectContaining({ outcome: 'proceed', by: 'validators', field: undefined }),
    ]);
    expect(calls[0]?.[0].reason).toMatch(/does not exist/);
  });
});

describe('onDecision, after the fact', () => {
  it('reports an evaluated 200 as proceed and a 304 by the response', () => {
    const { calls, options } = recording();
    const produced = { status: 200, etag: '"v2"' };
    decideFromResponse(request('GET'), produced, options);
    decideFromResponse(request('GET', { 'if-none-match': '"v2"' }), produced, options);
    expect(calls.map(([decision]) => [decision.outcome, decision.by])).toEqual([
      ['proceed', 'response'],
      ['not-modified', 'response'],
    ]);
    expect(calls[1]?.[1].validators).toEqual({ exists: true, etag: '"v2"', lastModified: undefined });
  });

  it('reports nothing for what it does not evaluate: another status or method', () => {
    const { calls, options } = recording();
    decideFromResponse(request('GET', { 'if-none-match': '"v2"' }), { status: 404, etag: '"v2"' }, options);
    decideFromResponse(request('POST', { 'if-match': '"v1"' }), { status: 200, etag: '"v2"' }, options);
    expect(calls).toEqual([]);
  });

  it('reports a 200 without validators, which it evaluates as a current representation', () => {
    const { calls, options } = recording();
    decideFromResponse(request('GET', { 'if-none-match': '*' }), { status: 200 }, options);
    expect(calls.map(([decision]) => decision)).toMatchObject([{ status: 304, by: 'response' }]);
  });
});

describe('onDecision, by the write', () => {
  it('reports the 412 of a thrown PreconditionFailedError with its message and current validators', () => {
    const { calls, options } = recording();
    const error = new PreconditionFailedError({ etag: '"v3"', message: 'lost the race' });
    const response = decideFromError(request('PATCH', { 'if-match': '"v2"' }), error, options);
    expect(response?.status).toBe(412);
    expect(calls.map(([decision]) => decision)).toEqual([
      {
        outcome: 'precondition-failed',
        status: 412,
        field: undefined,
        reason: 'lost the race',
        ignoreRange: false,
        by: 'write',
        method: 'PATCH',
        path: '/things/1?view=full',
      },
    ]);
    expect(calls[0]?.[1].validators).toMatchObject({ exists: true, etag: '"v3"' });
  });

  it('reports nothing for any other error, and answers nothing', () => {
    const { calls, options } = recording();
    expect(decideFromError(request('PATCH'), new Error('boom'), options)).toBeUndefined();
    expect(calls).toEqual([]);
  });

  it('reports a deferred If-Match write that went through, and nothing for other results', () => {
    const { calls, options } = recording({ deferIfMatch: true });
    const patch = request('PATCH', { 'if-match': '"v2"' });
    const deferred = decideBeforeLoading(patch, options);
    expect(calls).toEqual([]);
    reportDeferredWrite(patch, deferred, options);
    const evaluated = decideWithValidators(request('GET'), validators, options);
    if (evaluated.action !== 'proceed') throw new Error('expected proceed');
    reportDeferredWrite(request('GET'), evaluated.result, options);
    reportDeferredWrite(request('GET'), undefined, options);
    expect(calls.map(([decision]) => [decision.outcome, decision.by, decision.field])).toEqual([
      ['proceed', 'write', 'If-Match'],
      ['proceed', 'validators', undefined],
    ]);
  });

  it('reports a write that proceeded on its validators, then lost the race, twice', () => {
    const { calls, options } = recording();
    const put = request('PUT', { 'if-match': '"v2"' });
    decideWithValidators(put, validators, options);
    decideFromError(put, new PreconditionFailedError({ etag: '"v3"' }), options);
    expect(calls.map(([decision]) => [decision.outcome, decision.by])).toEqual([
      ['proceed', 'validators'],
      ['precondition-failed', 'write'],
    ]);
  });
});

describe('a hook that fails', () => {
  it('never changes the answer when it throws', () => {
    const onDecision = () => {
      throw new Error('logger down');
    };
    const decision = decideWithValidators(request('GET', { 'if-none-match': '"v2"' }), validators, {
      onDecision,
    });
    expect(decision.action === 'respond' && decision.response.status).toBe(304);
    const failed = decideFromError(request('PUT'), new PreconditionFailedError(), { onDecision });
    expect(failed?.status).toBe(412);
  });

  it('never leaves a rejection unhandled when it is async', async () => {
    const unhandled: unknown[] = [];
    const record = (reason: unknown) => void unhandled.push(reason);
    process.on('unhandledRejection', record);
    try {
      let rejected = false;
      const onDecision = async () => {
        rejected = true;
        throw new Error('metrics down');
      };
      const decision = decideWithValidators(request('GET'), validators, { onDecision });
      expect(decision.action).toBe('proceed');
      expect(rejected).toBe(true);
      // Unhandled rejections are reported after the microtask queue drains; a macrotask is after that.
      await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', record);
    }
  });
});

describe('without a hook', () => {
  it('reads onDecision once per decision and builds nothing for it', () => {
    let reads = 0;
    const options: PreconditionOptions = {
      get onDecision() {
        reads++;
        return undefined;
      },
    };
    const decision = decideWithValidators(request('GET', { 'if-none-match': '"v2"' }), validators, options);
    expect(decision.action).toBe('respond');
    expect(reads).toBe(1);
  });
});
