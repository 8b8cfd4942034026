/**
 * @precond/contract — the sample API's specification (API.md) as a vitest suite: an app calls
 * {@link defineContract} with its name and a way to start its server (or
 * {@link defineContractOnPGliteAndPostgres} to run it on both databases), and every topic runs
 * against it over real HTTP.
 *
 * @module
 */

export type { ContractOptions, ContractTarget, RunningServer, Topic } from './define-contract.js';
export { CONTRACT_TOPICS, defineContract } from './define-contract.js';
export type { ContractStorage } from './define-contract-on-pglite-and-postgres.js';
export { defineContractOnPGliteAndPostgres } from './define-contract-on-pglite-and-postgres.js';
export type { ProcessTarget } from './process.js';
export { defineProcessContract } from './process.js';
export type { ServerProcess } from './server-process.js';
export { startServerProcess } from './server-process.js';
