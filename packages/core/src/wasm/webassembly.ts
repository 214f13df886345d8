// The subset of the WebAssembly JS API that core uses, as module-local types. TypeScript ships the
// WebAssembly types only with the DOM/WebWorker libs, which do not belong in a Node-first package;
// declaring them globally here (as this file once did) collides with lib.dom.d.ts in a page's
// project (TS2300/TS2649 without skipLibCheck). So nothing global is declared: the runtime object
// is read from globalThis, where Node 20 and browsers both provide it.

/** A compiled WebAssembly module (opaque). */
export interface WasmModule {
  readonly [Symbol.toStringTag]?: string;
}

/** A WebAssembly linear memory. */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
}

/** An instantiated WebAssembly module. */
export interface WasmInstance {
  readonly exports: Record<string, unknown>;
}

/** The constructors of the WebAssembly namespace that core calls. */
export interface WasmApi {
  Module: new (bytes: Uint8Array) => WasmModule;
  Memory: new (descriptor: { initial: number; maximum?: number }) => WasmMemory;
  Instance: new (module: WasmModule, imports: Record<string, Record<string, unknown>>) => WasmInstance;
}

/** This engine's WebAssembly namespace, or undefined where it has none (e.g. a jitless engine). */
export function wasmApi(): WasmApi | undefined {
  return (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
}
