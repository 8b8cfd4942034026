import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { requestFingerprint } from './node.js';
import { requestFingerprint as requestFingerprintWeb } from './web.js';

const encoder = new TextEncoder();
const request = { method: 'POST', target: '/api/articles', body: '{"title":"t","body":"b"}' };

describe('requestFingerprint', () => {
  it('is 27 base64url characters, equal for equal requests', () => {
    expect(requestFingerprint(request)).toMatch(/^[A-Za-z0-9_-]{27}$/);
    expect(requestFingerprint({ ...request })).toBe(requestFingerprint(request));
    expect(requestFingerprint({ ...request, body: encoder.encode(request.body) })).toBe(
      requestFingerprint(request),
    );
    expect(requestFingerprint({ ...request, body: encoder.encode(request.body).slice().buffer })).toBe(
      requestFingerprint(request),
    );
  });

  it('differs when the method, the target or the body differs', () => {
    const fingerprint = requestFingerprint(request);
    expect(requestFingerprint({ ...request, method: 'PUT' })).not.toBe(fingerprint);
    expect(requestFingerprint({ ...request, target: '/api/articles?x=1' })).not.toBe(fingerprint);
    expect(requestFingerprint({ ...request, body: '{"title":"t","body":"c"}' })).not.toBe(fingerprint);
  });

  it('cannot be matched by moving bytes between the target and the body', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), (target, body, moved) => {
        fc.pre(moved.length > 0);
        expect(requestFingerprint({ method: 'POST', target: target + moved, body })).not.toBe(
          requestFingerprint({ method: 'POST', target, body: moved + body }),
        );
      }),
    );
  });

  it('is the same with Web Crypto', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string(), fc.uint8Array({ maxLength: 200 }), async (target, body) => {
        const fingerprinted = { method: 'POST', target, body };
        expect(await requestFingerprintWeb(fingerprinted)).toBe(requestFingerprint(fingerprinted));
      }),
    );
  });
});
