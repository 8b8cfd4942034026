// Preloaded into `next start` by start-next-app.mjs, after every other preload, so that its check
// comes first. RFC 9112 §3.2: a request with two Host lines or an invalid Host value is a 400, and
// Node's server answers only a missing one; Next.js would serve it, writes included. The check is the
// Node apps' own (`requireValidHost` from `@precond/domain`), applied to the server `next start`
// creates; `@precond/domain` is resolved from the app being started (the working directory), since
// this directory has no dependencies of its own.
import http from 'node:http';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const fromApp = createRequire(pathToFileURL(`${process.cwd()}/package.json`));
const { requireValidHost } = await import(pathToFileURL(fromApp.resolve('@precond/domain/host-field')).href);
const { holdPipelinedRequests } = await import(
  pathToFileURL(fromApp.resolve('@precond/domain/pipelined-requests')).href
);

const createServer = http.createServer;
// Pipelined requests behind a response that closes the connection (a bad Host's 400, a 413) never
// reach a route either (RFC 9112 §9.6).
http.createServer = (...args) => holdPipelinedRequests(requireValidHost(createServer(...args)));
