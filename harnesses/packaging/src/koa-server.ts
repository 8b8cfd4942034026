import { expect } from 'vitest';

/** A Koa server on the installed packages: one validator-first resource that a PUT replaces. */
export const KOA_SERVER = `
import Koa from 'koa';
import { preconditions, PreconditionFailedError } from '@precond/koa';
import { evaluatePreconditions } from '@precond/core';
import { generateEntityTag } from '@precond/core/etag';

let doc = { text: 'v1', etag: generateEntityTag('v1') };
const app = new Koa();
app.use(preconditions({
  requirePreconditions: true,
  loadValidators: () => ({ exists: true, etag: doc.etag, lastModified: new Date('2026-01-01T00:00:00Z') }),
}));
app.use((ctx) => {
  if (ctx.method === 'PUT') doc = { text: 'v2', etag: generateEntityTag('v2') };
  ctx.body = { text: doc.text, proceeded: evaluatePreconditions(ctx, { exists: true }).outcome };
});
const server = app.listen(0, '127.0.0.1', () => console.log('PORT=' + server.address().port));
`;

/** The same middleware, type-checked against whichever Koa types the project installed. */
export const KOA_TYPES = `
import Koa from 'koa';
import { preconditions, type KoaPreconditionOptions, type PreconditionState } from '@precond/koa';

const app = new Koa<PreconditionState>();
const options: KoaPreconditionOptions = {
  requirePreconditions: true,
  loadValidators: (ctx: Koa.Context) => ({ exists: true, etag: ctx.get('x-current') || undefined }),
};
app.use(preconditions(options));
app.use((ctx) => {
  const expected: string | undefined = ctx.state.precond?.validators?.etag;
  ctx.body = { expected };
});
export { app };
`;

/** 304, 428, 412 and a compare-and-set write from the server of KOA_SERVER at `base`. */
export async function expectKoaAnswers(base: string): Promise<void> {
  const first = await fetch(base);
  const etag = first.headers.get('etag') as string;
  expect(first.status).toBe(200);
  expect(await first.json()).toEqual({ text: 'v1', proceeded: 'proceed' });
  expect((await fetch(base, { headers: { 'if-none-match': etag } })).status).toBe(304);
  expect((await fetch(base, { method: 'PUT' })).status).toBe(428);
  const stale = await fetch(base, { method: 'PUT', headers: { 'if-match': '"stale"' } });
  expect(stale.status).toBe(412);
  expect(stale.headers.get('etag')).toBe(etag);
  expect((await fetch(base, { method: 'PUT', headers: { 'if-match': etag } })).status).toBe(200);
}
