/**
 * Where a distributed sweep's queue lives (a Redis URL, its password kept out of command lines
 * and logs) and how its jobs are named (the hash of each run's full config). Node-only (node:fs,
 * node:crypto) but free of BullMQ, so `spinsnn sweep --help` and local sweeps never load it.
 * See docs/distributed-sweeps.md.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { DataError, SpinsnnError } from '@spinsnn/core';
import { ArgumentError } from './util.js';

/** Redis's default port (the one to open between machines unless the URL names another). */
export const REDIS_DEFAULT_PORT = 6379;

const require = createRequire(import.meta.url);
const cliVersion = (require('../package.json') as { version: string }).version;
// @spinsnn/learning exports no ./package.json: read the one beside its resolved entry (dist/index.js)
const learningVersion = (require(join(dirname(require.resolve('@spinsnn/learning')), '..', 'package.json')) as { version: string }).version;

/**
 * The code a job's result depends on, part of every job id: a worker running another version of
 * spinsnn computes other results, so its jobs are other jobs (and it listens on another queue).
 */
export const CODE_VERSION = `spinsnn@${cliVersion} learning@${learningVersion}`;

/** The BullMQ queue sweeps use unless --queue-name says otherwise (per code version, see CODE_VERSION). */
export const DEFAULT_QUEUE_NAME = `spinsnn-sweep-${cliVersion}`;

/** The Redis a sweep or worker talks to: connection options and a printable form without the password. */
export interface QueueTarget {
  readonly host: string;
  readonly port: number;
  readonly db: number;
  readonly username?: string;
  readonly password?: string;
  /** rediss:// — TLS. */
  readonly tls: boolean;
  /** The URL without credentials, plus where the password came from: safe for logs and config.json. */
  readonly display: string;
  /** The BullMQ queue name. */
  readonly queueName: string;
}

/** Redis could not be reached or refused us: says which URL and what to do. A user error (exit 2). */
export class QueueConnectionError extends SpinsnnError {
  constructor(
    readonly url: string,
    message: string,
  ) {
    super(`Redis at ${url}: ${message}`);
  }
}

/** Where --queue, REDIS_URL, --redis-password-file and REDIS_PASSWORD_FILE come from. */
export interface QueueTargetInput {
  /** The --queue value; undefined or true (bare --queue) means $REDIS_URL. */
  readonly queue?: string | boolean;
  readonly passwordFile?: string;
  readonly queueName?: string;
  readonly env?: Readonly<Record<string, string | undefined>>;
}

const QUEUE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

/**
 * Resolves the Redis of --queue: the URL from --queue, else $REDIS_URL; the password from the
 * URL only when it came from $REDIS_URL (never from a command line, where `ps` and shell history
 * show it), else from --redis-password-file / $REDIS_PASSWORD_FILE (first line of the file).
 */
export function queueTarget(input: QueueTargetInput): QueueTarget {
  const env = input.env ?? process.env;
  const fromFlag = typeof input.queue === 'string' ? input.queue : undefined;
  const text = fromFlag ?? env.REDIS_URL;
  if (text === undefined || text.trim() === '') {
    throw new ArgumentError(
      '--queue',
      'no Redis given: pass --queue redis://HOST:PORT or set REDIS_URL (start one with: redis-server --port 6379 --bind 127.0.0.1 --save "" --appendonly no; see docs/distributed-sweeps.md)',
    );
  }
  const source = fromFlag !== undefined ? '--queue' : 'REDIS_URL';
  let url: URL;
  try {
    url = new URL(text.includes('://') ? text : `redis://${text}`);
  } catch {
    throw new ArgumentError(source, `expected a Redis URL like redis://HOST:PORT (or rediss:// for TLS), got "${redact(text)}"`);
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:')
    throw new ArgumentError(source, `expected a redis:// or rediss:// URL, got the scheme ${url.protocol}`);
  if (url.hostname === '') throw new ArgumentError(source, `no host in "${redact(text)}": expected redis://HOST:PORT`);
  if (fromFlag !== undefined && (url.password !== '' || url.username !== '')) {
    throw new ArgumentError(
      '--queue',
      'credentials on the command line end up in shell history and `ps`: pass redis://HOST:PORT and put the password in a file (--redis-password-file FILE or REDIS_PASSWORD_FILE), or set REDIS_URL in the environment',
    );
  }
  const port = url.port === '' ? REDIS_DEFAULT_PORT : Number(url.port);
  const dbText = url.pathname.replace(/^\//, '');
  if (!/^\d*$/.test(dbText)) throw new ArgumentError(source, `the path of a Redis URL is the database number (redis://HOST:PORT/0), got "/${dbText}"`);
  const db = dbText === '' ? 0 : Number(dbText);
  let password = url.password === '' ? undefined : decodeURIComponent(url.password);
  const username = url.username === '' ? undefined : decodeURIComponent(url.username);
  let from = password !== undefined ? ' (password from REDIS_URL)' : '';
  const file = input.passwordFile ?? env.REDIS_PASSWORD_FILE;
  if (password === undefined && file !== undefined && file !== '') {
    let content: string;
    try {
      content = readFileSync(file, 'utf8');
    } catch (e) {
      throw new DataError(
        file,
        `cannot read the Redis password file (${(e as NodeJS.ErrnoException).code ?? String(e)}): pass a readable file holding the password on its first line`,
      );
    }
    password = content.split(/\r?\n/)[0];
    if (password === '') throw new DataError(file, 'the Redis password file is empty: write the password on its first line');
    from = ` (password from ${input.passwordFile !== undefined ? '--redis-password-file' : 'REDIS_PASSWORD_FILE'})`;
  }
  const queueName = input.queueName ?? DEFAULT_QUEUE_NAME;
  if (!QUEUE_NAME.test(queueName)) throw new ArgumentError('--queue-name', `expected 1–100 letters, digits, '.', '_' or '-' (no ':'), got "${queueName}"`);
  const display = `${url.protocol}//${url.hostname.includes(':') ? `[${url.hostname}]` : url.hostname}:${port}/${db}${from}`;
  return { host: url.hostname.replace(/^\[|\]$/g, ''), port, db, username, password, tls: url.protocol === 'rediss:', display, queueName };
}

/** `text` with any password in it replaced by ***. */
export function redact(text: string): string {
  return text.replace(/(\/\/[^/@]*?:)[^/@]*@/, '$1***@');
}

/** JSON with object keys sorted at every level (undefined members dropped, as JSON.stringify does). */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    const o = v as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(o)
        .sort()
        .map((k) => [k, o[k]]),
    );
  });
}

/**
 * A job's id: SHA-256 of the canonical JSON of everything its result depends on — the job kind,
 * the code version and the full run spec (seed included). Equal configs give equal ids, so a
 * re-submitted sweep (or another sweep sharing a point) finds the job already there.
 */
export function jobIdOf(kind: string, spec: unknown): string {
  return createHash('sha256')
    .update(canonicalJson({ kind, code: CODE_VERSION, spec }))
    .digest('hex');
}

/** A sweep's id: the first 16 hex digits of SHA-256 over its job ids in order (the same grid gives the same id). */
export function sweepIdOf(jobIds: readonly string[]): string {
  return createHash('sha256').update(jobIds.join('\n')).digest('hex').slice(0, 16);
}
