/**
 * Topic `oversized-body`: every body over the limit gets a 413 the client can read, also from a
 * client that keeps sending. The server answers before the body has been sent (it never reads one
 * through to refuse it), then closes in stages (RFC 9112 §9.6): it half-closes and discards what
 * still arrives, so that the client can finish sending and then read the answer. A server that
 * closes at once makes the kernel reset the connection, and the answer waiting unread is lost.
 *
 * @module
 */

import { describe, expect, it } from 'vitest';
import type { Api } from './fixtures.js';
import { BODY_LIMIT, oversizedArticle, uniqueId } from './fixtures.js';
import type { Framing, KeepSendingOutcome } from './keep-sending-upload.js';
import { parseWireResponse, uploadWhileAnswered } from './keep-sending-upload.js';

/** The upload of issue #15: a 16 MiB article. */
const UPLOAD_BYTES = 16 * 1024 * 1024;
/** Sent before the client waits for the answer: well over the limit, far short of the whole body. */
const FIRST_PART_BYTES = 16 * BODY_LIMIT;
/** The reset came 4 or 5 times in 20 before: 20 in a row show it is gone. */
const ATTEMPTS = 20;

/** What one attempt must come to, in a form whose difference from the expected one reads as the fault. */
function summary(outcome: KeepSendingOutcome, uploadBytes: number) {
  const response = parseWireResponse(outcome.response);
  let problem: { status?: unknown; title?: unknown } = {};
  try {
    problem = JSON.parse(response.body) as typeof problem;
  } catch {}
  return {
    answeredBeforeTheBodyWasSent:
      outcome.sentBeforeAnswer !== undefined && outcome.sentBeforeAnswer < uploadBytes,
    wholeBodySent: outcome.sent === uploadBytes,
    connectionError: outcome.error,
    status: response.status,
    mediaType: response.fields['content-type']?.split(';')[0]?.trim().toLowerCase(),
    problem: { status: problem.status, title: problem.title },
  };
}

/** Registers the oversized-body cases. */
export function describeOversizedBody(api: Api): void {
  describe('oversized body', () => {
    for (const framing of ['content-length', 'chunked'] as const satisfies readonly Framing[]) {
      it(`413 before a 16 MiB POST /api/articles (${framing}) is sent, readable after the client sent it all, ${ATTEMPTS} times in a row`, async () => {
        const marker = uniqueId('oversized');
        const body = Buffer.from(oversizedArticle(marker, UPLOAD_BYTES));
        const url = new URL(api.url('/api/articles'));
        const outcomes = [];
        for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
          const outcome = await uploadWhileAnswered({ url, framing, body, firstPart: FIRST_PART_BYTES });
          outcomes.push(summary(outcome, body.byteLength));
        }
        expect(outcomes).toEqual(
          Array.from({ length: ATTEMPTS }, () => ({
            answeredBeforeTheBodyWasSent: true,
            wholeBodySent: true,
            connectionError: undefined,
            status: 413,
            mediaType: 'application/problem+json',
            problem: { status: 413, title: 'Content Too Large' },
          })),
        );
        await api.expectNoArticleMentioning(marker);
      });
    }
  });
}
