import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DataError, Rng, decodeNpy, decodeNpz, encodeNpy, encodeNpz, stateArrays } from '@spinsnn/core';

/** NumPy, where this machine has it (the project machines do): the independent reader and writer. */
function hasNumpy(): boolean {
  try {
    execFileSync('python3', ['-c', 'import numpy'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const NUMPY = hasNumpy();
const dir = mkdtempSync(join(tmpdir(), 'spinsnn-npy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const py = (code: string) => execFileSync('python3', ['-c', code], { encoding: 'utf8' }).trim();

describe('.npy / .npz', () => {
  const rng = new Rng(5);
  const w = Float64Array.from({ length: 12 }, () => rng.normal());

  it('writes the header NumPy format 1.0 prescribes: magic, version, 64-byte aligned dict, C order', () => {
    const b = encodeNpy(w, [3, 4]);
    expect(Array.from(b.subarray(0, 8))).toEqual([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
    const hlen = b[8] | (b[9] << 8);
    expect((10 + hlen) % 64).toBe(0);
    const header = new TextDecoder().decode(b.subarray(10, 10 + hlen));
    expect(header).toMatch(/^\{'descr': '<f8', 'fortran_order': False, 'shape': \(3, 4\), \} *\n$/);
    expect(new Float64Array(b.slice(10 + hlen).buffer)).toEqual(w);
  });

  it('round-trips every dtype and shape, 1-D shapes written as (n,)', () => {
    for (const a of [w, Float32Array.from(w), Int32Array.of(-3, 0, 7), Uint8Array.of(1, 255), Int16Array.of(-2), new Float64Array(0)]) {
      const t = decodeNpy(encodeNpy(a));
      expect(t.shape).toEqual([a.length]);
      expect(t.data).toEqual(a);
      expect(t.data.constructor).toBe(a.constructor);
    }
    const t = decodeNpz(encodeNpz({ w: { data: w, shape: [3, 4] }, theta: { data: Float32Array.of(1, 2), shape: [2] } }));
    expect(Object.keys(t).sort()).toEqual(['theta', 'w']);
    expect(t.w.shape).toEqual([3, 4]);
    expect(t.w.data).toEqual(w);
  });

  it.runIf(NUMPY)('numpy.load reads our .npy and .npz with the same values and shapes', () => {
    writeFileSync(join(dir, 'w.npy'), encodeNpy(w, [3, 4]));
    writeFileSync(join(dir, 'c.npz'), encodeNpz({ a: { data: Int32Array.of(1, -2, 3), shape: [3] }, w: { data: Float32Array.from(w), shape: [2, 6] } }));
    const got = JSON.parse(
      py(
        `import numpy as np, json; a = np.load('${dir}/w.npy'); z = np.load('${dir}/c.npz'); print(json.dumps({'shape': a.shape, 'dtype': str(a.dtype), 'v': a.ravel().tolist(), 'za': z['a'].tolist(), 'zw': [str(z['w'].dtype), list(z['w'].shape)], 'c': bool(a.flags['C_CONTIGUOUS'])}))`,
      ),
    );
    expect(got).toEqual({ shape: [3, 4], dtype: 'float64', v: Array.from(w), za: [1, -2, 3], zw: ['float32', [2, 6]], c: true });
  });

  it.runIf(NUMPY)('reads what numpy.save and numpy.savez write (incl. a scalar-free 3-D array)', () => {
    py(
      `import numpy as np; np.save('${dir}/n.npy', np.arange(24, dtype='<f4').reshape(2, 3, 4)); np.savez('${dir}/n.npz', x=np.array([1, 2], dtype=np.uint8), y=np.eye(2))`,
    );
    const t = decodeNpy(new Uint8Array(readFileSync(join(dir, 'n.npy'))));
    expect(t.shape).toEqual([2, 3, 4]);
    expect(Array.from(t.data)).toEqual(Array.from({ length: 24 }, (_, i) => i));
    const z = decodeNpz(new Uint8Array(readFileSync(join(dir, 'n.npz'))));
    expect(Array.from(z.x.data)).toEqual([1, 2]);
    expect(Array.from(z.y.data)).toEqual([1, 0, 0, 1]);
  });

  it('names every typed array of a state record by its path; refuses a wrong shape and truncated files', () => {
    const arrays = stateArrays({ t: 1.5, projections: { 'in->exc': { store: { arrays: { weights: w } } } }, list: [Int32Array.of(4)] });
    expect(Object.keys(arrays).sort()).toEqual(['list.0', 'projections.in->exc.store.arrays.weights']);
    expect(() => encodeNpy(w, [5, 2])).toThrow(/shape \[5, 2\] holds 10 values but the array has 12/);
    const b = encodeNpy(w);
    expect(() => decodeNpy(b.subarray(0, b.length - 8), 'w.npy')).toThrow(DataError);
    expect(() => decodeNpy(b.subarray(0, b.length - 8), 'w.npy')).toThrow(/w\.npy.*truncated/);
    expect(() => decodeNpy(new Uint8Array(20))).toThrow(/not a \.npy/);
    expect(() => decodeNpz(Uint8Array.of(1, 2, 3))).toThrow(DataError);
  });
});
