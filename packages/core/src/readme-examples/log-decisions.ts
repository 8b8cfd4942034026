import type { DecisionHook } from '@precond/core';

/** One structured log line per decision that did not simply proceed: 304, 412, 428, ignored Range. */
export function logDecisions(write: (line: string) => void = console.log): DecisionHook {
  return (decision, { request }) => {
    if (decision.outcome === 'proceed' && !decision.ignoreRange) return;
    const { headers } = request;
    const requestId = headers instanceof Headers ? headers.get('x-request-id') : headers['x-request-id'];
    write(JSON.stringify({ msg: 'precondition decided', requestId, ...decision }));
  };
}
