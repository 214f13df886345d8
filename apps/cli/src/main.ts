#!/usr/bin/env node
import { runCli } from './cli.js';

const code = await runCli(process.argv);
// on success let pending output drain; ising factor sets process.exitCode itself
if (code !== 0) process.exit(code);
