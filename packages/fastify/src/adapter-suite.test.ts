import { Readable } from 'node:stream';
import type { Reply, Routes } from '@precond/adapter-suite';
import { describeAdapter, fieldsByName } from '@precond/adapter-suite';
import type { FastifyInstance, FastifyReply, HTTPMethods } from 'fastify';
import Fastify from 'fastify';
import { precond } from './index.js';

// The adapter suite's routes built the Fastify way: one `app.register(precond)` for the whole app,
// each route's options in its `config.precond`. Fastify 5 routes QUERY itself; GET implies HEAD.

function write(reply: FastifyReply, answer: Reply): FastifyReply {
  reply.headers(fieldsByName(answer)).code(answer.status ?? 200);
  const { body } = answer;
  if (body === undefined) return reply.send();
  return reply.send(typeof body === 'object' && 'stream' in body ? Readable.from(body.stream) : body);
}

async function buildApp(routes: Routes): Promise<FastifyInstance> {
  const app = Fastify();
  await app.register(precond);
  for (const [url, { methods, options, handle }] of Object.entries(routes)) {
    app.route({
      method: methods.filter((method) => method !== 'HEAD') as HTTPMethods[],
      url,
      config: options ? { precond: options } : {},
      handler: async (request, reply) => write(reply, handle(request.precond, request.method)),
    });
  }
  return app;
}

describeAdapter({
  name: 'fastify',
  nodeHttp: true,
  async serve(routes) {
    const app = await buildApp(routes);
    const baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
    return { baseUrl, close: () => app.close() };
  },
});
