import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { byteRangeResponse } from './byte-range-response.js';
import { PROBLEM_CONTENT_TYPE } from './problem.js';

describe('byteRangeResponse', () => {
  const cases: Array<[string, Parameters<typeof byteRangeResponse>[0], number, Record<string, string>]> = [
    [
      '200 with every byte without a Range',
      { range: undefined, size: 10 },
      200,
      { 'accept-ranges': 'bytes', 'content-length': '10' },
    ],
    [
      '206 with Content-Range for one satisfiable range',
      { range: 'bytes=2-4', size: 10 },
      206,
      { 'accept-ranges': 'bytes', 'content-length': '3', 'content-range': 'bytes 2-4/10' },
    ],
    [
      '206 up to the last byte for a suffix range',
      { range: 'bytes=-3', size: 10 },
      206,
      { 'accept-ranges': 'bytes', 'content-length': '3', 'content-range': 'bytes 7-9/10' },
    ],
    [
      '200 when If-Range said to ignore the Range',
      { range: 'bytes=2-4', ignoreRange: true, size: 10 },
      200,
      { 'accept-ranges': 'bytes', 'content-length': '10' },
    ],
    [
      '200 to HEAD, whose Range is ignored (RFC 9110 §14.2: range handling is for GET only)',
      { method: 'HEAD', range: 'bytes=2-4', size: 10 },
      200,
      { 'accept-ranges': 'bytes', 'content-length': '10' },
    ],
    [
      '200, not 416, to HEAD with a range past the end',
      { method: 'HEAD', range: 'bytes=20-', size: 10 },
      200,
      { 'accept-ranges': 'bytes', 'content-length': '10' },
    ],
    [
      '206 to GET, however Fetch spells it',
      { method: 'get', range: 'bytes=2-4', size: 10 },
      206,
      { 'accept-ranges': 'bytes', 'content-length': '3', 'content-range': 'bytes 2-4/10' },
    ],
    [
      '200 for several ranges',
      { range: 'bytes=0-1,4-6', size: 10 },
      200,
      { 'accept-ranges': 'bytes', 'content-length': '10' },
    ],
    [
      '200 for a malformed Range',
      { range: 'bytes=five-ten', size: 10 },
      200,
      { 'accept-ranges': 'bytes', 'content-length': '10' },
    ],
    [
      '416 with Content-Range: bytes */size when the range starts past the end',
      { range: 'bytes=10-', size: 10 },
      416,
      { 'accept-ranges': 'bytes', 'content-range': 'bytes */10', 'content-type': PROBLEM_CONTENT_TYPE },
    ],
    [
      '416 for any range of an empty representation',
      { range: 'bytes=0-4', size: 0 },
      416,
      { 'accept-ranges': 'bytes', 'content-range': 'bytes */0', 'content-type': PROBLEM_CONTENT_TYPE },
    ],
  ];
  it.each(cases)('%s', (_name, request, status, headers) => {
    const answer = byteRangeResponse(request);
    expect(answer.status).toBe(status);
    expect(answer.headers).toEqual(headers);
  });

  it('slices the part a 206 names, end exclusive', () => {
    const bytes = new TextEncoder().encode('0123456789');
    const answer = byteRangeResponse({ range: 'bytes=2-4', size: bytes.byteLength });
    expect(
      answer.status === 416 ? undefined : new TextDecoder().decode(bytes.subarray(...answer.slice)),
    ).toBe('234');
  });

  it('a 416 carries a problem body naming the request target', () => {
    const answer = byteRangeResponse({ range: 'bytes=99-', size: 10, instance: '/a/body?x=1' });
    expect(answer.status).toBe(416);
    if (answer.status !== 416) return;
    expect(answer.problem).toEqual({
      type: 'about:blank',
      title: 'Range Not Satisfiable',
      status: 416,
      detail: 'The range is outside the 10 bytes of this body',
      instance: '/a/body?x=1',
    });
    expect(JSON.parse(answer.body)).toEqual(answer.problem);
  });

  it('never a 416 when If-Range said to ignore the Range', () => {
    expect(byteRangeResponse({ range: 'bytes=99-', ignoreRange: true, size: 10 }).status).toBe(200);
  });

  it('for all ranges and sizes: Content-Length is the length of the slice, within the representation', () => {
    fc.assert(
      fc.property(fc.string(), fc.nat(10_000), (range, size) => {
        const answer = byteRangeResponse({ range, size });
        if (answer.status === 416) return;
        const [start, end] = answer.slice;
        expect(0 <= start && start <= end && end <= size).toBe(true);
        expect(answer.headers['content-length']).toBe(String(end - start));
        if (answer.status === 200) expect([start, end]).toEqual([0, size]);
      }),
    );
  });
});
