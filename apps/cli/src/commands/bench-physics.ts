import type { Command } from 'commander';

/** Placeholder: `spinsnn bench …` subcommands added by this module. */
export function registerBenchPhysics(_bench: Command): void {}
