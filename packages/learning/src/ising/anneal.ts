import type { Rng } from '@spinsnn/core';
import type { Colouring } from './colouring.js';
import { PbitMachine, type UpdateOrder } from './machine.js';
import type { IsingModel, PbitParams } from '@spinsnn/backends';
import { betaSequence, type BetaSchedule } from './schedule.js';

/** Options of simulated annealing on a p-bit machine: sweeps, β schedule, update order, tracing. */
export interface AnnealOptions {
  readonly sweeps: number;
  readonly schedule: BetaSchedule;
  readonly order?: UpdateOrder;
  readonly colouring?: Colouring;
  readonly device?: PbitParams;
  readonly initial?: ArrayLike<number>;
  /** Record the energy every this many sweeps (0 = no trace). */
  readonly traceEvery?: number;
  /**
   * Every this many sweeps (and after the last), also descend a copy of the state to its local
   * minimum (`PbitMachine.quench`) and keep it if it beats the best (0 = off). Near the end of a
   * schedule the chain sits a few thermal excitations above a minimum; the quench removes them.
   */
  readonly quenchEvery?: number;
  /** Stop early once the energy reaches this value (time-to-target runs). */
  readonly targetEnergy?: number;
  /** Called after every sweep; return true to stop (e.g. a wall-clock budget). */
  readonly onSweep?: (sweep: number, energy: number, bestEnergy: number) => boolean | void;
}

/** Outcome of an annealing run: best and final states and energies. */
export interface AnnealResult {
  readonly bestSpins: Int8Array;
  readonly bestEnergy: number;
  readonly finalEnergy: number;
  readonly sweeps: number;
  /** Sweep at which the best energy was first seen. */
  readonly bestSweep: number;
  readonly updates: number;
  readonly flips: number;
  readonly edgeVisits: number;
  /** [sweep, energy] pairs. */
  readonly trace: readonly (readonly [number, number])[];
}

/**
 * Simulated annealing on a p-bit machine: one sweep per β of the schedule; the best state seen at
 * sweep ends is kept (at the cold end the chain sits in a minimum, so little is lost by not
 * checking after every single flip).
 */
export function anneal(model: IsingModel, rng: Rng, o: AnnealOptions): AnnealResult {
  const machine = new PbitMachine(model, rng, { device: o.device, colouring: o.colouring, spins: o.initial });
  return annealMachine(machine, o);
}

/** Anneals an existing p-bit machine as the options say. */
export function annealMachine(machine: PbitMachine, o: AnnealOptions): AnnealResult {
  const betas = betaSequence(o.schedule, o.sweeps);
  const order = o.order ?? 'sequential';
  const traceEvery = o.traceEvery ?? 0;
  const best = Int8Array.from(machine.spins);
  let bestEnergy = machine.energy;
  let bestSweep = 0;
  const trace: [number, number][] = [];
  const u0 = machine.updates,
    f0 = machine.flips,
    e0 = machine.edgeVisits;
  const quenchEvery = o.quenchEvery ?? 0;
  const quenched = quenchEvery > 0 ? new Int8Array(best.length) : null;
  let k = 0;
  while (k < betas.length) {
    machine.sweep(betas[k], order);
    k++;
    const e = machine.energy;
    if (e < bestEnergy) {
      bestEnergy = e;
      bestSweep = k;
      best.set(machine.spins);
    }
    if (quenched && (k % quenchEvery === 0 || k === betas.length)) {
      const eq = machine.quench(quenched);
      if (eq < bestEnergy) {
        bestEnergy = eq;
        bestSweep = k;
        best.set(quenched);
      }
    }
    if (traceEvery > 0 && (k % traceEvery === 0 || k === betas.length)) trace.push([k, e]);
    if (o.onSweep && o.onSweep(k, e, bestEnergy) === true) break;
    if (o.targetEnergy !== undefined && bestEnergy <= o.targetEnergy) break;
  }
  return {
    bestSpins: best,
    bestEnergy,
    finalEnergy: machine.energy,
    sweeps: k,
    bestSweep,
    updates: machine.updates - u0,
    flips: machine.flips - f0,
    edgeVisits: machine.edgeVisits - e0,
    trace,
  };
}
