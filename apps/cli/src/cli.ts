import { Command, CommanderError } from 'commander';
import { isUserError } from '@spinsnn/core';
import { registerCommands } from './commands/index.js';
import type { TextSink } from './run-folder.js';

/**
 * The exit code and message for an error that reached the top: 2 for bad input (a user error,
 * or one of commander's option errors, which it has printed already), 1 for anything else,
 * which is spinsnn's bug.
 */
export function reportError(err: unknown, stderr: TextSink = process.stderr): number {
  if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2; // --help and --version exit 0
  if (isUserError(err)) {
    stderr.write(`spinsnn: ${err.message}\n`);
    return 2;
  }
  const stack = err instanceof Error ? (err.stack ?? err.message) : String(err);
  stderr.write(`spinsnn: internal error — this is a bug, please report it with the command you ran:\n${stack}\n`);
  return 1;
}

/** Parses and runs one command line (argv as process.argv); resolves to the exit code. */
export async function runCli(argv: readonly string[], o: { register?: (program: Command) => void; stderr?: TextSink } = {}): Promise<number> {
  const program = new Command()
    .name('spinsnn')
    .description('Spiking neural networks on simulated spintronic hardware')
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  (o.register ?? registerCommands)(program);
  try {
    await program.parseAsync([...argv]);
    return 0;
  } catch (err) {
    return reportError(err, o.stderr);
  }
}
