import type { ServerResponse } from 'node:http';
import { httpProblem, PROBLEM_CONTENT_TYPE } from '@precond/core';
import type { NextApiRequest } from 'next';

/**
 * Answers with an RFC 9457 problem+json body; `instance` is the request's path and query, as in
 * precond's 412 and 428.
 */
export function sendProblem(
  req: NextApiRequest,
  res: ServerResponse,
  status: number,
  detail: string,
  headers: Readonly<Record<string, string>> = {},
): void {
  res.statusCode = status;
  res.setHeader('content-type', PROBLEM_CONTENT_TYPE);
  res.setHeader('cache-control', 'no-store');
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res.end(JSON.stringify(httpProblem(status, detail, req.url)));
}

/** 404 for a resource that does not exist (or whose id is not one). */
export function sendNotFound(req: NextApiRequest, res: ServerResponse, what: string): void {
  sendProblem(req, res, 404, `There is no ${what}`);
}
