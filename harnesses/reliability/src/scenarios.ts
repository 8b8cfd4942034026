/**
 * Every scenario, in the order `pnpm reliability` runs them and the report lists them.
 *
 * @module
 */

import type { ScenarioContext } from './cluster.js';
import { runDatabaseOutage } from './database-outage.js';
import { runHostileInput } from './hostile-input.js';
import { runInstanceKill } from './instance-kill.js';
import { runLostUpdateRace } from './lost-update-race.js';
import { runOneSecondHole } from './one-second-hole.js';
import { runPgliteKill } from './pglite-kill.js';
import { runRetryLoop } from './retry-loop.js';
import { runSafeCreateRace } from './safe-create-race.js';
import type { ScenarioResult } from './scenario-result.js';

/** A scenario by name. */
export interface Scenario {
  readonly name: string;
  run(context: ScenarioContext): Promise<ScenarioResult>;
}

export const SCENARIOS: readonly Scenario[] = [
  { name: 'lost-update race', run: (context) => runLostUpdateRace(context) },
  { name: 'retry loop', run: (context) => runRetryLoop(context) },
  { name: 'safe-create race', run: (context) => runSafeCreateRace(context) },
  { name: 'one-second hole', run: (context) => runOneSecondHole(context) },
  { name: 'instance kill', run: (context) => runInstanceKill(context) },
  { name: 'PGlite kill', run: (context) => runPgliteKill(context) },
  { name: 'database outage', run: (context) => runDatabaseOutage(context) },
  { name: 'hostile input', run: (context) => runHostileInput(context) },
];
