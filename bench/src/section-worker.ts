/**
 * A process for one in-process section: runs it and sends its result to the parent over IPC.
 *
 * @module
 */

import { runSectionHere } from './sections/index.js';
import { readSettings, type SectionName } from './settings.js';

const name = process.argv[2] as SectionName;
const body = await runSectionHere(name, readSettings());
process.send?.(body, () => process.disconnect());
