import { describe, expect, it } from 'vitest';
import { parseArticleInput } from './article-input.js';
import { applyMergePatch } from './merge-patch.js';

describe('parseArticleInput, a whole article (POST, PUT)', () => {
  it.each([
    [
      { title: 'T', body: 'B' },
      { title: 'T', body: 'B', views: 0 },
    ],
    [
      { title: 'T', body: '', views: 0 },
      { title: 'T', body: '', views: 0 },
    ],
    [
      { title: 'x'.repeat(200), body: 'B', views: 2_147_483_647 },
      { title: 'x'.repeat(200), body: 'B', views: 2_147_483_647 },
    ],
    [
      { title: '🎉'.repeat(200), body: 'B' },
      { title: '🎉'.repeat(200), body: 'B', views: 0 },
    ],
    [
      { title: 'T', body: 'B', views: null },
      { title: 'T', body: 'B', views: 0 },
    ],
    [
      { title: 'T', body: 'B', id: 'anything', extra: [1] },
      { title: 'T', body: 'B', views: 0 },
    ],
  ])('accepts %j as %j', (json, value) => {
    expect(parseArticleInput(json)).toEqual({ ok: true, value });
  });

  it.each([
    [null, 'JSON object'],
    [[], 'JSON object'],
    ['title', 'JSON object'],
    [{ body: 'B' }, 'title is required'],
    [{ title: null, body: 'B' }, 'title is required'],
    [{ title: 'T' }, 'body is required'],
    [{ title: '', body: 'B' }, 'title must be 1 to 200 characters'],
    [{ title: 'x'.repeat(201), body: 'B' }, 'title must be 1 to 200 characters'],
    [{ title: 1, body: 'B' }, 'title must be a string'],
    [{ title: 'T', body: ['B'] }, 'body must be a string'],
    [{ title: 'a\u0000b', body: 'B' }, 'title must not contain U+0000'],
    [{ title: 'T', body: '\ud800' }, 'body must be valid Unicode'],
    [{ title: 'T', body: 'B', views: -1 }, 'views must be an integer'],
    [{ title: 'T', body: 'B', views: 1.5 }, 'views must be an integer'],
    [{ title: 'T', body: 'B', views: '3' }, 'views must be an integer'],
    [{ title: 'T', body: 'B', views: 2_147_483_648 }, 'views must be an integer'],
  ])('refuses %j: %s', (json, detail) => {
    const result = parseArticleInput(json);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.detail).toContain(detail);
  });

  it('accepts an id member equal to the URL id and refuses a different one', () => {
    expect(parseArticleInput({ id: 'a1', title: 'T', body: 'B' }, { id: 'a1' }).ok).toBe(true);
    const result = parseArticleInput({ id: 'b2', title: 'T', body: 'B' }, { id: 'a1' });
    expect(result).toEqual({ ok: false, detail: expect.stringContaining('the id in the URL') });
  });
});

describe('parseArticleInput, a merge patch (PATCH)', () => {
  it.each([
    [{}, {}],
    [{ title: 'New' }, { title: 'New' }],
    [
      { body: '', views: 3 },
      { body: '', views: 3 },
    ],
    [{ views: null }, { views: 0 }],
    [{ id: 'a1', title: 'T' }, { title: 'T' }],
  ])('reads %j as the changes %j', (json, value) => {
    expect(parseArticleInput(json, { partial: true, id: 'a1' })).toEqual({ ok: true, value });
  });

  it.each([
    [{ title: null }, 'title is required'],
    [{ body: null }, 'body is required'],
    [{ title: '' }, 'title must be 1 to 200 characters'],
    [{ views: -2 }, 'views must be an integer'],
    [{ id: 'other' }, 'the id in the URL'],
    [{ id: null }, 'the id in the URL'],
  ])('refuses %j: %s', (json, detail) => {
    const result = parseArticleInput(json, { partial: true, id: 'a1' });
    expect(result.ok ? '' : result.detail).toContain(detail);
  });

  it('agrees with applying the patch and reading the whole article', () => {
    const current = { id: 'a1', title: 'T', body: 'B', views: 5 };
    for (const patch of [{ title: 'New' }, { views: null }, { body: 'x', views: 1 }, { title: null }]) {
      const partial = parseArticleInput(patch, { partial: true, id: 'a1' });
      const whole = parseArticleInput(applyMergePatch(current, patch), { id: 'a1' });
      expect(whole.ok).toBe(partial.ok);
      if (partial.ok && whole.ok)
        expect({ ...current, ...partial.value }).toEqual({ id: 'a1', ...whole.value });
    }
  });
});
