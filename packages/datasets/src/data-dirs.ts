/**
 * Where the datasets live when no path is given: `$SPINSNN_DATA`, then the `dataDirs` of a
 * spinsnn.config.json (resolved against the folder that holds it). The location of the data is
 * configuration, not code: the CLI passes its repository's config file, tests pass the same one.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { DataError } from '@spinsnn/core';

/** The folders a spinsnn.config.json lists in `dataDirs`, resolved against its folder; none when the file is absent. */
export function configuredDataDirs(configFile: string): string[] {
  if (!existsSync(configFile)) return [];
  let dirs: unknown;
  try {
    dirs = (JSON.parse(readFileSync(configFile, 'utf8')) as { dataDirs?: unknown }).dataDirs;
  } catch (e) {
    throw new DataError(configFile, `not valid JSON (${(e as Error).message}); fix it or delete it`);
  }
  if (dirs === undefined) return [];
  if (!Array.isArray(dirs) || !dirs.every((d) => typeof d === 'string')) throw new DataError(configFile, 'dataDirs: expected a list of folder paths (strings)');
  return dirs.map((d) => resolve(dirname(configFile), d));
}

/** The dataset roots to search, in order: $SPINSNN_DATA, then the config file's dataDirs. */
export function datasetRootCandidates(configFile: string): string[] {
  const c: string[] = [];
  if (process.env.SPINSNN_DATA) c.push(resolve(process.env.SPINSNN_DATA));
  c.push(...configuredDataDirs(configFile));
  return [...new Set(c)];
}

/** `root/name` under the first root that has it (e.g. `fsdd`, `gset/G1.txt`), or null. */
export function findDataset(name: string, configFile: string): string | null {
  for (const root of datasetRootCandidates(configFile)) if (existsSync(join(root, name))) return join(root, name);
  return null;
}
