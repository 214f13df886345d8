import type { Command } from 'commander';
import { EnergyLedger, InternalError, formatQuantity, Rng, getModel, resolveModelParams } from '@spinsnn/core';
import { CommandOutput } from '../run-folder.js';
import { SotMultilevelStore, standaloneContext, type Pulse } from '@spinsnn/backends';
import { intArg, peakRssMB, round } from '../util.js';

export interface DeviceBenchResult {
  benchmark: 'devices';
  model: string;
  preset: string | null;
  synapses: number;
  seed: number;
  buildS: number;
  /** One random pulse (random polarity, nominal amplitude/width) on every synapse. */
  pulseS: number;
  pulsesPerS: number;
  /** One requested random weight change on every synapse (NeuroSim pulse-count path). */
  requestS: number;
  /** One noisy read (read noise on) of every synapse. */
  readS: number;
  readsPerS: number;
  readNoise: number;
  /** CPU time (user + system) of the same phases: robust to other processes sharing the cores. */
  cpu: { pulseS: number; requestS: number; readS: number };
  writeEnergyJ: number;
  peakRssMB: number;
  targets: { pulsesUnder1s: boolean; readsUnder50ms: boolean };
}

/** `spinsnn bench devices`: a million multi-level SOT synapses, pulsed and read. */
export function registerBenchDevices(bench: Command): void {
  bench
    .command('devices')
    .description('device throughput: N multi-level SOT synapses each take one random pulse, one requested change, and one read with read noise')
    .option('--synapses <n>', 'number of synapses', intArg(1, 50_000_000), 1_000_000)
    .option('--preset <name>', 'sot/multilevel preset', 'hsin2025')
    .option('--seed <n>', 'random seed', intArg(0, 2 ** 32 - 1), 1)
    .option('--json', 'print exactly one JSON line and nothing else on stdout')
    .action((opts: { synapses: number; preset: string; seed: number; json?: boolean }) => {
      const r = runDeviceBench(opts.synapses, opts.preset, opts.seed);
      new CommandOutput({ json: opts.json }).finish(r, () =>
        [
          `sot/multilevel (${r.preset}) × ${r.synapses} synapses, seed ${r.seed}`,
          `  build            ${r.buildS.toFixed(3)} s`,
          `  1 pulse each     ${r.pulseS.toFixed(3)} s  (${(r.pulsesPerS / 1e6).toFixed(1)} M pulses/s; target < 1 s: ${r.targets.pulsesUnder1s ? 'met' : 'MISSED'})`,
          `  1 request each   ${r.requestS.toFixed(3)} s`,
          `  1 noisy read each ${(r.readS * 1e3).toFixed(1)} ms  (σ_read ${r.readNoise}; target < 50 ms: ${r.targets.readsUnder50ms ? 'met' : 'MISSED'})`,
          `  write energy     ${formatQuantity(r.writeEnergyJ, 'J')}`,
          `  peak RSS         ${r.peakRssMB.toFixed(1)} MB`,
        ].join('\n'),
      );
    });
}

export function runDeviceBench(n: number, preset: string, seed: number): DeviceBenchResult {
  const model = getModel('sot/multilevel', 'synapse');
  const params = resolveModelParams(model, preset, {});
  if (!(params.readNoise > 0)) params.readNoise = 0.01; // the read target is about noisy reads
  const rng = new Rng(seed, 1);
  const w0 = new Float64Array(n);
  for (let s = 0; s < n; s++) w0[s] = rng.uniform();
  // the workload's random choices are drawn up front so the timings measure the device
  const polarity = new Int8Array(n);
  const dw = new Float64Array(n);
  for (let s = 0; s < n; s++) {
    polarity[s] = rng.uniform32() < 0.5 ? 1 : -1;
    dw[s] = (rng.uniform() - 0.5) * 0.4;
  }
  const ledger = new EnergyLedger();
  let t0 = performance.now();
  const store = new SotMultilevelStore(standaloneContext({ size: n, rng: new Rng(seed, 2), ledger, initialWeights: w0, component: 'bench' }), params);
  const buildS = (performance.now() - t0) / 1e3;

  const up: Pulse = { ...store.nominalPulse, polarity: 1 };
  const down: Pulse = { ...store.nominalPulse, polarity: -1 };
  const cpuS = (c: NodeJS.CpuUsage) => (c.user + c.system) / 1e6;
  t0 = performance.now();
  let c0 = process.cpuUsage();
  for (let s = 0; s < n; s++) store.applyPulse(s, polarity[s] > 0 ? up : down, 0);
  const pulseS = (performance.now() - t0) / 1e3;
  const pulseCpu = cpuS(process.cpuUsage(c0));

  t0 = performance.now();
  c0 = process.cpuUsage();
  for (let s = 0; s < n; s++) store.requestChange(s, dw[s], 1e-6);
  const requestS = (performance.now() - t0) / 1e3;
  const requestCpu = cpuS(process.cpuUsage(c0));

  t0 = performance.now();
  c0 = process.cpuUsage();
  let sink = 0;
  for (let s = 0; s < n; s++) sink += store.read(s);
  const readS = (performance.now() - t0) / 1e3;
  const readCpu = cpuS(process.cpuUsage(c0));
  if (!Number.isFinite(sink)) throw new InternalError('bench devices: a device read was not finite');

  return {
    benchmark: 'devices',
    model: 'sot/multilevel',
    preset,
    synapses: n,
    seed,
    buildS: round(buildS),
    pulseS: round(pulseS),
    pulsesPerS: round(n / pulseS),
    requestS: round(requestS),
    readS: round(readS),
    readsPerS: round(n / readS),
    readNoise: params.readNoise,
    cpu: { pulseS: round(pulseCpu), requestS: round(requestCpu), readS: round(readCpu) },
    writeEnergyJ: round(ledger.rows().reduce((a, r) => a + r.energyJ, 0)),
    peakRssMB: round(peakRssMB()),
    targets: { pulsesUnder1s: pulseS < 1, readsUnder50ms: readS < 0.05 },
  };
}
