/**
 * Scenario: kill -9 an app running on the embedded default, PGlite, in the middle of acknowledged
 * writes (increments of one article and creations of new ones), then start it again on the same
 * data directory: it must open cleanly, and every acknowledged write must be there. A write is
 * certainly in flight at each kill: a PATCH whose body is half-sent, held on a connection made
 * before the kill; it must get no answer, and must not be applied.
 *
 * What PGlite promises here: on Node it writes through to the data directory's files on every
 * commit but runs with `fsync` off (its default start parameters include `-F`), so a killed
 * *process* loses nothing the kernel has, while a power cut or kernel crash may. This scenario
 * measures the first case only.
 *
 * @module
 */

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppDefinition } from './apps.js';
import { checkCounter, runIncrements, tallyByInstance } from './counter-client.js';
import { gate, HttpClient, RequestFailure } from './http-client.js';
import { type Instance, startInstances } from './instances.js';
import { createArticle, readArticle } from './sample-api.js';
import { ms, names, type ScenarioResult } from './scenario-result.js';

/** How much. */
export interface PgliteKillOptions {
  /** Kill-and-restart cycles per app. @defaultValue 1 */
  readonly cycles?: number;
  /** Incrementing clients: few, since PGlite runs one statement at a time. @defaultValue 3 */
  readonly clients?: number;
  /** Kill once this many increments are acknowledged in the cycle. @defaultValue 40 */
  readonly killAfter?: number;
}

/** Runs the fault against each app in turn, on one PGlite data directory. */
export async function runPgliteKill(
  context: { readonly apps: readonly AppDefinition[] },
  { cycles = 1, clients = 3, killAfter = 40 }: PgliteKillOptions = {},
): Promise<ScenarioResult> {
  const violations: string[] = [];
  const restarts: string[] = [];
  let requests = 0;
  let acknowledged = 0;
  let found = 0;
  let unknownWrites = 0;
  let appliedUnknown = 0;
  let serverErrors = 0;
  let maxMs = 0;
  let lost = 0;
  const halfSentOutcomes: string[] = [];
  // One data directory for all, the apps one after another: creating one costs PGlite about ten seconds.
  const dataDir = await mkdtemp(join(tmpdir(), 'reliability-pglite-'));
  for (const app of context.apps) {
    let instance: Instance | undefined;
    try {
      [instance] = await startInstances([{ app, env: { DATA_DIR: dataDir } }]);
      const running = instance!;
      let client = new HttpClient(running.baseUrl);
      const createdIds: string[] = [];
      for (let cycle = 1; cycle <= cycles; cycle++) {
        // A counter of its own per cycle: the write tokens of one cycle repeat those of the last.
        const counter = await createArticle(client, { title: `counter ${cycle}`, body: 'log:', views: 0 });
        let killed: Promise<void> | undefined;
        const stop = new AbortController();
        const creations = createUntilFailure(client, createdIds, stop.signal);
        // The write in flight, by construction: its headers and the first byte of its body go out
        // on a connection of its own, the kill comes once that connection is made, and the rest of
        // the body only after the kill.
        const halfSentClient = new HttpClient(running.baseUrl);
        const rest = gate();
        const halfSentToken = `c999i${cycle}a0`;
        let halfSent: Promise<string> | undefined;
        const killMidWrite = async () => {
          let connected = (): void => {};
          const connection = new Promise<void>((resolve) => {
            connected = resolve;
          });
          halfSent = halfSentClient
            .send({
              method: 'PATCH',
              path: `/api/articles/${counter.value.id}`,
              headers: { 'if-match': '*' },
              json: { views: 1_000_000, body: `half-sent ${halfSentToken}` },
              hold: rest.opened,
              onConnected: connected,
            })
            .then(
              (reply) => `answered ${reply.status}`,
              (error: unknown) => (error instanceof RequestFailure ? error.kind : String(error)),
            );
          await Promise.race([connection, halfSent]);
          await running.kill('SIGKILL');
          rest.open();
        };
        const run = await runIncrements({
          targets: [{ name: running.name, client }],
          articleId: counter.value.id,
          clients,
          incrementsPerClient: 1_000,
          onNoResponse: 'stop',
          stop: stop.signal,
          deadlineMs: 60_000,
          onAcknowledged(count) {
            if (count === killAfter) killed = killMidWrite();
          },
        });
        stop.abort();
        await killed;
        const createdThisCycle = await creations;
        if (!killed) violations.push(`${app.name} cycle ${cycle}: the run ended before the kill`);
        const halfSentOutcome = await halfSent;
        halfSentOutcomes.push(`${app.name} ${halfSentOutcome}`);
        if (halfSentOutcome !== 'lost') {
          violations.push(
            `${app.name} cycle ${cycle}: the half-sent write in flight at the kill came to ${halfSentOutcome}, not a lost connection`,
          );
        }
        client.close();
        halfSentClient.close();

        const restartMs = await running.restart().catch((error: unknown) => {
          violations.push(
            `${app.name} cycle ${cycle}: did not start again on its data: ${(error as Error).message}`,
          );
          return Number.NaN;
        });
        if (Number.isNaN(restartMs)) break;
        restarts.push(`${app.name} ${Math.round(restartMs)} ms`);
        client = new HttpClient(running.baseUrl);
        const after = await readArticle(client, counter.value.id);
        const check = checkCounter(run, after.value, 0);
        if (after.value.body.includes(halfSentToken)) {
          violations.push(`${app.name} cycle ${cycle}: the half-sent write was applied`);
        }
        violations.push(...check.violations.map((violation) => `${app.name} cycle ${cycle}: ${violation}`));
        const missing: string[] = [];
        for (const id of createdIds) {
          const read = await client.send({ method: 'GET', path: `/api/articles/${id}` });
          if (read.status !== 200) missing.push(id);
        }
        if (missing.length > 0)
          violations.push(`${app.name} cycle ${cycle}: ${missing.length} acknowledged creations are gone`);
        // Opens cleanly: it takes writes again, not only reads.
        const write = await client.send({
          method: 'PATCH',
          path: `/api/articles/${counter.value.id}`,
          headers: { 'if-match': after.etag },
          json: { title: `counter after restart ${cycle}` },
        });
        if (write.status !== 200)
          violations.push(`${app.name} cycle ${cycle}: a write after the restart answered ${write.status}`);

        const tallies = tallyByInstance(run.exchanges);
        requests += run.exchanges.length + createdThisCycle.requests + createdIds.length + 2;
        acknowledged += run.acknowledged.length + createdThisCycle.acknowledged;
        found += check.logged - check.appliedUnknown + createdThisCycle.acknowledged - missing.length;
        lost += run.acknowledged.length - (check.logged - check.appliedUnknown) + missing.length;
        unknownWrites += run.unknown.length + createdThisCycle.unknown;
        appliedUnknown += check.appliedUnknown;
        serverErrors += [...tallies.values()].reduce((sum, tally) => sum + tally.serverErrors, 0);
        maxMs = Math.max(maxMs, ...[...tallies.values()].map((tally) => tally.maxMs));
      }
      client.close();
    } catch (error) {
      violations.push(`${app.name}: ${(error as Error).message}`);
    } finally {
      await instance?.stop();
    }
  }
  await rm(dataDir, { recursive: true, force: true });
  if (serverErrors > 0) violations.push(`${serverErrors} answers were 5xx`);
  return {
    title: 'PGlite kill',
    claim:
      'kill -9 an app on PGlite mid-writes, start it again on the same data directory: it opens cleanly and every acknowledged write is there',
    setting: `${names(context.apps)}, one after another, each alone on one PGlite data directory; ${cycles} kill${cycles === 1 ? '' : 's'} each`,
    summary: {
      requests,
      rounds: `${context.apps.length} apps × ${cycles} kill${cycles === 1 ? '' : 's'}`,
      acknowledged,
      found: `${found} / ${acknowledged} acknowledged (lost: ${lost})`,
      serverErrors,
      maxMs: ms(maxMs),
      fault: `kill -9 at ack #${killAfter} of each cycle, a half-sent write in flight; restarts: ${restarts.join(', ')}`,
    },
    details: [
      ['acknowledged writes lost', lost],
      ['the half-sent write in flight at each kill', halfSentOutcomes.join(', ')],
      ['writes of unknown outcome (response cut by the kill)', unknownWrites],
      ['of those, applied', appliedUnknown],
      [
        'durability promised',
        'process crash: yes (commits reach the kernel); power loss: no (PGlite runs with fsync off)',
      ],
    ],
    violations,
  };
}

/** Creates articles one after another until a request fails or `stop` is aborted. */
async function createUntilFailure(
  client: HttpClient,
  createdIds: string[],
  stop: AbortSignal,
): Promise<{ requests: number; acknowledged: number; unknown: number }> {
  let requests = 0;
  let acknowledged = 0;
  let unknown = 0;
  while (!stop.aborted) {
    requests += 1;
    try {
      const reply = await client.send({
        method: 'POST',
        path: '/api/articles',
        json: { title: 'created', body: 'b' },
      });
      if (reply.status !== 201) break;
      createdIds.push((JSON.parse(reply.text) as { id: string }).id);
      acknowledged += 1;
    } catch (error) {
      if (error instanceof RequestFailure && error.kind !== 'refused') unknown += 1;
      break;
    }
  }
  return { requests, acknowledged, unknown };
}
