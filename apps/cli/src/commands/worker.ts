import type { Command } from 'commander';
import { DEFAULT_QUEUE_NAME, queueTarget } from '../queue-target.js';
import { intArg, numArg } from '../util.js';

/**
 * `spinsnn worker --queue redis://HOST:PORT`: runs the jobs of distributed sweeps
 * (`spinsnn sweep --queue …`) on this machine's threads, on as many machines as wanted.
 * The BullMQ side lives in sweep-queue.ts (loaded only when the command runs).
 */

interface WorkerOpts {
  queue?: string | boolean;
  redisPasswordFile?: string;
  queueName?: string;
  threads: number;
  lock: number;
  idleExit?: number;
  json?: boolean;
}

/** Registers `spinsnn worker`. */
export function registerWorker(program: Command): void {
  program
    .command('worker')
    .description("run the jobs of distributed sweeps (spinsnn sweep --queue) from Redis on this machine's worker threads, until Ctrl-C")
    .option('--queue [url]', 'the Redis of the queue, redis://HOST:PORT (bare --queue, or none: $REDIS_URL)')
    .option(
      '--redis-password-file <file>',
      'file whose first line is the Redis password (default $REDIS_PASSWORD_FILE); never put a password on the command line',
    )
    .option('--queue-name <name>', `the BullMQ queue (default ${DEFAULT_QUEUE_NAME}: the sweep's default)`)
    .option('--threads <n>', 'jobs run at once, one worker thread each (default 2: one per core of a 2-core machine)', intArg(1, 256), 2)
    .option(
      '--lock <s>',
      "job lock time in s, renewed every half of it while the job runs: a killed worker's job is handed to another worker within about 2 × this",
      numArg({ positive: true, min: 1, max: 3600 }),
      30,
    )
    .option('--idle-exit <s>', 'exit after this many seconds without a job (default: run until SIGINT/SIGTERM)', numArg({ positive: true }))
    .option('--json', 'print exactly one JSON line (jobs done, wall and CPU seconds) when the worker exits')
    .addHelpText(
      'after',
      `
Example (with a Redis on this machine, see docs/distributed-sweeps.md):
  spinsnn worker --queue redis://127.0.0.1:6379 --threads 2 --idle-exit 60
SIGINT/SIGTERM: running jobs finish, then the worker exits; a second signal stops at once (its
jobs go back to the queue when their lock expires, and another worker runs them).`,
    )
    .action(async (opts: WorkerOpts) => {
      const target = queueTarget({ queue: opts.queue, passwordFile: opts.redisPasswordFile, queueName: opts.queueName });
      const { runWorker } = await import('../sweep-queue.js');
      await runWorker(target, { threads: opts.threads, lockS: opts.lock, idleExitS: opts.idleExit, json: opts.json });
    });
}
