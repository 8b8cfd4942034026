import { DEFERRED_CURRENT, deferredWrite, describeDeferIfMatch } from '@precond/adapter-suite';
import { json, withPreconditions } from './index.js';

let loads = 0;

const PATCH = withPreconditions(
  (_request, _context: { params: Promise<object> }, precond) => json(deferredWrite(precond)),
  {
    validators: () => {
      loads++;
      return DEFERRED_CURRENT;
    },
    deferIfMatch: true,
    requirePreconditions: true,
  },
);

describeDeferIfMatch({
  patch: (headers) =>
    PATCH(new Request('http://localhost/doc', { method: 'PATCH', headers }), { params: Promise.resolve({}) }),
  loads: () => loads,
});
