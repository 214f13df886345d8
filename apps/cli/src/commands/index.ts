import type { Command } from 'commander';
import { registerBench } from './bench.js';
import { registerDemo } from './demo.js';

/**
 * Every top-level command lives in its own module and registers itself here: one line each,
 * so parallel work on different commands does not collide.
 */
export function registerCommands(program: Command): void {
  registerDemo(program);
  registerBench(program);
}
