#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { isUserError } from '@spinsnn/core';
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
  if (isUserError(err)) {
    process.stderr.write(`spinsnn: ${err.message}\n`);
    process.exit(2);
  }
  // anything else is spinsnn's fault, not the input's: say so, with the stack to report
  const stack = err instanceof Error ? (err.stack ?? err.message) : String(err);
  process.stderr.write(`spinsnn: internal error — this is a bug, please report it with the command you ran:\n${stack}\n`);
  process.exit(1);
}
