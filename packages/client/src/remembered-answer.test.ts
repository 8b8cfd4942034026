import { describe, expect, it } from 'vitest';
import { rememberedAnswer } from './remembered-answer.js';

const url = 'https://api.example/a/1';
const sent = { text: '{"title":"t"}', contentType: 'application/json' };

/** What `rememberedAnswer` makes of `method` answered with `status`, `fields` and `text`. */
function remember(method: string, status: number, fields: Record<string, string>, text = '', target = url) {
  const response = new Response(status === 204 ? null : text, { status, headers: fields });
  return rememberedAnswer({ method, url: target, response, text, sent });
}

describe('rememberedAnswer (RFC 9110 §6.4.2, §8.7, §9.3.4)', () => {
  it.each([
    ['a GET 200 with a tag: body and tag', 'GET', 200, { etag: '"1"' }, '{}', { etag: '"1"', body: '{}' }],
    ['a GET 200 without validators: nothing', 'GET', 200, {}, '{}', undefined],
    [
      'a PATCH 200 whose Content-Location names it: body and tag',
      'PATCH',
      200,
      { etag: '"2"', 'content-location': '/a/1' },
      '{"x":1}',
      { etag: '"2"', body: '{"x":1}' },
    ],
    [
      'a PATCH 200 status body without Content-Location: the tag, no body',
      'PATCH',
      200,
      { etag: '"2"' },
      '{"status":"updated"}',
      { etag: '"2"', body: undefined },
    ],
    [
      'a PATCH 200 whose Content-Location names another resource: the tag, no body',
      'PATCH',
      200,
      { etag: '"2"', 'content-location': '/a/2' },
      '{}',
      { etag: '"2"', body: undefined },
    ],
    [
      'a PUT 204 with a tag: the tag and the content sent',
      'PUT',
      204,
      { etag: '"2"' },
      '',
      { etag: '"2"', body: sent.text },
    ],
    [
      'a PUT 204 without validators: the content sent, no tag',
      'PUT',
      204,
      {},
      '',
      { etag: undefined, body: sent.text },
    ],
    [
      'a PATCH 204 without validators: a version nothing names',
      'PATCH',
      204,
      {},
      '',
      { etag: undefined, body: undefined },
    ],
    ['a DELETE: forgotten', 'DELETE', 204, { etag: '"3"' }, '', undefined],
    ['no-store: forgotten', 'PUT', 200, { etag: '"2"', 'cache-control': 'no-store' }, '{}', undefined],
  ])('%s', (_case, method, status, fields, text, entry) => {
    const remembered = remember(method, status, fields, text);
    expect(remembered.resource).toBe(url);
    if (entry === undefined) expect(remembered.entry).toBeUndefined();
    else expect(remembered.entry).toMatchObject(entry);
  });

  it('a POST 201 speaks about its Location, with the body only when Content-Location names it too', () => {
    const collection = 'https://api.example/a';
    const created = { etag: '"1"', location: '/a/9' };
    expect(remember('POST', 201, created, '{"id":"9"}', collection)).toEqual({
      resource: 'https://api.example/a/9',
      entry: { etag: '"1"', lastModified: undefined, contentType: undefined, body: undefined },
    });
    expect(
      remember('POST', 201, { ...created, 'content-location': '/a/9' }, '{"id":"9"}', collection).entry,
    ).toMatchObject({ etag: '"1"', body: '{"id":"9"}' });
    expect(remember('POST', 200, {}, '{}', collection)).toEqual({ resource: undefined, entry: undefined });
  });
});
