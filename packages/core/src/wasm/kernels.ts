import { InternalError, SimulationError } from '../errors.js';
import { noticeOnce } from '../notices.js';
import { wasmApi, type WasmMemory, type WasmModule } from './webassembly.js';
import { KERNELS_WASM_BASE64 } from './kernels.generated.js';

/**
 * Loader for the WebAssembly fast paths (assembly/kernels.ts). Each clock-driven group that
 * uses them gets its own instance and linear memory, sized once for its state arrays, so
 * views never detach. Falls back to the TypeScript reference when wasm SIMD is unavailable.
 */
export type KernelChoice = 'auto' | 'wasm' | 'js';

export interface KernelExports {
  /** One CUBA step; `params` is the byte offset of the group's parameter block. */
  cubaStep(params: number, k: number): number;
  /** One COBA step; `params` as for cubaStep. */
  cobaStep(params: number, k: number): number;
  expArray(n: number, xP: number): void;
}

let compiled: WasmModule | null | undefined;

/** Why the last embedded module failed to compile (the engine's words), for the notice. */
let compileFailure: string | null = null;

function decodeBase64(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** Compiles a base64-embedded wasm binary; null where this engine cannot (e.g. no SIMD). */
export function compileEmbeddedWasm(base64: string): WasmModule | null {
  const api = wasmApi();
  if (api === undefined) {
    compileFailure = 'this JavaScript engine has no WebAssembly';
    return null;
  }
  try {
    return new api.Module(decodeBase64(base64));
  } catch (e) {
    compileFailure = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    return null;
  }
}

/** A page's Content-Security-Policy refusing wasm compilation, in Chrome's, Firefox's and Safari's words. */
const CSP_REFUSAL = /content.security|\bCSP\b|unsafe-eval|disallowed by embedder|refused/i;

/**
 * The notice given once when 'auto' kernels fall back to TypeScript because compilation failed:
 * the engine's reason and the fix (the TypeScript loops give the same results, about 3× slower).
 */
export function wasmOffNotice(reason: string): string {
  const why = CSP_REFUSAL.test(reason)
    ? "the page's Content-Security-Policy forbids compiling WebAssembly; add 'wasm-unsafe-eval' to its script-src"
    : 'this engine cannot compile the kernels (they need WebAssembly SIMD: Node ≥ 16.4, Chrome ≥ 91, Firefox ≥ 89, Safari ≥ 16.4)';
  return `WebAssembly kernels are off (${reason}): ${why}. The network runs on the TypeScript kernels instead, with the same results but about 3× slower; pass kernel: "js" to choose them and silence this notice.`;
}

/** The core kernels' compiled module, or null where this engine cannot run it (no wasm SIMD). */
export function kernelModule(): WasmModule | null {
  if (compiled === undefined) compiled = compileEmbeddedWasm(KERNELS_WASM_BASE64);
  return compiled;
}

/**
 * Bump allocator of typed arrays in one instance's memory (16-byte aligned for SIMD loads).
 * The memory is sized once at creation, so views never detach. `E` types the instance's
 * exports; `imports` adds host functions to `env` (memory and abort are provided).
 */
export class WasmArena<E = KernelExports> {
  readonly memory: WasmMemory;
  readonly exports: E;
  private offset = 16;

  constructor(module: WasmModule, bytes: number, imports: Record<string, unknown> = {}) {
    const api = wasmApi();
    if (api === undefined) throw new InternalError('WasmArena: this engine has no WebAssembly (the caller passed a module compiled elsewhere)');
    const pages = Math.ceil((bytes + 64 * 1024) / 65536);
    this.memory = new api.Memory({ initial: pages });
    const env = {
      memory: this.memory,
      abort: () => {
        throw new InternalError('a wasm kernel aborted (an assertion inside it failed)');
      },
      ...imports,
    };
    const instance = new api.Instance(module, { env });
    this.exports = instance.exports as unknown as E;
  }

  f64(n: number): Float64Array {
    return new Float64Array(this.memory.buffer, this.take(n * 8), n);
  }

  f32(n: number): Float32Array {
    return new Float32Array(this.memory.buffer, this.take(n * 4), n);
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
    if (this.offset > this.memory.buffer.byteLength) throw new InternalError('WasmArena: out of the memory sized at creation (the caller sized it too small)');
    return at;
  }
}

/**
 * An arena of `bytes` in a new instance of `module` when `choice` allows wasm and the engine can
 * run it (and give it that memory); otherwise null, so the caller uses its TypeScript reference —
 * except that `choice` 'wasm' turns either failure into an error naming `what`.
 */
export function arenaForModule<E>(
  choice: KernelChoice,
  module: WasmModule | null,
  bytes: number,
  what: string,
  imports: Record<string, unknown> = {},
): WasmArena<E> | null {
  if (choice === 'js') return null;
  if (!module) {
    if (choice === 'wasm')
      throw new SimulationError(`${what} cannot run on this JavaScript engine (${compileFailure ?? 'no WebAssembly SIMD'}); use kernel: "js"`);
    noticeOnce('wasm-kernels-off', wasmOffNotice(compileFailure ?? 'the module did not compile'));
    return null;
  }
  try {
    return new WasmArena<E>(module, bytes, imports);
  } catch (e) {
    if (choice === 'wasm') throw e;
    return null; // e.g. more than one 32-bit memory can hold: the TypeScript loops have no such limit
  }
}

/** An arena for `bytes` of arrays in the core kernels (CUBA, COBA, exp); see arenaForModule. */
export function arenaFor(choice: KernelChoice, bytes: number): WasmArena | null {
  return arenaForModule<KernelExports>(choice, kernelModule(), bytes, 'the core WebAssembly kernels');
}
