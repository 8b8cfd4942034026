import type { CreateOnceAnswer, RecordVersion } from '@precond/domain';
import { representedResourceFields, versionFields } from '@precond/domain';
import type { FastifyReply } from 'fastify';

/** Sends a stored record (its JSON, or its bytes) with its validators. */
export function sendRecord(
  reply: FastifyReply,
  version: RecordVersion,
  body: unknown,
  status = 200,
): FastifyReply {
  return reply.code(status).headers(versionFields(version)).send(body);
}

/**
 * Sends the representation a write produced, of the resource at `path`, with its validators, named
 * by `Content-Location` (and, for a 201, `Location`): the body is then the resource's
 * representation, which a client may keep with the validators (RFC 9110 §8.7).
 */
export function sendWritten(
  reply: FastifyReply,
  version: RecordVersion,
  body: unknown,
  path: string,
  status = 200,
): FastifyReply {
  reply.headers(representedResourceFields(path, status));
  return sendRecord(reply, version, body, status);
}

/**
 * Sends an answer the domain decided as it is: status, fields and body. The body goes as bytes:
 * Fastify adds `; charset=utf-8` to the type of a string, and a 422's application/problem+json has
 * no parameters (RFC 9457 §6.1).
 */
export function sendAnswer(reply: FastifyReply, answer: CreateOnceAnswer): FastifyReply {
  return reply.code(answer.status).headers(answer.headers).send(Buffer.from(answer.body));
}
