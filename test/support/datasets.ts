/**
 * The datasets as the CLI finds them ($SPINSNN_DATA, then spinsnn.config.json's dataDirs), for
 * tests: no test writes where the data lives. A missing dataset gives a path that does not exist,
 * so a test can skip on existsSync as it would for any absent file.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findDataset } from '@spinsnn/datasets/node';

const CONFIG_FILE = fileURLToPath(new URL('../../spinsnn.config.json', import.meta.url));

/** Path of `name` inside the datasets (`gset/G1.txt`, `nir/`); a trailing slash is kept. */
export function dataset(name: string): string {
  const bare = name.replace(/\/$/, '');
  const found = findDataset(bare, CONFIG_FILE) ?? join('/nonexistent-spinsnn-datasets', bare);
  return name.endsWith('/') ? `${found}/` : found;
}
