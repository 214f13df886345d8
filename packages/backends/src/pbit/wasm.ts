import { type KernelChoice } from '@spinsnn/core';
import { arenaForModule, compileEmbeddedWasm, type WasmArena, type WasmModule } from '@spinsnn/core/internal';
import { PBIT_WASM_BASE64 } from './pbit-wasm.generated.js';

/**
 * One multi-spin-coded sweep over order[0 … nOrder) (byte offsets into the kernel memory; agreeP:
 * ~neg per entry, so a satisfied coupling is s_i ⊕ s_j ⊕ agree; d1 = max degree + 1); returns the flips.
 */
export type MscSweepKernel = (
  nOrder: number,
  orderP: number,
  offP: number,
  tgtP: number,
  agreeP: number,
  sP: number,
  thrP: number,
  d1: number,
  rngP: number,
) => number;

/**
 * Loader for the p-bit WebAssembly kernels (assembly/pbit.ts, embedded as base64 at build
 * time by scripts/build-wasm.mjs). Each sampler gets its own instance and linear memory, sized
 * once at creation, so typed-array views into it never detach.
 */
export interface PbitKernelExports {
  gibbsSweep(
    n: number,
    offP: number,
    tgtP: number,
    wP: number,
    mP: number,
    betaP: number,
    biasP: number,
    uP: number,
    tabP: number,
    top: number,
    specP: number,
  ): number;
  gibbsSweepOrdered(
    nOrder: number,
    orderP: number,
    offP: number,
    tgtP: number,
    wP: number,
    mP: number,
    betaP: number,
    biasP: number,
    uP: number,
    tabP: number,
    top: number,
  ): number;
  gibbsSweepIncremental(
    nOrder: number,
    orderP: number,
    offP: number,
    tgtP: number,
    wP: number,
    mP: number,
    betaP: number,
    biasP: number,
    hP: number,
    cP: number,
    rngP: number,
    tabP: number,
    top: number,
    statusP: number,
  ): number;
  gibbsSweepThreshold(
    nOrder: number,
    orderP: number,
    offP: number,
    tgtP: number,
    wP: number,
    mP: number,
    hP: number,
    cP: number,
    rngP: number,
    thrP: number,
    half: number,
    statusP: number,
  ): number;
  // asynchronous p-bits (assembly/telegraph.ts; flip-kernel.ts is the TypeScript twin)
  tgInit(
    key: number,
    arg: number,
    leaves: number,
    treeKey: number,
    treeBlock: number,
    state: number,
    edges: number,
    classes: number,
    rng: number,
    upItem: number,
    upTime: number,
    status: number,
    nu0: number,
  ): void;
  runFlips(horizon: number, budget: number, latency: number): number;
  // multi-spin-coded Metropolis (assembly/msc.ts; msc.ts is the TypeScript twin), 32 replicas per spin
  mscSweep: MscSweepKernel;
  // the 128-replica (v128) variant: four words per spin
  mscSweep4: MscSweepKernel;
}

let compiled: WasmModule | null | undefined;

/** The compiled module, or null where this engine cannot run it. */
export function pbitKernelModule(): WasmModule | null {
  if (compiled === undefined) compiled = compileEmbeddedWasm(PBIT_WASM_BASE64);
  return compiled;
}

/** Typed arrays in one p-bit kernel instance's memory (core's `WasmArena`, with the host's exp and log). */
export type PbitArena = WasmArena<PbitKernelExports>;

/** An arena of `bytes` for the p-bit kernels, or null for the TypeScript loops (core's `arenaForModule`). */
export function pbitArenaFor(choice: KernelChoice, bytes: number): PbitArena | null {
  return arenaForModule<PbitKernelExports>(choice, pbitKernelModule(), bytes, 'the p-bit WebAssembly kernel', { exp: Math.exp, log: Math.log });
}
