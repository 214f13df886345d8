import { type KernelChoice } from '@spinsnn/core';
import { arenaForModule, compileEmbeddedWasm, type WasmArena, type WasmModule } from '@spinsnn/core/internal';
import { CIM_WASM_BASE64 } from './cim-wasm.generated.js';

/**
 * The array model's two hot paths (docs/cim.md §3): bit-packed XNOR-popcount for binary tiles
 * and the blocked analog product for everything else, each as a TypeScript reference and as a
 * WebAssembly kernel (assembly/cim.ts) doing the same operations in the same order, so the two
 * agree bit for bit.
 */
export interface CimKernelExports {
  xnorMismatch(batch: number, words: number, cols: number, xP: number, wP: number, outP: number): void;
  analogMac(batch: number, rows: number, cols: number, xP: number, dP: number, baseP: number, outP: number): void;
}

let compiled: WasmModule | null | undefined;

/** The compiled CIM kernel module, or null where this engine cannot run it (no wasm SIMD). */
export function cimKernelModule(): WasmModule | null {
  if (compiled === undefined) compiled = compileEmbeddedWasm(CIM_WASM_BASE64);
  return compiled;
}

/** Typed arrays in one CIM kernel instance's memory. */
export type CimArena = WasmArena<CimKernelExports>;

/** An arena of `bytes` for the CIM kernels, or null for the TypeScript loops. */
export function cimArenaFor(choice: KernelChoice, bytes: number): CimArena | null {
  return arenaForModule<CimKernelExports>(choice, cimKernelModule(), bytes, 'the CIM WebAssembly kernel');
}

/** 32-bit words per packed vector of n bits, rounded up to whole 64-bit words (the kernel loads u64). */
export function packedWords32(n: number): number {
  return 2 * Math.ceil(n / 64);
}

/**
 * Packs bits (nonzero = 1) of `count` vectors of length n, vector-major, into `out`
 * (count × packedWords32(n) little-endian 32-bit words, padding bits 0).
 */
export function packBits(bits: ArrayLike<number>, n: number, count: number, out: Int32Array): void {
  const w = packedWords32(n);
  out.fill(0, 0, count * w);
  for (let v = 0; v < count; v++) {
    const o = v * w;
    const b = v * n;
    for (let i = 0; i < n; i++) if (bits[b + i] !== 0) out[o + (i >>> 5)] |= 1 << (i & 31);
  }
}

function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/**
 * TypeScript reference of the XNOR-popcount kernel: out[b·cols + j] = popcount(x_b XOR w_j)
 * over `words32` 32-bit words (the mismatches; matches = n − mismatches).
 */
export function xnorMismatchRef(batch: number, words32: number, cols: number, x: Int32Array, w: Int32Array, out: Int32Array): void {
  for (let b = 0; b < batch; b++) {
    const xo = b * words32;
    for (let j = 0; j < cols; j++) {
      const wo = j * words32;
      let c = 0;
      for (let k = 0; k < words32; k++) c += popcount32(x[xo + k] ^ w[wo + k]);
      out[b * cols + j] = c;
    }
  }
}

/**
 * TypeScript reference of the blocked analog product: out[b][q] = base[q] + Σ_p x[b][p]·d[p][q],
 * accumulated over p in order (terms with x = 0 skipped, as the kernel does).
 */
export function analogMacRef(batch: number, rows: number, cols: number, x: Float64Array, d: Float64Array, base: Float64Array, out: Float64Array): void {
  for (let b = 0; b < batch; b++) {
    const o = b * cols;
    for (let q = 0; q < cols; q++) out[o + q] = base[q];
    for (let p = 0; p < rows; p++) {
      const a = x[b * rows + p];
      if (a === 0) continue;
      const r = p * cols;
      for (let q = 0; q < cols; q++) out[o + q] += a * d[r + q];
    }
  }
}
