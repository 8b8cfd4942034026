/**
 * JSON Schemas of precond's answers, for a route's `schema.response` (and `@fastify/swagger`). The
 * 412 and 428 bodies are RFC 9457 problem details (`application/problem+json`); precond sends them
 * already serialised, so these document the bodies and never reshape them.
 */

const problemMembers = {
  type: { type: 'string', description: 'A URI reference naming the problem type; `about:blank` here.' },
  title: { type: 'string', description: "The status code's reason phrase." },
  status: { type: 'integer', description: 'The HTTP status code.' },
  detail: { type: 'string', description: 'Which precondition decided, and why.' },
  instance: { type: 'string', description: 'The request path.' },
} as const;

/** 304 Not Modified (RFC 9110 §15.4.5): no content. */
export const notModifiedSchema = {
  description: 'Not Modified: the representation the client holds is current (no content).',
  type: 'null',
} as const;

/** 412 Precondition Failed (RFC 9110 §15.5.13): problem details with the current `etag` member. */
export const preconditionFailedSchema = {
  description:
    'Precondition Failed: a condition in If-Match, If-None-Match or If-Unmodified-Since did not hold.',
  content: {
    'application/problem+json': {
      schema: {
        type: 'object',
        required: ['type', 'title', 'status'],
        properties: {
          ...problemMembers,
          status: { type: 'integer', enum: [412] },
          etag: { type: 'string', description: "The current entity-tag, as in the response's ETag field." },
        },
        additionalProperties: true,
      },
    },
  },
} as const;

/** 428 Precondition Required (RFC 6585 §3): problem details naming the accepted conditions. */
export const preconditionRequiredSchema = {
  description:
    'Precondition Required: send If-Match (or If-Unmodified-Since, If-None-Match) with this write.',
  content: {
    'application/problem+json': {
      schema: {
        type: 'object',
        required: ['type', 'title', 'status'],
        properties: {
          ...problemMembers,
          status: { type: 'integer', enum: [428] },
          acceptedConditions: { type: 'array', items: { type: 'string' } },
        },
        additionalProperties: true,
      },
    },
  },
} as const;

/** The three, by status code: spread them into a route's `schema.response`. */
export const preconditionSchemas = {
  304: notModifiedSchema,
  412: preconditionFailedSchema,
  428: preconditionRequiredSchema,
} as const;
