import { describe, expect, it } from 'vitest';
import { putAnswer } from './put-answer.js';

const version = {
  etag: '"0123456789abcdef0123456789abcdef"',
  lastModified: new Date('2026-01-07T08:00:00Z'),
  lastModifiedStrong: true,
};
const article = { id: 'a1', title: 'T', body: 'B', views: 0 };
const bytes = (text: string) => new TextEncoder().encode(text);

describe('putAnswer (RFC 9110 §9.3.4)', () => {
  it('carries ETag and Last-Modified when the content is byte for byte the representation a GET sends', () => {
    const content = bytes('{"id":"a1","title":"T","body":"B","views":0}');
    const answer = putAnswer(version, article, { status: 200, path: '/api/articles/a1', content });
    expect(answer.body).toBe('{"id":"a1","title":"T","body":"B","views":0}');
    expect(answer.headers).toMatchObject({
      etag: version.etag,
      'last-modified': 'Wed, 07 Jan 2026 08:00:00 GMT',
      'content-location': '/api/articles/a1',
    });
  });

  it.each([
    ['members the server adds', '{"title":"T","body":"B","views":0}'],
    ['a default the server fills in', '{"id":"a1","title":"T","body":"B"}'],
    ['members the server drops', '{"id":"a1","title":"T","body":"B","views":0,"tags":[]}'],
    ['other spacing', '{"id": "a1", "title": "T", "body": "B", "views": 0}'],
    ['another member order', '{"title":"T","id":"a1","body":"B","views":0}'],
    ['a trailing newline', '{"id":"a1","title":"T","body":"B","views":0}\n'],
    ['a byte order mark', '\uFEFF{"id":"a1","title":"T","body":"B","views":0}'],
  ])('carries neither validator when the content differs by %s', (_, text) => {
    const answer = putAnswer(version, article, {
      status: 200,
      path: '/api/articles/a1',
      content: bytes(text),
    });
    expect(answer.headers.etag).toBeUndefined();
    expect(answer.headers['last-modified']).toBeUndefined();
    expect(JSON.parse(answer.body)).toEqual(article);
    expect(answer.headers['content-location']).toBe('/api/articles/a1');
    expect(answer.headers['content-type']).toBe('application/json; charset=utf-8');
  });

  it('names a created resource in Location as well, validators or not', () => {
    const user = { name: 'ada', displayName: null };
    const options = { status: 201, path: '/api/users/ada' } as const;
    const sent = putAnswer(version, user, { ...options, content: bytes('{"displayName":null}') });
    expect(sent.status).toBe(201);
    expect(sent.headers).toMatchObject({ location: '/api/users/ada', 'content-location': '/api/users/ada' });
    expect(sent.headers.etag).toBeUndefined();
    const canonical = putAnswer(version, user, { ...options, content: bytes(JSON.stringify(user)) });
    expect(canonical.headers).toMatchObject({ location: '/api/users/ada', etag: version.etag });
  });
});
