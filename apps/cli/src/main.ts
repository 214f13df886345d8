#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { SpinsnnError } from '@spinsnn/core';
import { registerCommands } from './commands/index.js';

const program = new Command();
program
  .name('spinsnn')
  .description('Spiking neural networks on simulated spintronic hardware')
  .version('0.1.0')
  .showHelpAfterError('(run with --help for usage)')
  .exitOverride();
registerCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) process.exit(err.exitCode);
  if (err instanceof SpinsnnError || err instanceof RangeError) {
    process.stderr.write(`spinsnn: ${err.message}\n`);
    process.exit(2);
  }
  throw err;
}
