import { describe, expectTypeOf, it } from 'vitest';
import type { AdapterRequest, PreconditionResponse } from './adapter.js';
import { preconditionFailedHeaders, preconditionResponseHeaders } from './adapter.js';
import type {
  requestFingerprint as fingerprintWithNode,
  generateEntityTag as generateWithNode,
} from './etag/node.js';
import type {
  requestFingerprint as fingerprintWithWeb,
  generateEntityTag as generateWithWeb,
} from './etag/web.js';
import type {
  ConditionField,
  DecidedBy,
  Decision,
  DecisionContext,
  DecisionHook,
  EntityTagGeneration,
  EvaluateOptions,
  Evaluation,
  IdempotencyKeyRequirement,
  Outcome,
  PreconditionOptions,
  PreconditionResult,
  ProblemContext,
  ProblemDetails,
  ProblemHook,
  RequestHeaders,
  Validators,
} from './index.js';
import { evaluatePreconditions } from './index.js';

describe('PreconditionOptions', () => {
  it('accepts every documented value', () => {
    expectTypeOf<{ requirePreconditions: true }>().toExtend<PreconditionOptions>();
    expectTypeOf<{ requirePreconditions: readonly ['PUT', 'POST'] }>().toExtend<PreconditionOptions>();
    expectTypeOf<{ etagGeneration: 'weak' }>().toExtend<PreconditionOptions>();
    expectTypeOf<{ etagGeneration: false }>().toExtend<PreconditionOptions>();
    expectTypeOf<{ formatProblem: (p: ProblemDetails) => ProblemDetails }>().toExtend<PreconditionOptions>();
    expectTypeOf<{
      requirePreconditions: undefined;
      etagGeneration: undefined;
      formatProblem: undefined;
    }>().toExtend<PreconditionOptions>();
    expectTypeOf<{ deferIfMatch: true }>().toExtend<PreconditionOptions>();
    expectTypeOf<{
      cacheFields: { 'cache-control': 'private, no-cache'; vary: 'Accept' };
    }>().toExtend<PreconditionOptions>();
    expectTypeOf<{ cacheFields: Readonly<Record<string, string>> }>().toExtend<PreconditionOptions>();
    expectTypeOf<Record<string, never>>().toExtend<PreconditionOptions>();
  });

  it('rejects values outside them', () => {
    expectTypeOf<{ etagGeneration: 'medium' }>().not.toExtend<PreconditionOptions>();
    expectTypeOf<{ etagGeneration: true }>().not.toExtend<PreconditionOptions>();
    expectTypeOf<{ requirePreconditions: 'PUT' }>().not.toExtend<PreconditionOptions>();
    expectTypeOf<{ requirePreconditions: number[] }>().not.toExtend<PreconditionOptions>();
    expectTypeOf<{ cacheFields: { vary: string[] } }>().not.toExtend<PreconditionOptions>();
    expectTypeOf<{ cacheFields: { 'max-age': number } }>().not.toExtend<PreconditionOptions>();
    expectTypeOf<{ cacheFields: 'no-cache' }>().not.toExtend<PreconditionOptions>();
    expectTypeOf<{ idempotencyKey: true }>().not.toExtend<PreconditionOptions>();
    expectTypeOf<{ idempotencyKey: 'always' }>().not.toExtend<PreconditionOptions>();
  });

  it('is read-only and every member is optional', () => {
    expectTypeOf<PreconditionOptions>().toEqualTypeOf<{
      readonly requirePreconditions?: boolean | readonly string[] | undefined;
      readonly etagGeneration?: EntityTagGeneration | undefined;
      readonly formatProblem?: ProblemHook | undefined;
      readonly deferIfMatch?: boolean | undefined;
      readonly loadOnlyWhenConditional?: boolean | undefined;
      readonly cacheFields?: Readonly<Record<string, string>> | undefined;
      readonly onDecision?: DecisionHook | undefined;
      readonly idempotencyKey?: 'required' | 'optional' | undefined;
    }>();
    expectTypeOf<EntityTagGeneration>().toEqualTypeOf<'strong' | 'weak' | false>();
  });

  it('shares requirePreconditions with EvaluateOptions, so adapters can pass their options through', () => {
    expectTypeOf<PreconditionOptions['requirePreconditions']>().toEqualTypeOf<
      EvaluateOptions['requirePreconditions']
    >();
    expectTypeOf<PreconditionOptions>().toExtend<EvaluateOptions>();
  });
});

describe('EvaluateOptions', () => {
  it('takes now as a Date or epoch milliseconds', () => {
    expectTypeOf<EvaluateOptions['now']>().toEqualTypeOf<Date | number | undefined>();
    expectTypeOf<{ now: string }>().not.toExtend<EvaluateOptions>();
  });
});

describe('ProblemHook', () => {
  it('receives the problem and its context and returns a problem', () => {
    expectTypeOf<ProblemHook>().parameters.toEqualTypeOf<[ProblemDetails, ProblemContext]>();
    expectTypeOf<ProblemHook>().returns.toEqualTypeOf<ProblemDetails>();
    expectTypeOf<ProblemContext['evaluation']>().toEqualTypeOf<Evaluation | undefined>();
    expectTypeOf<ProblemContext['method']>().toEqualTypeOf<string>();
  });

  it('allows extension members on a problem', () => {
    expectTypeOf<{
      type: string;
      title: string;
      status: number;
      traceId: string;
    }>().toExtend<ProblemDetails>();
    expectTypeOf<{ title: string; status: number }>().not.toExtend<ProblemDetails>();
  });
});

describe('DecisionHook', () => {
  it('accepts a synchronous or an async hook, with or without the context', () => {
    expectTypeOf<{ onDecision: (decision: Decision) => void }>().toExtend<PreconditionOptions>();
    expectTypeOf<{
      onDecision: (decision: Decision, context: DecisionContext) => Promise<void>;
    }>().toExtend<PreconditionOptions>();
    expectTypeOf<{ onDecision: undefined }>().toExtend<PreconditionOptions>();
    expectTypeOf<DecisionHook>().parameters.toEqualTypeOf<[Decision, DecisionContext]>();
    expectTypeOf<DecisionHook>().returns.toEqualTypeOf<unknown>();
    // A logger call that returns the logger (winston), or a Map's set, will do as a hook's body.
    expectTypeOf<{
      onDecision: (decision: Decision) => Map<string, number>;
    }>().toExtend<PreconditionOptions>();
  });

  it('rejects a hook that expects something other than a decision', () => {
    expectTypeOf<{ onDecision: (decision: string) => void }>().not.toExtend<PreconditionOptions>();
    expectTypeOf<{
      onDecision: (d: Decision, c: { user: string }) => void;
    }>().not.toExtend<PreconditionOptions>();
    expectTypeOf<{ onDecision: 'log' }>().not.toExtend<PreconditionOptions>();
  });

  it('describes a decision in read-only, JSON-ready members', () => {
    expectTypeOf<Decision>().toEqualTypeOf<{
      readonly outcome: Outcome;
      readonly status: 304 | 412 | 428 | undefined;
      readonly field: ConditionField | undefined;
      readonly reason: string;
      readonly ignoreRange: boolean;
      readonly by: DecidedBy;
      readonly method: string;
      readonly path: string;
    }>();
    expectTypeOf<DecidedBy>().toEqualTypeOf<'validators' | 'response' | 'write'>();
    expectTypeOf<DecisionContext['request']>().toEqualTypeOf<AdapterRequest>();
    expectTypeOf<DecisionContext['validators']>().toEqualTypeOf<Validators | undefined>();
  });
});

describe('Evaluation', () => {
  it('ties each outcome to its status and deciding field', () => {
    expectTypeOf<Outcome>().toEqualTypeOf<
      'proceed' | 'not-modified' | 'precondition-failed' | 'precondition-required'
    >();
    expectTypeOf<Extract<Evaluation, { outcome: 'proceed' }>['status']>().toEqualTypeOf<undefined>();
    expectTypeOf<Extract<Evaluation, { outcome: 'not-modified' }>['status']>().toEqualTypeOf<304>();
    expectTypeOf<Extract<Evaluation, { outcome: 'precondition-failed' }>['status']>().toEqualTypeOf<412>();
    expectTypeOf<Extract<Evaluation, { outcome: 'precondition-required' }>['status']>().toEqualTypeOf<428>();
    expectTypeOf<Extract<Evaluation, { outcome: 'not-modified' }>['field']>().toEqualTypeOf<
      'If-None-Match' | 'If-Modified-Since'
    >();
    expectTypeOf<
      Extract<Evaluation, { outcome: 'precondition-failed' }>['field']
    >().toExtend<ConditionField>();
    expectTypeOf<Evaluation['ignoreRange']>().toEqualTypeOf<boolean>();
  });

  it('narrows on the status', () => {
    const evaluation = evaluatePreconditions({ method: 'GET', headers: {} }, { exists: true });
    if (evaluation.status === 304) expectTypeOf(evaluation.outcome).toEqualTypeOf<'not-modified'>();
    if (evaluation.outcome === 'precondition-failed') {
      expectTypeOf(evaluation.field).toEqualTypeOf<'If-Match' | 'If-Unmodified-Since' | 'If-None-Match'>();
    }
  });
});

describe('evaluatePreconditions', () => {
  it('takes a method with Fetch Headers or a Node-style record, validators and optional options', () => {
    expectTypeOf(evaluatePreconditions).parameter(0).toExtend<{ method: string; headers: RequestHeaders }>();
    expectTypeOf<Headers>().toExtend<RequestHeaders>();
    expectTypeOf<{ 'if-none-match': string[]; host: string; accept: undefined }>().toExtend<RequestHeaders>();
    expectTypeOf<{ 'if-none-match': number }>().not.toExtend<RequestHeaders>();
    expectTypeOf(evaluatePreconditions).parameter(1).toEqualTypeOf<Validators>();
    expectTypeOf(evaluatePreconditions).parameter(2).toEqualTypeOf<EvaluateOptions | undefined>();
    expectTypeOf(evaluatePreconditions).returns.toEqualTypeOf<Evaluation>();
  });

  it('takes Last-Modified as a Date, epoch milliseconds or an HTTP-date string', () => {
    expectTypeOf<Validators['lastModified']>().toEqualTypeOf<Date | number | string | undefined>();
    expectTypeOf<{ etag: string }>().not.toExtend<Validators>();
  });
});

describe('responses and ETag generation', () => {
  it("answers only 304, 412, 428 or an Idempotency-Key's 400, 409, 422, with a string body or none", () => {
    expectTypeOf<PreconditionResponse['status']>().toEqualTypeOf<304 | 400 | 409 | 412 | 422 | 428>();
    expectTypeOf<PreconditionResponse['body']>().toEqualTypeOf<string | null>();
  });

  it('gives the fields a response keeps in the shape it is given', () => {
    const answer = {} as PreconditionResponse;
    expectTypeOf(preconditionResponseHeaders(answer, new Headers())).toEqualTypeOf<Headers>();
    expectTypeOf(preconditionResponseHeaders(answer, { 'set-cookie': ['a=1'] })).toEqualTypeOf<
      Record<string, string | number | readonly string[]>
    >();
    expectTypeOf(preconditionFailedHeaders(new Headers())).toEqualTypeOf<Headers>();
  });

  it('generates synchronously with node:crypto and asynchronously with Web Crypto', () => {
    expectTypeOf<typeof generateWithNode>().returns.toEqualTypeOf<string>();
    expectTypeOf<typeof generateWithWeb>().returns.toEqualTypeOf<Promise<string>>();
    expectTypeOf<Parameters<typeof generateWithNode>>().toEqualTypeOf<Parameters<typeof generateWithWeb>>();
  });
});

describe('Idempotency-Key', () => {
  it('hands the handler the key as a string, when there is one', () => {
    expectTypeOf<PreconditionResult['idempotencyKey']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<IdempotencyKeyRequirement>().toEqualTypeOf<'required' | 'optional'>();
  });

  it('fingerprints synchronously with node:crypto and asynchronously with Web Crypto, from the same input', () => {
    expectTypeOf<typeof fingerprintWithNode>().returns.toEqualTypeOf<string>();
    expectTypeOf<typeof fingerprintWithWeb>().returns.toEqualTypeOf<Promise<string>>();
    expectTypeOf<Parameters<typeof fingerprintWithNode>>().toEqualTypeOf<
      Parameters<typeof fingerprintWithWeb>
    >();
  });
});
