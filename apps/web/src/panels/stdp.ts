/** Panel (d): STDP receptive fields forming on MNIST digits, ideal and SOT synapses side by side. */
import { errorBox, field, h, numberFrom, results, showError } from '../dom.js';
import { StoppedError, runJob } from '../protocol.js';

/** The bundled digits (written by scripts/prepare-data.mjs): the first `train` training and `test` test images. */
export const MNIST_META = { train: 1000, test: 200 } as const;

const SIDES = [
  { synapse: 'ideal/float', label: 'ideal float synapses' },
  { synapse: 'sot/multilevel', preset: 'hsin2025', label: 'SOT multilevel synapses (hsin2025)' },
] as const;

/** Draws receptive fields (each neuron's 784 weights as 28×28, tiled) into a canvas, grey = w / (largest weight, at most wMax). */
function drawFields(c: HTMLCanvasElement, w: Float32Array, inputs: number, neurons: number, wMax: number): void {
  let top = 0;
  for (let k = 0; k < w.length; k++) if (w[k] > top) top = w[k];
  const scaleTo = top > 0 ? Math.min(top, wMax) : wMax;
  const grid = Math.ceil(Math.sqrt(neurons)),
    cell = 29,
    scale = 3;
  c.width = c.height = (grid * cell + 1) * scale;
  const ctx = c.getContext('2d')!;
  const img = ctx.createImageData(grid * cell + 1, grid * cell + 1);
  img.data.fill(64);
  for (let j = 0; j < neurons; j++) {
    const gx = (j % grid) * cell + 1,
      gy = Math.floor(j / grid) * cell + 1;
    for (let i = 0; i < inputs; i++) {
      const v = Math.max(0, Math.min(255, Math.round((w[i * neurons + j] / scaleTo) * 255)));
      const p = ((gy + Math.floor(i / 28)) * img.width + gx + (i % 28)) * 4;
      img.data[p] = img.data[p + 1] = img.data[p + 2] = v;
    }
  }
  for (let p = 3; p < img.data.length; p += 4) img.data[p] = 255;
  const tmp = new OffscreenCanvas(img.width, img.height);
  tmp.getContext('2d')!.putImageData(img, 0, 0);
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(tmp, 0, 0, c.width, c.height);
}

/** Mounts the panel in `el`. */
export function stdpPanel(el: HTMLElement): void {
  const neurons = h('input', { type: 'number', value: 25, min: 1, max: 400, step: 1, style: 'width:5em', 'data-testid': 'stdp-neurons' });
  const samples = h('input', { type: 'number', value: 300, min: 10, max: MNIST_META.train, step: 10, style: 'width:6em', 'data-testid': 'stdp-samples' });
  const testN = h('input', { type: 'number', value: 100, min: 1, max: MNIST_META.test, step: 10, style: 'width:6em', 'data-testid': 'stdp-test' });
  const seed = h('input', { type: 'number', value: 1, min: 0, step: 1, style: 'width:5em' });
  const start = h('button', { 'data-testid': 'stdp-run' }, 'train');
  const err = errorBox('stdp-error');
  const cols = h('div', { class: 'side' });
  el.append(
    h(
      'p',
      {},
      `The Diehl & Cook (2015) network learns without labels: Poisson spike trains from the digit's pixels, STDP on the input synapses, lateral inhibition. Each tile is one neuron's incoming weights (white = the largest weight); digits appear as the network trains on the first ${MNIST_META.train} MNIST training images (bundled with the page). Left: ideal weights; right: the same rule writing SOT multilevel devices (few levels, cycle-to-cycle noise).`,
    ),
    h('div', { class: 'controls' }, field('neurons', neurons), field('training samples', samples), field('test samples', testN), field('seed', seed), start),
    err,
    cols,
  );
  const views = SIDES.map((s) => {
    const canvas = h('canvas', { width: 300, height: 300, 'data-testid': `stdp-canvas-${s.synapse.replace('/', '-')}` });
    const stat = h('div', { class: 'stats', 'data-testid': `stdp-stats-${s.synapse.replace('/', '-')}` }, 'not started');
    cols.append(h('div', {}, h('h3', {}, s.label), canvas, stat));
    return { ...s, canvas, stat };
  });
  let jobs: { stop: () => void }[] = [];
  const run = () => {
    for (const j of jobs) j.stop();
    err.textContent = '';
    let n: number, m: number, tn: number, sd: number;
    try {
      n = numberFrom(neurons, 'neurons', 1, 400, true);
      m = numberFrom(samples, 'training samples', 10, MNIST_META.train, true);
      tn = numberFrom(testN, 'test samples', 1, MNIST_META.test, true);
      sd = numberFrom(seed, 'seed', 0, 2 ** 32 - 1, true);
    } catch (e) {
      showError(err, e);
      return;
    }
    const out: Record<string, unknown> = {};
    results.stdp = out;
    jobs = views.map((v) => {
      v.stat.textContent = 'loading digits…';
      const r = runJob<{ accuracy: number; testSamples: number }>(
        {
          op: 'stdp',
          synapse: v.synapse,
          preset: 'preset' in v ? v.preset : undefined,
          neurons: n,
          samples: m,
          testSamples: tn,
          seed: sd,
          every: 10,
          dataUrl: new URL(`${import.meta.env.BASE_URL}data/mnist-small.bin`, location.href).href,
          meta: MNIST_META,
        },
        (f) => {
          drawFields(v.canvas, f.weights as Float32Array, f.inputs as number, f.neurons as number, f.wMax as number);
          const acc = f.runningAccuracy as number | null;
          v.stat.textContent = `${f.done} / ${f.total} samples · ${(f.samplesPerS as number).toFixed(1)} samples/s${acc !== null ? ` · running accuracy ${(100 * acc).toFixed(0)} %` : ''}`;
          out[v.synapse] = { done: f.done, frames: ((out[v.synapse] as { frames?: number })?.frames ?? 0) + 1 };
        },
      );
      r.promise.then(
        (d) => {
          v.stat.textContent += ` · test accuracy ${(100 * d.accuracy).toFixed(1)} % on ${d.testSamples} digits`;
          out[v.synapse] = { ...(out[v.synapse] as object), accuracy: d.accuracy };
        },
        (e) => {
          if (!(e instanceof StoppedError)) showError(err, e), (v.stat.textContent = 'stopped by the error above');
        },
      );
      return r;
    });
  };
  start.addEventListener('click', run);
}
