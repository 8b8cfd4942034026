/**
 * The sections by name. The in-process ones (the evaluator, ETag generation) run in a process of
 * their own (`section-worker.ts`), so that no HTTP client or earlier section shares their heap or JIT.
 *
 * @module
 */

import type { SectionBody } from '../results.js';
import type { BenchSettings, SectionName } from '../settings.js';

export const IN_PROCESS: readonly SectionName[] = ['evaluator', 'etag'];

export async function runSectionHere(name: SectionName, settings: BenchSettings): Promise<SectionBody> {
  switch (name) {
    case 'evaluator':
      return (await import('./evaluator.js')).evaluatorSection(settings);
    case 'adapters':
      return (await import('./adapters.js')).adaptersSection(settings);
    case 'not-modified':
      return (await import('./not-modified.js')).notModifiedSection(settings);
    case 'etag':
      return (await import('./etag.js')).etagSection(settings);
    case 'write-path':
      return (await import('./write-path.js')).writePathSection(settings);
    case 'express':
      return (await import('./frameworks.js')).expressSection(settings);
    case 'fastify':
      return (await import('./frameworks.js')).fastifySection(settings);
    case 'hono':
      return (await import('./frameworks.js')).honoSection(settings);
    case 'instructions':
      return (await import('./instructions.js')).instructionsSection(settings);
    case 'storage':
      return (await import('./storage.js')).storageSection(settings);
  }
}
