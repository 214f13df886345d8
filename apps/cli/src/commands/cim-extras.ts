import type { Command } from 'commander';
import { Rng, getModel, resolveModelParams } from '@spinsnn/core';
import { CimTile, cimArenaFor, evaluatePuf, packBits, packedWords32, type TileCost } from '@spinsnn/backends';
import { CommandOutput, RunFolder } from '../run-folder.js';
import { intArg, numArg, parseDeviceParams, round } from '../util.js';

const collect = (v: string, prev: string[]) => [...prev, v];

/** Published efficiency figures the report sits beside (docs/cim.md §5). */
const PUBLISHED = [
  {
    work: 'Jung et al. (Samsung), Nature 601, 211 (2022), 64×64 MRAM resistance sum, 28 nm',
    topsPerW: 405,
    topsPerMm2: null,
    status:
      'UNVERIFIED: 405 TOPS/W is the review’s figure; the paper’s abstract and press release give none (262 TOPS/W, also quoted, may be a mix-up with a photonic core)',
  },
  {
    work: 'Myung et al. (Samsung), IEEE SSC-L 7, 295 (2024), 14 nm MRAM analog IMC',
    topsPerW: 340.8,
    topsPerMm2: 18.29,
    status: 'verified from the abstract (1-bit normalisation)',
  },
  { work: 'TSMC/NTHU, Nat. Electron. 2023, 22 nm STT-MRAM nvCIM', topsPerW: '30.1–68.0', topsPerMm2: null, status: 'verified from the abstract (dot product)' },
];

/** The configurations the efficiency report prices: array preset on its device. */
const CONFIGS = [
  { name: 'jung2022 (mram/stt, resistance sum, XNOR pairs)', arrayPreset: 'jung2022', device: 'mram/stt', preset: 'jung2022' },
  { name: 'lan2023 (sot/binary, current sum, XNOR pairs)', arrayPreset: 'lan2023', device: 'sot/binary', preset: undefined },
  {
    name: 'compound2024 (sot/multilevel 5 states, current sum, differential)',
    arrayPreset: 'compound2024',
    device: 'sot/multilevel',
    preset: 'compound4-acsami2024',
  },
];

/** Sources of each term of the cost model (docs/cim.md §4). */
const TERM_SOURCES = {
  cellJ:
    'current sum: V_read² · (G_min+G_max)/2 · senseTime per conducting cell (device readVoltage); resistance sum: readCurrent² · rows · R_avg · senseTime per column — device values docs/physics.md §7, senseTime/readCurrent assumed [U]',
  adcJ: 'cols × adcEnergy (assumed [U]: ~10 fJ/conversion-step × 2^5 steps)',
  driverJ: 'rows × driverEnergy (assumed [U]: C_WL ≈ 50 fF at 1 V)',
  areaM2: 'physical cells × cellArea (assumed [U] ≈ 60 F² at 28 nm) + cols × columnPeripheryArea (assumed [U])',
  latencyS: 'senseTime (assumed [U])',
};

/** Registers `cim efficiency`, `cim puf` and `cim bench`. */
export function registerCimExtras(cim: Command): void {
  cim
    .command('efficiency')
    .description('TOPS/W and TOPS/mm² of one tile MAC from the device and periphery parameters, every term shown, beside the published macros (docs/cim.md §5)')
    .option('--array-param <name=value>', 'cim/crossbar override applied to every configuration, repeatable (e.g. --array-param adcEnergy=1e-13)', collect, [])
    .option('--json', 'print one JSON line')
    .addHelpText('after', '\nExample:\n  spinsnn cim efficiency --json')
    .action((opts: { arrayParam: string[]; json?: boolean }) => {
      const am = getModel('cim/crossbar', 'array');
      const over = parseDeviceParams(opts.arrayParam, '--array-param');
      const rows = CONFIGS.map((c) => {
        const arr = resolveModelParams(am, c.arrayPreset, over, '--array-param');
        const dm = getModel(c.device, 'synapse');
        const dev = resolveModelParams(dm, c.preset, {});
        const w = new Float64Array(arr.rows * arr.cols).fill(1);
        const tile = new CimTile({ rows: arr.rows, cols: arr.cols, weights: w, device: c.device, deviceParams: dev, rng: new Rng(1), path: c.name }, arr);
        const k: TileCost = tile.cost();
        return {
          config: c.name,
          rows: arr.rows,
          cols: arr.cols,
          terms: { cellJ: k.cellJ, adcJ: k.adcJ, driverJ: k.driverJ, macs: k.macs, energyPerMacJ: k.energyPerMacJ, latencyS: k.latencyS, areaM2: k.areaM2 },
          topsPerW: round(k.topsPerW),
          topsPerMm2: round(k.topsPerMm2),
        };
      });
      const result = {
        model: 'one tile MAC, all rows active, 2 ops per MAC',
        sources: TERM_SOURCES,
        configurations: rows,
        published: PUBLISHED,
        note: 'every periphery value is an assumption [U]; the figures show what the terms imply, not a measurement. The 405 TOPS/W for Jung 2022 is unverified.',
      };
      new CommandOutput({ json: opts.json }).finish(result, () =>
        [
          ...rows.map(
            (r) =>
              `${r.config}: ${r.topsPerW} TOPS/W, ${r.topsPerMm2} TOPS/mm²\n    per tile MAC (${r.rows}×${r.cols}): cells ${fmt(r.terms.cellJ)} J + ADC ${fmt(r.terms.adcJ)} J + drivers ${fmt(r.terms.driverJ)} J = ${fmt(r.terms.energyPerMacJ)} J/MAC; ${fmt(r.terms.latencyS)} s; ${fmt(r.terms.areaM2 * 1e12)} µm²`,
          ),
          'published:',
          ...PUBLISHED.map((p) => `  ${p.work}: ${p.topsPerW} TOPS/W${p.topsPerMm2 ? `, ${p.topsPerMm2} TOPS/mm²` : ''} — ${p.status}`),
          'every periphery value above is an assumption [U] (docs/cim.md §5).',
        ].join('\n'),
      );
    });

  cim
    .command('puf')
    .description(
      'spintronic PUF from the device-to-device resistance spread of an MRAM array: uniformity, uniqueness (inter-chip HD), reliability (intra-chip HD over re-reads with read noise and temperature), majority-vote stabilisation (docs/cim.md §4)',
    )
    .option('--device <id>', 'synapse device of the cells', 'mram/stt')
    .option('--preset <name>', 'device preset', 'jung2022')
    .option('--param <name=value>', 'device parameter override, repeatable (e.g. --param resistanceSpread=0.05)', collect, [])
    .option('--cells <n>', 'cells per chip', intArg(2, 1 << 22), 4096)
    .option('--bits <n>', 'response bits per challenge (disjoint cell pairs)', intArg(1, 1 << 21), 128)
    .option('--chips <n>', 'chips (independent device draws)', intArg(2, 1000), 20)
    .option('--challenges <n>', 'challenges per chip', intArg(1, 10000), 20)
    .option('--read-noise <sigma>', 'relative read-noise σ per read', numArg({ min: 0, max: 1 }), 0.01)
    .option('--temp-coeff <perK>', 'mean relative temperature coefficient of R (1/K)', numArg({ min: -0.1, max: 0.1 }), -0.0005)
    .option('--temp-coeff-spread <perK>', 'cell-to-cell σ of the temperature coefficient (1/K)', numArg({ min: 0, max: 0.1 }), 0.00005)
    .option('--temperatures <list>', 'comma-separated re-read temperatures (K)', '273,300,358')
    .option('--rereads <n>', 're-reads per temperature', intArg(1, 10000), 5)
    .option('--votes <n>', 'reads per majority vote (odd)', intArg(1, 10001), 15)
    .option('--mask-margin <frac>', 'mask pairs whose enrolled relative difference is below this (0 = none)', numArg({ min: 0, max: 1 }), 0.01)
    .option('--seed <n>', 'seed', intArg(0, 2 ** 31 - 1), 1)
    .option('--out <dir>', 'run folder (default runs/cim-puf-<time>)')
    .option('--force', 'write into a non-empty run folder')
    .option('--json', 'print one JSON line')
    .addHelpText('after', '\nExample:\n  spinsnn cim puf --chips 20 --challenges 20 --json')
    .action(
      (opts: {
        device: string;
        preset: string;
        param: string[];
        cells: number;
        bits: number;
        chips: number;
        challenges: number;
        readNoise: number;
        tempCoeff: number;
        tempCoeffSpread: number;
        temperatures: string;
        rereads: number;
        votes: number;
        maskMargin: number;
        seed: number;
        out?: string;
        force?: boolean;
        json?: boolean;
      }) => {
        const dm = getModel(opts.device, 'synapse', '--device');
        const dev = resolveModelParams(dm, opts.preset === 'none' ? undefined : opts.preset, parseDeviceParams(opts.param, '--param'), '--param');
        const temps = opts.temperatures.split(',').map(Number);
        const run = new RunFolder('cim-puf', { out: opts.out, json: opts.json });
        run.prepare({ force: opts.force });
        const config = {
          device: opts.device,
          preset: opts.preset,
          deviceParams: dev,
          cells: opts.cells,
          bits: opts.bits,
          chips: opts.chips,
          challenges: opts.challenges,
          readNoise: opts.readNoise,
          tempCoeff: opts.tempCoeff,
          tempCoeffSpread: opts.tempCoeffSpread,
          temperatures: temps,
          rereads: opts.rereads,
          votes: opts.votes,
          maskMargin: opts.maskMargin,
          seed: opts.seed,
        };
        run.writeConfig(config);
        const c0 = process.cpuUsage();
        const rep = evaluatePuf({ ...config, device: opts.device, deviceParams: dev, t0: 300 });
        const c1 = process.cpuUsage(c0);
        const summary = {
          ...rep,
          cpuS: round((c1.user + c1.system) / 1e6),
          published: 'TSMC/NTHU Nat. Electron. 2023: inter-chip HD 0.4999, intra-chip HD 0 [V abstract]',
          targets: { uniqueness: '0.50 ± 0.01', reliability: '≥ 0.999 after stabilisation' },
        };
        run.writeSummary(summary);
        run.finish(
          summary,
          () =>
            `uniformity ${rep.uniformity.mean.toFixed(4)} ± ${rep.uniformity.sd.toFixed(4)}, uniqueness ${rep.uniqueness.mean.toFixed(4)} ± ${rep.uniqueness.sd.toFixed(4)}\nreliability: single read ${(100 * rep.reliability.singleRead).toFixed(3)} %, majority of ${opts.votes} ${(100 * rep.reliability.majorityVote).toFixed(3)} %, + mask ${(100 * rep.reliability.voteAndMask).toFixed(4)} % (${(100 * rep.keptFraction).toFixed(1)} % of bits kept)\nrun folder ${run.dir}`,
        );
      },
    );

  cim
    .command('bench')
    .description(
      'throughput of the array kernels in CPU-seconds: bit-packed XNOR-popcount (binary tiles) and the blocked analog MAC, in cell-MACs per CPU-second',
    )
    .option('--rows <n>', 'rows (inputs) of the benchmark layer', intArg(1, 1 << 16), 1024)
    .option('--cols <n>', 'columns (outputs)', intArg(1, 1 << 16), 256)
    .option('--batch <n>', 'input vectors per kernel call', intArg(1, 4096), 256)
    .option('--seconds <s>', 'CPU time to spend per kernel', numArg({ positive: true, max: 120 }), 2)
    .option('--json', 'print one JSON line')
    .addHelpText('after', '\nExample:\n  spinsnn cim bench --json')
    .action((opts: { rows: number; cols: number; batch: number; seconds: number; json?: boolean }) => {
      const { rows, cols, batch } = opts;
      const words = packedWords32(rows);
      const arena = cimArenaFor('wasm', 4 * words * (batch + cols) + 4 * batch * cols + 8 * (batch * rows + rows * cols + cols + batch * cols) + 4096)!;
      const rng = new Rng(1);
      const xb = arena.i32(batch * words),
        wb = arena.i32(cols * words),
        out = arena.i32(batch * cols);
      packBits(
        Float64Array.from({ length: batch * rows }, () => (rng.uniform() < 0.5 ? 1 : 0)),
        rows,
        batch,
        xb,
      );
      packBits(
        Float64Array.from({ length: cols * rows }, () => (rng.uniform() < 0.5 ? 1 : 0)),
        rows,
        cols,
        wb,
      );
      const time = (f: () => void) => {
        let calls = 0;
        const c0 = process.cpuUsage();
        const t0 = performance.now();
        let cpu = 0;
        while (cpu < opts.seconds) {
          f();
          calls++;
          const c = process.cpuUsage(c0);
          cpu = (c.user + c.system) / 1e6;
        }
        return { calls, cpuS: cpu, wallS: (performance.now() - t0) / 1000 };
      };
      const b = time(() => arena.exports.xnorMismatch(batch, words >> 1, cols, xb.byteOffset, wb.byteOffset, out.byteOffset));
      const x = arena.f64(batch * rows),
        d = arena.f64(rows * cols),
        base = arena.f64(cols),
        o = arena.f64(batch * cols);
      for (let k = 0; k < x.length; k++) x[k] = rng.uniform();
      for (let k = 0; k < d.length; k++) d[k] = rng.normal();
      const a = time(() => arena.exports.analogMac(batch, rows, cols, x.byteOffset, d.byteOffset, base.byteOffset, o.byteOffset));
      const cell = rows * cols * batch;
      const result = {
        layer: { rows, cols, batch },
        binaryXnorPopcount: { cellMacsPerCpuS: round((cell * b.calls) / b.cpuS), cellMacsPerWallS: round((cell * b.calls) / b.wallS), calls: b.calls },
        analogBlocked: { cellMacsPerCpuS: round((cell * a.calls) / a.cpuS), cellMacsPerWallS: round((cell * a.calls) / a.wallS), calls: a.calls },
        target: 'binary tiles ≥ 1e9 cell-MACs/s per core',
        machine: 'shared 2-core machine loaded by other jobs; CPU-seconds are the comparable figure',
      };
      new CommandOutput({ json: opts.json }).finish(
        result,
        () =>
          `XNOR-popcount: ${fmt(result.binaryXnorPopcount.cellMacsPerCpuS)} cell-MACs per CPU-s\nanalog blocked: ${fmt(result.analogBlocked.cellMacsPerCpuS)} cell-MACs per CPU-s (${rows}×${cols}, batch ${batch})`,
      );
    });
}

function fmt(x: number): string {
  return x.toPrecision(4);
}
