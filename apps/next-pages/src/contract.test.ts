import { defineContractOnPGliteAndPostgres } from '@precond/contract';
import { startProductionServer } from './production-server.js';

// Against the production build: turbo runs `next build` before the tests (see turbo.json here).

defineContractOnPGliteAndPostgres('next (Pages Router)', startProductionServer);
