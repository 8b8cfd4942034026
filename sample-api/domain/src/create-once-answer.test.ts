import { describe, expect, it } from 'vitest';
import { createOnceAnswer, postFingerprint } from './create-once-answer.js';

const request = { method: 'POST', path: '/api/articles' };
const response = {
  status: 201,
  location: '/api/articles/a1',
  etag: '"e1"',
  lastModified: new Date('2026-01-07T08:00:00Z'),
  body: '{"id":"a1"}',
};

describe('createOnceAnswer', () => {
  it('sends the recorded answer, created now or replayed: status, Location, validators and body', () => {
    for (const outcome of ['created', 'replayed'] as const) {
      const answer = createOnceAnswer({ outcome, response, row: {} }, request);
      expect(answer.status).toBe(201);
      expect(answer.body).toBe('{"id":"a1"}');
      expect(answer.headers).toMatchObject({
        location: '/api/articles/a1',
        etag: '"e1"',
        'last-modified': 'Wed, 07 Jan 2026 08:00:00 GMT',
        'content-type': 'application/json',
      });
    }
  });

  it('answers a reused key with the 422 problem', () => {
    const answer = createOnceAnswer({ outcome: 'key-reused' }, request);
    expect(answer.status).toBe(422);
    expect(answer.headers).toMatchObject({ 'content-type': 'application/problem+json' });
    expect(JSON.parse(answer.body)).toMatchObject({ status: 422, instance: '/api/articles' });
  });
});

describe('postFingerprint', () => {
  it('is the same for the same JSON however it was spaced, and differs for another target or member', () => {
    const fingerprint = postFingerprint('/api/articles', JSON.parse('{ "title": "a" }'));
    expect(postFingerprint('/api/articles', { title: 'a' })).toBe(fingerprint);
    expect(postFingerprint('/api/articles', { title: 'b' })).not.toBe(fingerprint);
    expect(postFingerprint('/api/users', { title: 'a' })).not.toBe(fingerprint);
  });

  it('is the same for the members of an object in another order, at any depth (RFC 8259 §4)', () => {
    const fingerprint = postFingerprint(
      '/api/articles',
      JSON.parse('{"title":"a","body":"b","x":{"p":1,"q":[2,3]}}'),
    );
    expect(
      postFingerprint('/api/articles', JSON.parse('{"x":{"q":[2,3],"p":1},"body":"b","title":"a"}')),
    ).toBe(fingerprint);
    expect(
      postFingerprint('/api/articles', JSON.parse('{"x":{"q":[3,2],"p":1},"body":"b","title":"a"}')),
    ).not.toBe(fingerprint);
  });
});
