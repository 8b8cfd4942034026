import type { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type InstalledProject,
  installFromTarballs,
  startServer,
  typeErrors,
} from './install-from-tarballs.js';
import { expectKoaAnswers, KOA_SERVER, KOA_TYPES } from './koa-server.js';

// @precond/koa's peer range starts at Koa 2.13.0: the floor itself is installed here, with Koa 2's types.
const KOA_2_FLOOR = '2.13.0';

describe(`@precond/koa installed beside koa ${KOA_2_FLOOR}`, () => {
  let project: InstalledProject;
  const servers: ReturnType<typeof spawn>[] = [];
  let base = '';

  beforeAll(async () => {
    project = await installFromTarballs(['@precond/core', '@precond/koa'], {
      koa: KOA_2_FLOOR,
      '@types/koa': '^2.13.0',
      '@types/node': '^20.0.0',
      typescript: '5.9.3',
    });
    writeFileSync(join(project.dir, 'server.mjs'), KOA_SERVER);
    writeFileSync(join(project.dir, 'types.ts'), KOA_TYPES);
    base = await startServer('server.mjs', project.dir, servers);
  });
  afterAll(() => {
    for (const server of servers) server.kill();
  });

  it(`runs Koa ${KOA_2_FLOOR}`, async () => {
    const manifest = JSON.parse(readFileSync(join(project.dir, 'node_modules/koa/package.json'), 'utf8'));
    expect(manifest.version).toBe(KOA_2_FLOOR);
  });

  it('serves 304, 428, 412 and a compare-and-set write', async () => {
    await expectKoaAnswers(base);
  });

  it("type-checks the middleware against Koa 2's types", async () => {
    expect(await typeErrors(project.exec, ['types.ts'])).toEqual([]);
  });
});
