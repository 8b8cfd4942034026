import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decideFromError, decideWithValidators } from '../decide.js';
import { PreconditionFailedError } from '../errors.js';
import { countDecisions, decisionCounts } from './count-decisions.js';
import { logDecisions } from './log-decisions.js';

const read = (name: string) => readFileSync(new URL(name, import.meta.url), 'utf8');
const validators = { exists: true, etag: '"v2"' };
const request = (method: string, headers: Record<string, string>) => ({ method, headers, path: '/notes/1' });

describe('README examples', () => {
  it.each(['log-decisions.ts', 'count-decisions.ts'])('%s is in the README as it is here', (file) => {
    expect(read('../../README.md')).toContain(`\`\`\`ts\n${read(file)}\`\`\``);
  });

  it('logs one JSON line per decision that did not simply proceed, with the request id', () => {
    const lines: string[] = [];
    const onDecision = logDecisions((line) => lines.push(line));
    decideWithValidators(request('GET', {}), validators, { onDecision });
    decideWithValidators(request('GET', { 'if-none-match': '"v2"', 'x-request-id': 'r1' }), validators, {
      onDecision,
    });
    decideWithValidators(request('GET', { range: 'bytes=0-1', 'if-range': '"v1"' }), validators, {
      onDecision,
    });
    const fetchHeaders = new Headers({ 'if-match': '"v1"', 'x-request-id': 'r3' });
    decideWithValidators({ method: 'PUT', headers: fetchHeaders, path: '/notes/1' }, validators, {
      onDecision,
    });
    expect(lines.map((line) => JSON.parse(line))).toEqual([
      expect.objectContaining({
        msg: 'precondition decided',
        requestId: 'r1',
        outcome: 'not-modified',
        status: 304,
      }),
      expect.objectContaining({ outcome: 'proceed', ignoreRange: true, field: 'If-Range' }),
      expect.objectContaining({
        requestId: 'r3',
        outcome: 'precondition-failed',
        status: 412,
        by: 'validators',
      }),
    ]);
  });

  it('counts decisions per outcome, way decided and method', () => {
    const incs: Record<string, string>[] = [];
    const onDecision = countDecisions({ inc: (labels) => incs.push(labels) });
    decideWithValidators(request('PUT', { 'if-match': '"v1"' }), validators, { onDecision });
    decideFromError(request('PUT', {}), new PreconditionFailedError(), { onDecision });
    expect(incs).toEqual([
      { outcome: 'precondition-failed', by: 'validators', method: 'PUT' },
      { outcome: 'precondition-failed', by: 'write', method: 'PUT' },
    ]);

    const { counts, onDecision: count } = decisionCounts();
    for (const headers of [{}, { 'if-none-match': '"v2"' }, { 'if-none-match': '"v2"' }]) {
      decideWithValidators(request('GET', headers), validators, { onDecision: count });
    }
    expect(Object.fromEntries(counts)).toEqual({ proceed: 1, 'not-modified': 2 });
  });
});
