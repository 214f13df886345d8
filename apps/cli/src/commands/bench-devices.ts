import type { Command } from 'commander';

/** Placeholder: `spinsnn bench …` subcommands added by this module. */
export function registerBenchDevices(_bench: Command): void {}
