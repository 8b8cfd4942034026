/**
 * `pnpm bench`: runs every comparison of issues #7 and #17 and writes `results.md` and `results.svg` beside
 * this package's `package.json`. `BENCH_ONLY=etag,write-path` re-runs some sections and keeps the
 * others' last figures (kept under `.results/`); see settings.ts for the other knobs.
 *
 * @module
 */

import { fork } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { describeMachine } from './machine.js';
import { renderChart } from './report/chart.js';
import { renderMarkdown } from './report/markdown.js';
import { clearSections, loadSection, type SectionBody, type SectionResult, saveSection } from './results.js';
import { IN_PROCESS, runSectionHere } from './sections/index.js';
import { readSettings, SECTION_NAMES, type SectionName } from './settings.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const resultsDir = `${packageDir}.results`;

function runSectionInChild(name: SectionName): Promise<SectionBody> {
  const child = fork(fileURLToPath(new URL('./section-worker.js', import.meta.url)), [name], {
    execArgv: [],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    let body: SectionBody | undefined;
    child.on('message', (message) => {
      body = message as SectionBody;
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (body) resolve(body);
      else reject(new Error(`section ${name} exited with ${code} and no result`));
    });
  });
}

const settings = readSettings();
const machine = describeMachine();
const started = performance.now();
if (settings.complete) await clearSections(resultsDir);
for (const name of settings.sections) {
  console.log(`\n▶ ${name}`);
  const startedAt = new Date().toISOString();
  const before = loadavg()[0]!;
  const sectionStart = performance.now();
  const body = IN_PROCESS.includes(name)
    ? await runSectionInChild(name)
    : await runSectionHere(name, settings);
  const result: SectionResult = {
    ...body,
    name,
    startedAt,
    seconds: (performance.now() - sectionStart) / 1000,
    loadAverage: { before: +before.toFixed(2), after: +loadavg()[0]!.toFixed(2) },
  };
  await saveSection(resultsDir, result);
  for (const table of result.tables) {
    console.log(table.columns.join(' | '));
    for (const row of table.rows) console.log(row.join(' | '));
  }
  for (const goal of result.goals) console.log(`${goal.verdict.padEnd(9)} ${goal.text}: ${goal.detail}`);
  console.log(`(${result.seconds.toFixed(0)} s)`);
}

const sections: SectionResult[] = [];
for (const name of SECTION_NAMES) {
  const section = await loadSection(resultsDir, name);
  if (section) sections.push(section);
}
const totalSeconds = (performance.now() - started) / 1000;
await writeFile(`${packageDir}results.md`, renderMarkdown({ machine, settings, sections, totalSeconds }));
await writeFile(`${packageDir}results.svg`, renderChart(sections));
console.log(`\nbench/results.md and bench/results.svg written (${totalSeconds.toFixed(0)} s in all)`);
