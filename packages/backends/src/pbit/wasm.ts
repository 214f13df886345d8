import type { KernelChoice } from '@spinsnn/core';
import { PBIT_WASM_BASE64 } from './pbit-wasm.generated.js';

/**
 * Loader for the p-bit WebAssembly kernels (assembly/pbit.ts, embedded as base64 at build
 * time by scripts/build-wasm.mjs). Each sampler gets its own instance and linear memory, sized
 * once at creation, so typed-array views into it never detach.
 */
export interface PbitKernelExports {
  gibbsSweep(n: number, offP: number, tgtP: number, wP: number, mP: number, betaP: number, biasP: number, uP: number, tabP: number, top: number, specP: number): number;
  gibbsSweepOrdered(nOrder: number, orderP: number, offP: number, tgtP: number, wP: number, mP: number, betaP: number, biasP: number, uP: number, tabP: number, top: number): number;
}

let compiled: WebAssembly.Module | null | undefined;

function decodeBase64(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** The compiled module, or null where this engine cannot run it. */
export function pbitKernelModule(): WebAssembly.Module | null {
  if (compiled === undefined) {
    try {
      compiled = new WebAssembly.Module(decodeBase64(PBIT_WASM_BASE64));
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

/** Bump allocator of typed arrays in one instance's memory; `at(view)` is a view's byte offset. */
export class PbitArena {
  readonly memory: WebAssembly.Memory;
  readonly exports: PbitKernelExports;
  private offset = 16;

  constructor(module: WebAssembly.Module, bytes: number) {
    const pages = Math.ceil((bytes + 64 * 1024) / 65536);
    this.memory = new WebAssembly.Memory({ initial: pages });
    const instance = new WebAssembly.Instance(module, {
      env: { memory: this.memory, exp: Math.exp, abort: () => { throw new Error('p-bit wasm kernel abort'); } },
    });
    this.exports = instance.exports as unknown as PbitKernelExports;
  }

  f64(n: number): Float64Array {
    return new Float64Array(this.memory.buffer, this.take(n * 8), n);
  }

  i32(n: number): Int32Array {
    return new Int32Array(this.memory.buffer, this.take(n * 4), n);
  }

  i8(n: number): Int8Array {
    return new Int8Array(this.memory.buffer, this.take(n), n);
  }

  private take(bytes: number): number {
    const at = this.offset;
    this.offset += (bytes + 15) & ~15;
    if (this.offset > this.memory.buffer.byteLength) throw new Error('PbitArena: out of the memory sized at creation');
    return at;
  }
}

/** An arena of `bytes` when `choice` allows wasm and the engine can run it (and give it the memory); else null ('wasm' then throws). */
export function pbitArenaFor(choice: KernelChoice, bytes: number): PbitArena | null {
  if (choice === 'js') return null;
  const m = pbitKernelModule();
  if (!m) {
    if (choice === 'wasm') throw new Error('the p-bit WebAssembly kernel cannot run on this JavaScript engine; use kernel: "js"');
    return null;
  }
  try {
    return new PbitArena(m, bytes);
  } catch (e) {
    if (choice === 'wasm') throw e;
    return null; // e.g. a graph too large for one 32-bit memory: the TypeScript loops have no such limit
  }
}
