/**
 * `onDecision`: every adapter tells the hook the same decisions — validator-first, after the fact
 * and by the handler's write — and a hook that throws never changes the answer.
 *
 * @module
 */

import type { Decision, DecisionContext, DecisionHook } from '@precond/core';
import { describe, expect, it } from 'vitest';
import type { AdapterTarget } from './adapter-target.js';
import { serveRoutes } from './adapter-target.js';
import { DEFERRED_CURRENT, deferredWrite } from './defer-if-match.js';

/** The paths of the routes a {@link DecisionHookTarget} builds (GET and PATCH share the first). */
export const DECISION_ROUTES = Object.freeze({
  decided: '/decided',
  afterTheFact: '/decided-after-the-fact',
  throwing: '/decided-throwing',
});

/** The body every GET route of a {@link DecisionHookTarget} answers with, as JSON. */
export const DECIDED_BODY = Object.freeze({ text: 'decided' });

/** A hook that records what it is told. */
export interface DecisionRecorder {
  readonly onDecision: DecisionHook;
  /** Every call so far, in order. */
  readonly calls: readonly (readonly [Decision, DecisionContext])[];
}

/** A {@link DecisionRecorder} for the target's routes: build each route with its `onDecision`. */
export function recordDecisions(): DecisionRecorder {
  const calls: [Decision, DecisionContext][] = [];
  return { calls, onDecision: (decision, context) => void calls.push([decision, context]) };
}

let thrown = 0;

/** The hook the `throwing` route gets: it throws on every call. */
export const THROWING_HOOK: DecisionHook = () => {
  thrown++;
  throw new Error('the logger is down');
};

/**
 * Routes built with `onDecision: recorder.onDecision` (but `throwing`), at {@link DECISION_ROUTES}:
 * - `decided`: GET with `loadValidators: () => DEFERRED_CURRENT` answering {@link DECIDED_BODY}, and
 *   PATCH with `{ loadValidators: () => DEFERRED_CURRENT, deferIfMatch: true, requirePreconditions: true }`
 *   answering with `deferredWrite` (the `deferIfMatch` suite's route, hooked);
 * - `afterTheFact`: GET without validators answering {@link DECIDED_BODY} (precond tags it);
 * - `throwing`: the `decided` GET with `onDecision: THROWING_HOOK`.
 */
export interface DecisionHookTarget {
  readonly recorder: DecisionRecorder;
  /** Sends a request to one of the routes with these headers (adding `Accept-Encoding: identity` is fine). */
  request(
    route: keyof typeof DECISION_ROUTES,
    method: 'GET' | 'PATCH',
    headers: Record<string, string>,
  ): Promise<Response>;
}

/** Registers the `onDecision` cases against `target`. */
export function describeDecisionHook(target: DecisionHookTarget): void {
  /** Sends the request, reads the answer, and returns it with the decisions reported meanwhile. */
  const decide = async (
    route: keyof typeof DECISION_ROUTES,
    method: 'GET' | 'PATCH',
    headers: Record<string, string> = {},
  ) => {
    const before = target.recorder.calls.length;
    const res = await target.request(route, method, headers);
    const body = await res.text();
    const calls = target.recorder.calls.slice(before);
    return { res, body, decisions: calls.map(([decision]) => decision), contexts: calls.map(([, c]) => c) };
  };
  const at = (route: keyof typeof DECISION_ROUTES, method: string) => ({
    method,
    path: DECISION_ROUTES[route],
  });

  describe('onDecision', () => {
    it('reports a 304 decided by the validators, with the request and the validators', async () => {
      const { res, decisions, contexts } = await decide('decided', 'GET', { 'If-None-Match': '"v1"' });
      expect(res.status).toBe(304);
      expect(decisions).toEqual([
        {
          outcome: 'not-modified',
          status: 304,
          field: 'If-None-Match',
          reason: expect.any(String),
          ignoreRange: false,
          by: 'validators',
          ...at('decided', 'GET'),
        },
      ]);
      expect(contexts[0]?.validators).toMatchObject({ etag: DEFERRED_CURRENT.etag });
      expect(contexts[0]?.request).toMatchObject(at('decided', 'GET'));
    });

    it('reports a GET that proceeds, and one whose Range is ignored because If-Range failed', async () => {
      const plain = await decide('decided', 'GET');
      expect(plain.res.status).toBe(200);
      expect(JSON.parse(plain.body)).toEqual(DECIDED_BODY);
      expect(plain.decisions).toEqual([
        expect.objectContaining({
          outcome: 'proceed',
          status: undefined,
          field: undefined,
          by: 'validators',
        }),
      ]);
      const ranged = await decide('decided', 'GET', { Range: 'bytes=0-1', 'If-Range': '"v0"' });
      expect(ranged.res.status).toBe(200);
      expect(ranged.decisions).toEqual([
        expect.objectContaining({
          outcome: 'proceed',
          field: 'If-Range',
          ignoreRange: true,
          by: 'validators',
        }),
      ]);
    });

    it('reports a 412 and a 428 decided by the validators', async () => {
      const failed = await decide('decided', 'PATCH', { 'If-Match': '"v0"', 'If-None-Match': '"v9"' });
      expect(failed.res.status).toBe(412);
      const required = await decide('decided', 'PATCH');
      expect(required.res.status).toBe(428);
      expect([...failed.decisions, ...required.decisions]).toEqual([
        expect.objectContaining({
          outcome: 'precondition-failed',
          status: 412,
          field: 'If-Match',
          by: 'validators',
          ...at('decided', 'PATCH'),
        }),
        expect.objectContaining({ outcome: 'precondition-required', status: 428, by: 'validators' }),
      ]);
    });

    it('reports the 412 of a PreconditionFailedError the write threw, by the write', async () => {
      const { res, decisions, contexts } = await decide('decided', 'PATCH', { 'If-Match': '"v0"' });
      expect(res.status).toBe(412);
      expect(decisions).toEqual([
        {
          outcome: 'precondition-failed',
          status: 412,
          field: undefined,
          reason: 'The resource changed since the client read it',
          ignoreRange: false,
          by: 'write',
          ...at('decided', 'PATCH'),
        },
      ]);
      expect(contexts[0]?.validators).toMatchObject({ etag: DEFERRED_CURRENT.etag });
    });

    it('reports a deferred If-Match write that went through once the handler returns, by the write', async () => {
      const { res, decisions } = await decide('decided', 'PATCH', { 'If-Match': '"v1"' });
      expect(res.status).toBe(200);
      expect(decisions).toEqual([
        expect.objectContaining({
          outcome: 'proceed',
          field: 'If-Match',
          by: 'write',
          ...at('decided', 'PATCH'),
        }),
      ]);
    });

    it('reports a write decided by its validators once, not again when it goes through', async () => {
      const { res, decisions } = await decide('decided', 'PATCH', {
        'If-Match': '"v1"',
        'If-None-Match': '"v9"',
      });
      expect(res.status).toBe(200);
      expect(decisions).toEqual([expect.objectContaining({ outcome: 'proceed', by: 'validators' })]);
    });

    it('reports what it decides after the fact, by the response', async () => {
      const first = await decide('afterTheFact', 'GET');
      const etag = first.res.headers.get('etag');
      expect(etag).toMatch(/^"/);
      const again = await decide('afterTheFact', 'GET', { 'If-None-Match': etag ?? '' });
      expect(again.res.status).toBe(304);
      expect([...first.decisions, ...again.decisions]).toEqual([
        expect.objectContaining({ outcome: 'proceed', by: 'response', ...at('afterTheFact', 'GET') }),
        expect.objectContaining({
          outcome: 'not-modified',
          status: 304,
          field: 'If-None-Match',
          by: 'response',
        }),
      ]);
    });

    it('answers as decided when the hook throws', async () => {
      const before = thrown;
      const revalidated = await decide('throwing', 'GET', { 'If-None-Match': '"v1"' });
      expect(revalidated.res.status).toBe(304);
      const full = await decide('throwing', 'GET');
      expect(full.res.status).toBe(200);
      expect(JSON.parse(full.body)).toEqual(DECIDED_BODY);
      expect(thrown - before).toBe(2);
    });
  });
}

/**
 * The {@link DecisionHookTarget} routes, served through an adapter's route builder. The `decided`
 * route takes `deferIfMatch` and `requirePreconditions` for GET too: neither changes a GET.
 */
export function serveDecisionHook(target: AdapterTarget): DecisionHookTarget {
  const recorder = recordDecisions();
  const { onDecision } = recorder;
  const loadValidators = () => DEFERRED_CURRENT;
  const { send } = serveRoutes(target, {
    [DECISION_ROUTES.decided]: {
      methods: ['GET', 'PATCH'],
      options: { loadValidators, deferIfMatch: true, requirePreconditions: true, onDecision },
      handle: (precond, method) => ({ body: method === 'PATCH' ? deferredWrite(precond) : DECIDED_BODY }),
    },
    [DECISION_ROUTES.afterTheFact]: {
      methods: ['GET'],
      options: { onDecision },
      handle: () => ({ body: DECIDED_BODY }),
    },
    [DECISION_ROUTES.throwing]: {
      methods: ['GET'],
      options: { loadValidators, onDecision: THROWING_HOOK },
      handle: () => ({ body: DECIDED_BODY }),
    },
  });
  return { recorder, request: (route, method, headers) => send(DECISION_ROUTES[route], { method, headers }) };
}
