import type * as TF from '@tensorflow/tfjs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { existsSync } from 'node:fs';
import { DataError, InternalError, SimulationError, SpecError } from '@spinsnn/core';

/**
 * TF.js backend selection for the baselines. Order for `auto`: tfjs-node (native TensorFlow,
 * an optional dependency that usually cannot install here), then the wasm backend (SIMD, files
 * loaded from the installed package, never the network), then the pure-JS cpu backend.
 */
export type TfBackendChoice = 'auto' | 'tensorflow' | 'wasm' | 'cpu';

/** Which TF.js backend `initTf` chose, with its SIMD/threads and why a preferred one was skipped. */
export interface TfBackendInfo {
  /** The backend in use: `tensorflow` (tfjs-node), `wasm` or `cpu`. */
  backend: string;
  simd: boolean;
  threads: number;
  tfjsVersion: string;
  /** Why a preferred backend was not used, if one was skipped. */
  fallbackReason?: string;
}

let initialised: TfBackendInfo | null = null;
let tfm: typeof TF | null = null;

/**
 * The TF.js module, once `initTf` has run. TF.js is imported lazily (about 0.3 s) so that
 * commands which never train a baseline do not pay for it.
 */
export function tfjs(): typeof TF {
  if (!tfm) throw new SimulationError('TF.js is not initialised: await initTf() before building or training a baseline');
  return tfm;
}

/** Initialises TF.js once per process; later calls return the same info. */
export async function initTf(choice: TfBackendChoice = 'auto'): Promise<TfBackendInfo> {
  if (initialised && (choice === 'auto' || choice === initialised.backend)) return initialised;
  const tf = (tfm ??= await importTf());
  let fallbackReason: string | undefined;
  if (choice === 'auto' || choice === 'tensorflow') {
    try {
      // A variable specifier keeps TypeScript and bundlers from requiring the optional package.
      const optional = '@tensorflow/tfjs-node';
      await import(optional);
      if (await tf.setBackend('tensorflow')) return finish(tf, 'tensorflow', fallbackReason);
      fallbackReason = 'tfjs-node loaded but its backend did not initialise';
    } catch (e) {
      fallbackReason = `@tensorflow/tfjs-node not available (${firstLine(e)})`;
    }
    if (choice === 'tensorflow') throw new SpecError('backend', `a backend that loads here (tensorflow: ${fallbackReason}; try auto, wasm or cpu)`, choice);
  }
  if (choice === 'auto' || choice === 'wasm') {
    try {
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      wasm.setWasmPaths(wasmDistDir());
      registerWasmConvBackpropFilter(tf);
      threads = () => wasm.getThreadsCount();
      if (await tf.setBackend('wasm')) return finish(tf, 'wasm', fallbackReason);
      fallbackReason = 'the wasm backend did not initialise';
    } catch (e) {
      fallbackReason = `wasm backend failed (${firstLine(e)})`;
    }
    if (choice === 'wasm') throw new SpecError('backend', `a backend that loads here (wasm: ${fallbackReason}; try auto or cpu)`, choice);
  }
  await tf.setBackend('cpu');
  return finish(tf, 'cpu', fallbackReason);
}

/** Imports TF.js, an optional peer dependency of @spinsnn/learning: missing, a DataError says how to install it. */
async function importTf(): Promise<typeof TF> {
  try {
    return await import('@tensorflow/tfjs');
  } catch (e) {
    if ((e as { code?: string }).code !== 'ERR_MODULE_NOT_FOUND') throw e;
    throw new DataError(
      '@tensorflow/tfjs',
      `not installed; the TF.js baselines (@spinsnn/learning/tfjs) need the optional peer dependencies: npm install @tensorflow/tfjs@${TFJS_RANGE} @tensorflow/tfjs-backend-wasm@${TFJS_RANGE}`,
    );
  }
}

/** The TF.js versions @spinsnn/learning is tested with (its peerDependencies). */
const TFJS_RANGE = '^4.22.0';

let threads = (): number => 1;

function finish(tf: typeof TF, backend: string, fallbackReason: string | undefined): TfBackendInfo {
  tf.enableProdMode(); // skips per-op NaN checks
  const wasm = backend === 'wasm';
  initialised = {
    backend,
    simd: wasm ? Boolean(tf.env().getBool('WASM_HAS_SIMD_SUPPORT')) : false,
    threads: wasm ? threads() : 1,
    tfjsVersion: tf.version.tfjs,
    ...(fallbackReason ? { fallbackReason } : {}),
  };
  return initialised;
}

/** Folder holding the wasm binaries of the installed @tensorflow/tfjs-backend-wasm, with a trailing slash. */
export function wasmDistDir(): string {
  const require = createRequire(import.meta.url);
  const dir = join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
  if (!existsSync(join(dir, 'tfjs-backend-wasm.wasm')))
    throw new DataError(join(dir, 'tfjs-backend-wasm.wasm'), 'missing (reinstall @tensorflow/tfjs-backend-wasm)');
  return dir + '/';
}

let convPatched = false;

/**
 * tfjs-backend-wasm 4.22 has no Conv2DBackpropFilter kernel, so a conv layer cannot train on
 * it. The filter gradient is itself a convolution — dW[kh,kw,c,f] = Σ_{b,i,j} x[b,i+kh,j+kw,c]·dy[b,i,j,f]
 * — so it is computed with the backend's fast forward Conv2D (XNNPACK) on transposed operands:
 * input xᵀ [C,H,W,B], filter dyᵀ [oh,ow,B,F] → [C,kh,kw,F] → transposed to [kh,kw,C,F].
 * Stride 1 and no dilation only (what the baselines use); 'same' padding pads x first.
 * The wasm backend's Conv3DBackpropFilterV2 would also do, but is about 6× slower.
 */
export function registerWasmConvBackpropFilter(tf: typeof TF): void {
  if (convPatched || tf.getKernel('Conv2DBackpropFilter', 'wasm')) return;
  convPatched = true;
  const conv = tf.getKernel('Conv2D', 'wasm');
  const transpose = tf.getKernel('Transpose', 'wasm');
  const pad = tf.getKernel('PadV2', 'wasm');
  if (!conv || !transpose || !pad) throw new InternalError('the wasm backend lacks Conv2D/Transpose/PadV2 kernels');
  tf.registerKernel({
    kernelName: 'Conv2DBackpropFilter',
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { x, dy } = inputs as { x: TF.TensorInfo; dy: TF.TensorInfo };
      const a = attrs as unknown as {
        strides: number | [number, number];
        pad: string | number;
        filterShape: [number, number, number, number];
        dataFormat?: string;
      };
      const strides = typeof a.strides === 'number' ? [a.strides, a.strides] : a.strides;
      if (strides[0] !== 1 || strides[1] !== 1 || (a.dataFormat && a.dataFormat !== 'NHWC') || (a.pad !== 'same' && a.pad !== 'valid')) {
        throw new InternalError('Conv2DBackpropFilter on wasm: only stride 1, NHWC and "same"/"valid" padding are implemented (a baseline model uses another)');
      }
      const [fh, fw] = a.filterShape;
      const be = backend as { disposeData(id: object): void };
      const temps: TF.TensorInfo[] = [];
      let xp = x;
      if (a.pad === 'same') {
        const ph = fh - 1,
          pw = fw - 1;
        const paddings = [
          [0, 0],
          [Math.floor(ph / 2), ph - Math.floor(ph / 2)],
          [Math.floor(pw / 2), pw - Math.floor(pw / 2)],
          [0, 0],
        ];
        xp = pad.kernelFunc({ inputs: { x }, backend, attrs: { paddings, constantValue: 0 } }) as TF.TensorInfo;
        temps.push(xp);
      }
      const xT = transpose.kernelFunc({ inputs: { x: xp }, backend, attrs: { perm: [3, 1, 2, 0] } }) as TF.TensorInfo;
      const dyT = transpose.kernelFunc({ inputs: { x: dy }, backend, attrs: { perm: [1, 2, 0, 3] } }) as TF.TensorInfo;
      const o = conv.kernelFunc({
        inputs: { x: xT, filter: dyT },
        backend,
        attrs: { strides: [1, 1], pad: 'valid', dataFormat: 'NHWC', dilations: [1, 1] },
      }) as TF.TensorInfo;
      const out = transpose.kernelFunc({ inputs: { x: o }, backend, attrs: { perm: [1, 2, 0, 3] } }) as TF.TensorInfo;
      temps.push(xT, dyT, o);
      for (const t of temps) be.disposeData(t.dataId);
      return out;
    },
  });
}

const firstLine = (e: unknown): string => String((e as Error)?.message ?? e).split('\n')[0];
