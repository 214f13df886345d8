#!/usr/bin/env node
import { runCli } from './cli.js';

// `spinsnn … | head` closes the pipe early: that is the reader's choice, not an error to report
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

const code = await runCli(process.argv);
// on success let pending output drain; ising factor sets process.exitCode itself
if (code !== 0) process.exit(code);
