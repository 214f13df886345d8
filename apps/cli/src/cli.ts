import { Command, CommanderError } from 'commander';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DataError, isUserError } from '@spinsnn/core';
import { registerCommands } from './commands/index.js';
import { defaultSinks, releaseRunFolders, type TextSink } from './run-folder.js';
import { Interrupted } from './util.js';

/**
 * The exit code and message for an error that reached the top: 2 for bad input (a user error,
 * or one of commander's option errors, which it has printed already), 1 for anything else,
 * which is spinsnn's bug.
 */
export function reportError(err: unknown, stderr: TextSink = process.stderr): number {
  if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2; // --help and --version exit 0
  if (err instanceof Interrupted) {
    stderr.write(`spinsnn: ${err.message}\n`);
    return err.exitCode;
  }
  if (isUserError(err)) {
    stderr.write(`spinsnn: ${err.message}\n`);
    return 2;
  }
  const stack = err instanceof Error ? (err.stack ?? err.message) : String(err);
  stderr.write(`spinsnn: internal error — this is a bug, please report it with the command you ran:\n${stack}\n`);
  return 1;
}

/**
 * Takes `--plugin <module>` / `--plugin=<module>` out of argv (anywhere on the line) with the
 * modules named by SPINSNN_PLUGINS (comma-separated): they are imported before the commands are
 * built, so the models they register appear in every command's choices and help.
 */
export function splitPlugins(argv: readonly string[], env: string | undefined = process.env.SPINSNN_PLUGINS): { argv: string[]; plugins: string[] } {
  const plugins = (env ?? '')
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
  const rest: string[] = [];
  for (let k = 0; k < argv.length; k++) {
    const a = argv[k];
    if (a === '--plugin') {
      const next = argv[k + 1];
      if (next === undefined || next.startsWith('-')) throw new DataError('--plugin', 'expected a module path after --plugin (e.g. --plugin ./my-device.mjs)');
      plugins.push(next);
      k++;
    } else if (a.startsWith('--plugin=')) plugins.push(a.slice('--plugin='.length));
    else rest.push(a);
  }
  return { argv: rest, plugins };
}

/** Imports a plugin module: a path (relative to the working directory) or a package name. */
async function loadPlugin(spec: string): Promise<void> {
  // a file that exists (or a path-looking name) is a file; anything else a package name
  const target = existsSync(spec) || spec.startsWith('.') || spec.startsWith('/') ? pathToFileURL(resolve(spec)).href : spec;
  try {
    await import(target);
  } catch (err) {
    if (isUserError(err)) throw err; // the plugin itself refused something: its message says what
    throw new DataError(
      spec,
      `cannot load this plugin (${err instanceof Error ? err.message : String(err)}); pass a JavaScript module that registers models, e.g. --plugin ./my-device.mjs`,
    );
  }
}

/**
 * Parses and runs one command line (argv as process.argv); resolves to the exit code. `stdout` /
 * `stderr`: where the commands and commander's own messages write instead of the process's
 * streams (for running commands in process, e.g. tests).
 */
export async function runCli(
  argv: readonly string[],
  o: { register?: (program: Command) => void; stderr?: TextSink; stdout?: TextSink } = {},
): Promise<number> {
  const saved = { ...defaultSinks };
  if (o.stdout) defaultSinks.stdout = o.stdout;
  if (o.stderr) defaultSinks.stderr = o.stderr;
  try {
    const split = splitPlugins(argv);
    for (const p of split.plugins) await loadPlugin(p);
    const program = new Command()
      .name('spinsnn')
      .description('Spiking neural networks on simulated spintronic hardware')
      .version('0.1.0')
      .option(
        '--plugin <module>',
        'import a module that registers models (neurons, synapse devices, rules) first; repeatable, anywhere on the line; also SPINSNN_PLUGINS=a.mjs,b.mjs',
      )
      // positional: a subcommand's options are its own, also where a nested one (demo cuba) repeats its parent's names
      .enablePositionalOptions()
      .showHelpAfterError('(run with --help for usage)')
      .exitOverride();
    if (o.stdout || o.stderr) {
      const out = o.stdout ?? process.stdout,
        err = o.stderr ?? process.stderr;
      program.configureOutput({ writeOut: (t) => void out.write(t), writeErr: (t) => void err.write(t) });
    }
    (o.register ?? registerCommands)(program);
    await program.parseAsync(split.argv);
    return 0;
  } catch (err) {
    return reportError(err, o.stderr);
  } finally {
    // the command is over: its run folders are released now, not only at exit (runCli may run many commands in one process)
    releaseRunFolders();
    defaultSinks.stdout = saved.stdout;
    defaultSinks.stderr = saved.stderr;
  }
}
