/**
 * The synthetic-community generator behind `hearth seed`: realistic data at any size for
 * benchmarks and demos, written straight into the accounts and content tables.
 */
export { seedCommunity, databaseBytes, SeedRefused, SEED_PASSWORD, type SeedOptions, type SeedSummary } from './generate.ts';
export { runSeedCommand } from './command.ts';
