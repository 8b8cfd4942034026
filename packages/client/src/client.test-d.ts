import { describe, expectTypeOf, it } from 'vitest';
import {
  type Client,
  createClient,
  type MergeFunction,
  type MergePatch,
  type ReadResult,
  threeWayMerge,
  type UpdateResult,
  type ValidatorCache,
} from './index.js';

interface Article {
  id: string;
  title: string;
  body: string;
  views: number;
  meta: { lang: string; tags: string[] };
}

declare const client: Client;

describe('results', () => {
  it('are unions discriminated by kind, narrowing to what each carries', async () => {
    const result = await client.update<Article>('/a', { title: 'T' });
    if (result.kind === 'ok') {
      expectTypeOf(result.value).toEqualTypeOf<Article>();
      expectTypeOf(result.etag).toEqualTypeOf<string | undefined>();
    }
    if (result.kind === 'conflict') {
      expectTypeOf(result.fields).toEqualTypeOf<readonly string[]>();
      expectTypeOf(result.theirs).toEqualTypeOf<Article>();
    }
    if (result.kind === 'transport') expectTypeOf(result.status).toEqualTypeOf<number | undefined>();
    expectTypeOf(result.kind).toEqualTypeOf<
      | 'ok'
      | 'conflict'
      | 'unknown'
      | 'precondition-failed'
      | 'precondition-required'
      | 'gone'
      | 'rejected'
      | 'transport'
    >();
  });

  it('can be handled exhaustively', () => {
    const describe = (result: UpdateResult<Article>): string => {
      switch (result.kind) {
        case 'ok':
          return result.value.title;
        case 'conflict':
          return result.fields.join();
        case 'unknown':
          return result.theirs.title;
        case 'precondition-failed':
        case 'precondition-required':
        case 'gone':
        case 'rejected':
        case 'transport':
          return result.message;
        default:
          return result satisfies never;
      }
    };
    expectTypeOf(describe).returns.toEqualTypeOf<string>();
  });

  it('read what each operation can answer, and no more', async () => {
    expectTypeOf<ReadResult<Article>['kind']>().toEqualTypeOf<'ok' | 'gone' | 'rejected' | 'transport'>();
    expectTypeOf((await client.create<Article>('/a', { title: 'T', body: 'B' })).kind).toEqualTypeOf<
      'ok' | 'exists' | 'gone' | 'precondition-required' | 'rejected' | 'transport'
    >();
    const posted = await client.post<Article>('/a', { title: 'T', body: 'B' }, { idempotencyKey: 'k' });
    // A 201 or 204 may come without a body, and post, create and patch know no whole Article to stand in.
    if (posted.kind === 'ok') expectTypeOf(posted.value).toEqualTypeOf<Article | undefined>();
    const created = await client.create<Article>('/a', { title: 'T' });
    if (created.kind === 'ok') expectTypeOf(created.value).toEqualTypeOf<Article | undefined>();
    const patched = await client.patch<Article>('/a', { title: 'T' });
    if (patched.kind === 'ok') expectTypeOf(patched.value).toEqualTypeOf<Article | undefined>();
    // put and update stand in what they wrote for an answer without a body.
    const put = await client.put<Article>('/a', { id: 'a', title: 'T', body: 'B', views: 0 } as Article);
    if (put.kind === 'ok') expectTypeOf(put.value).toEqualTypeOf<Article>();
    const updated = await client.update<Article>('/a', { title: 'T' });
    if (updated.kind === 'ok') expectTypeOf(updated.value).toEqualTypeOf<Article>();
    expectTypeOf((await client.delete('/a')).kind).toEqualTypeOf<
      'ok' | 'precondition-failed' | 'precondition-required' | 'gone' | 'rejected' | 'transport'
    >();
  });

  it('are unknown, never any, unless a type is given', async () => {
    const result = await client.get('/a');
    if (result.kind === 'ok') expectTypeOf(result.value).toEqualTypeOf<unknown>();
  });
});

describe('changes', () => {
  it('a merge patch is partial at every depth and may remove a member with null', () => {
    expectTypeOf<{ title: 'x'; meta: { lang: null } }>().toExtend<MergePatch<Article>>();
    expectTypeOf<{ views: '3' }>().not.toExtend<MergePatch<Article>>();
    expectTypeOf<{ meta: { tags: [number] } }>().not.toExtend<MergePatch<Article>>();
  });

  it('update takes a function of the current version or a merge patch', () => {
    expectTypeOf(client.update<Article>).toBeCallableWith('/a', (article: Article) => ({
      ...article,
      views: 1,
    }));
    expectTypeOf(client.update<Article>).toBeCallableWith('/a', { meta: { lang: 'fr' } });
  });

  it('a change function may edit its copy in place and return nothing', () => {
    void client.update<Article>('/a', (article) => {
      article.views += 1;
    });
    // @ts-expect-error: it returns the next version or nothing, not another type
    void client.update<Article>('/a', () => 'next');
  });

  it('a custom merge function is typed by the resource', () => {
    const rebase: MergeFunction<Article> = (base, mine, theirs) => ({
      kind: 'merged',
      value: { ...theirs, views: theirs.views + mine.views - base.views },
    });
    expectTypeOf(client.update<Article>).toBeCallableWith('/a', { views: 1 }, { merge: rebase });
    expectTypeOf(threeWayMerge<Article>).toExtend<MergeFunction<Article>>();
  });
});

describe('options', () => {
  it('accept a fetch and a cache of any shape with get, set and delete', () => {
    const cache: ValidatorCache = { get: () => undefined, set: () => {}, delete: async () => {} };
    expectTypeOf(createClient).toBeCallableWith({ fetch: globalThis.fetch, cache, retries: 0 });
    expectTypeOf(createClient).toBeCallableWith({ headers: [['authorization', 'Bearer t']] });
    // @ts-expect-error: only PATCH and PUT write an update
    void client.update('/a', {}, { method: 'POST' });
    // @ts-expect-error: a key is a string
    void client.post('/a', {}, { idempotencyKey: 1 });
  });
});
