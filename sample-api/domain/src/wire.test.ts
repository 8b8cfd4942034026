import { describe, expect, it } from 'vitest';
import { articleJson, sessionJson, userJson, versionFields } from './wire.js';

const version = {
  etag: '"0123456789abcdef0123456789abcdef"',
  lastModified: new Date('2024-05-06T07:08:09Z'),
  lastModifiedStrong: true,
};

describe('the JSON on the wire', () => {
  it('an article is its id, title, body and views, nothing of its version', () => {
    expect(articleJson({ id: 'a1', title: 'T', body: 'B', views: 3, ...version } as never)).toEqual({
      id: 'a1',
      title: 'T',
      body: 'B',
      views: 3,
    });
  });

  it('a user is its name and display name', () => {
    expect(userJson({ name: 'ada', displayName: null, ...version } as never)).toEqual({
      name: 'ada',
      displayName: null,
    });
  });

  it('a session is its id and touchedAt in ISO 8601', () => {
    expect(sessionJson({ id: 's1', touchedAt: version.lastModified })).toEqual({
      id: 's1',
      touchedAt: '2024-05-06T07:08:09.000Z',
    });
  });

  it('a record is sent with ETag, Last-Modified and Cache-Control: no-cache', () => {
    expect(versionFields(version)).toEqual({
      etag: version.etag,
      'last-modified': 'Mon, 06 May 2024 07:08:09 GMT',
      'cache-control': 'no-cache',
    });
  });

  it('a record changed in the last minute comes with the Date its Last-Modified is measured against', () => {
    const { date, ...fields } = versionFields({ ...version, lastModified: new Date() });
    expect(Date.parse(date ?? '')).not.toBeNaN();
    expect(Date.parse(fields['last-modified'] ?? '')).toBeLessThanOrEqual(Date.parse(date ?? ''));
  });
});
