import type { Command } from 'commander';
import { Option } from 'commander';
import { resolve } from 'node:path';
import { Rng, SpecError } from '@spinsnn/core';
import {
  defaultStno,
  StnoArrayReservoir,
  StnoMultiplexedReservoir,
  defaultShno,
  randomBinaryMask,
  shnoDerived,
  shnoNu,
  stnoDerived,
  type StnoCoupling,
  type StnoDetector,
} from '@spinsnn/backends';
import { Cochleagram, FSDD_FRAMING, LogMelSpectrogram, Mfcc, fsddSpeakers, subtractBandMeans, type FeatureMatrix, type FsddClip } from '@spinsnn/datasets';
import { listFsdd, readFsddClip, resolveFsddDir } from '@spinsnn/datasets/node';
import {
  DEFAULT_LAMBDAS,
  EchoStateNetwork,
  NoReservoir,
  accuracy,
  channelStats,
  clipCmvn,
  groupCmvn,
  withDeltas,
  pooledStates,
  ridgeClassifierSelect,
  type StateRunner,
} from '@spinsnn/learning';
import type { TopLevelSpec } from 'vega-lite';
import { RunFolder } from '../run-folder.js';
import { ArgumentError, intArg, numArg, round } from '../util.js';
import { findDataset } from './datasets.js';
import { registerSpeechMap } from './speech-map.js';

/**
 * `spinsnn speech fsdd`: spoken digits through a reservoir and a ridge readout (issue 13 item 1;
 * docs/oscillators.md). The four reservoirs share the features, the standardisation and the
 * readout, so the table shows what each adds over the preprocessing alone.
 */
/** Reservoir kinds of `speech fsdd`. */
export const RESERVOIRS = ['stno', 'stno-array', 'shno-array', 'esn', 'none'] as const;
/** One reservoir kind. */
export type ReservoirKind = (typeof RESERVOIRS)[number];

/** Options of `speech fsdd` after parsing. */
export interface SpeechOpts {
  data?: string;
  split: string;
  reservoir: string;
  features: 'cochleagram' | 'logmel' | 'mfcc';
  bands?: number;
  clipNorm?: boolean;
  norm: 'none' | 'clip-cmvn' | 'speaker-cmvn';
  deltas?: boolean;
  segments: number;
  nodes: number;
  zeta: number;
  dzeta: number;
  theta: number;
  temperature: number;
  detector: StnoDetector;
  bandwidth: number;
  ampNoise: number;
  arraySize: number;
  arraySamples: number;
  frameTime: number;
  coupling: StnoCoupling;
  kappa: number;
  spread: number;
  esnSize?: number;
  spectralRadius: number;
  esnInputScale: number;
  resistance: number;
  ampPower: number;
  seed: number;
  out?: string;
  force?: boolean;
  json?: boolean;
}

/** One reservoir's result on one split. */
interface SplitResult {
  split: string;
  accuracy: number;
  lambda: number;
  testClips: number;
}

/** One reservoir's figures. */
interface ReservoirResult {
  reservoir: ReservoirKind;
  stateDim: number;
  accuracy: number;
  folds: SplitResult[];
  statesCpuS: number;
  readoutCpuS: number;
  energyPerUtteranceJ: number | null;
  latencyPerUtteranceS: number | null;
}

const cpuS = (u: NodeJS.CpuUsage): number => (u.user + u.system) / 1e6;

function parseReservoirs(s: string): ReservoirKind[] {
  const list = s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
  for (const r of list)
    if (!(RESERVOIRS as readonly string[]).includes(r))
      throw new ArgumentError('--reservoir', `one or more of ${RESERVOIRS.join(', ')} separated by commas, got "${r}"`);
  if (list.length === 0) throw new ArgumentError('--reservoir', `one or more of ${RESERVOIRS.join(', ')}`);
  return [...new Set(list)] as ReservoirKind[];
}

/** The feature extractor of `--features`. */
export function extractor(kind: SpeechOpts['features'], bands?: number): (x: Float32Array) => FeatureMatrix {
  if (kind === 'logmel') {
    const e = new LogMelSpectrogram({ ...FSDD_FRAMING, nMels: bands ?? 32 });
    return (x) => e.compute(x);
  }
  if (kind === 'mfcc') {
    const e = new Mfcc({ ...FSDD_FRAMING, nMels: 40, nCoeffs: bands ?? 13 });
    return (x) => e.compute(x);
  }
  const e = new Cochleagram({ ...FSDD_FRAMING, channels: bands ?? 32 });
  return (x) => e.compute(x);
}

/** Features of every clip with the chosen normalisation and deltas (the same for every reservoir). */
export function prepareFeatures(clips: readonly FsddClip[], read: (c: FsddClip) => Float32Array, o: SpeechOpts, onClip?: (i: number) => void): FeatureMatrix[] {
  const ex = extractor(o.features, o.bands);
  let feats: FeatureMatrix[] = clips.map((c, i) => {
    onClip?.(i);
    const m = ex(read(c));
    return o.clipNorm ? subtractBandMeans(m) : m;
  });
  if (o.norm === 'clip-cmvn') feats = clipCmvn(feats);
  else if (o.norm === 'speaker-cmvn')
    feats = groupCmvn(
      feats,
      clips.map((c) => c.speaker),
    );
  if (o.deltas) feats = feats.map((m) => withDeltas(m));
  return feats;
}

/** Test accuracy of one reservoir on one official-split fold (states, ridge readout with λ chosen on validation); wall seconds. */
export function officialAccuracy(
  kind: ReservoirKind,
  clips: readonly FsddClip[],
  feats: readonly FeatureMatrix[],
  o: SpeechOpts,
): { accuracy: number; lambda: number; wallS: number } {
  const t0 = performance.now();
  const f = folds(clips, 'official')[0];
  const built = buildReservoir(kind, feats[0].bands, o);
  const width = built.runner.width * o.segments;
  const norm = channelStats(feats, f.train);
  const use = [...f.train, ...f.test];
  const x = pooledStates(
    use.map((i) => feats[i]),
    built.runner,
    norm,
    o.segments,
  );
  const nTr = f.train.length;
  const sel = ridgeClassifierSelect(
    x.subarray(0, nTr * width),
    f.train.map((i) => clips[i].digit),
    width,
    10,
    Uint8Array.from(f.train, (i) => (f.val(i) ? 1 : 0)),
    DEFAULT_LAMBDAS,
  );
  const accuracy_ = accuracy(
    sel.readout.classify(x.slice(nTr * width), f.test.length),
    f.test.map((i) => clips[i].digit),
  );
  return { accuracy: accuracy_, lambda: sel.lambda, wallS: (performance.now() - t0) / 1000 };
}

/** The default STNO (preset `slavin-oop`) at the chosen temperature. */
function stnoParams(temperature: number) {
  return { ...defaultStno(), temperature };
}

/** A reservoir of the chosen kind plus its energy book-keeping. */
export interface BuiltReservoir {
  runner: StateRunner;
  /** Device time and ∫I² dt so far (null for software reservoirs). */
  meter: (() => { time: number; i2: number }) | null;
}

/** Builds one reservoir of the chosen kind from the options. */
export function buildReservoir(kind: ReservoirKind, channels: number, o: SpeechOpts): BuiltReservoir {
  const rng = new Rng(o.seed, 0x5eec);
  if (kind === 'none') return { runner: new NoReservoir(channels), meter: null };
  if (kind === 'esn') {
    const esn = new EchoStateNetwork(
      { size: o.esnSize ?? o.nodes, inputs: channels, spectralRadius: o.spectralRadius, inputScale: o.esnInputScale / Math.sqrt(channels) },
      rng,
    );
    return { runner: { width: esn.n, run: (i, f, out) => esn.run(i, f, out) }, meter: null };
  }
  const p = stnoParams(o.temperature);
  if (kind === 'shno-array') {
    // SHNO grid (docs/oscillators.md §6.3): the preset's 300 K linewidth scaled ∝ T, nearest-neighbour
    // coupling at the in-phase-stable phase ψ = arctan ν
    const base = defaultShno();
    const sh = { ...base, linewidth: (base.linewidth * o.temperature) / 300 };
    const ds = shnoDerived(sh);
    const tauS = 1 / (2 * ds.gammaG * Math.abs(o.zeta - 1));
    const a = new StnoArrayReservoir({
      params: p,
      derived: ds,
      size: o.arraySize,
      channels,
      mask: randomBinaryMask(channels, o.arraySize, rng),
      iDc: o.zeta * ds.ith,
      deltaI: o.dzeta * ds.ith,
      frameTime: o.frameTime * tauS,
      steps: 2 * o.arraySamples,
      samples: o.arraySamples,
      coupling: 'dipolar',
      kappa: o.kappa * ds.gammaG,
      couplingPhase: Math.atan(shnoNu(sh, o.zeta)),
      spread: o.spread,
      rng,
    });
    return { runner: { width: a.width, run: (i, f, out) => a.run(i, f, out) }, meter: () => ({ time: a.deviceTime, i2: a.i2Time }) };
  }
  const d = stnoDerived(p);
  const iDc = o.zeta * d.ith;
  const tau = 1 / (2 * d.gammaG * Math.abs(o.zeta - 1));
  if (kind === 'stno') {
    const r = new StnoMultiplexedReservoir({
      params: p,
      nodes: o.nodes,
      channels,
      mask: randomBinaryMask(channels, o.nodes, rng),
      iDc,
      deltaI: o.dzeta * d.ith,
      theta: o.theta * tau,
      detector: o.detector,
      bandwidth: o.bandwidth,
      ampNoise: o.ampNoise,
      rng,
    });
    return { runner: { width: o.nodes, run: (i, f, out) => r.run(i, f, out) }, meter: () => ({ time: r.deviceTime, i2: r.i2Time }) };
  }
  const a = new StnoArrayReservoir({
    params: p,
    size: o.arraySize,
    channels,
    mask: randomBinaryMask(channels, o.arraySize, rng),
    iDc,
    deltaI: o.dzeta * d.ith,
    frameTime: o.frameTime * tau,
    steps: 2 * o.arraySamples,
    samples: o.arraySamples,
    coupling: o.coupling,
    kappa: o.kappa * d.gammaG,
    spread: o.spread,
    rng,
  });
  return { runner: { width: a.width, run: (i, f, out) => a.run(i, f, out) }, meter: () => ({ time: a.deviceTime, i2: a.i2Time }) };
}

/** The folds of a split spec: official, loso (every speaker in turn) or speaker:NAME. */
export function folds(clips: readonly FsddClip[], spec: string): { name: string; train: number[]; test: number[]; val: (i: number) => boolean }[] {
  const idx = clips.map((_, i) => i);
  if (spec === 'official') {
    // validation: takes 5–9 of the training takes (5–49)
    return [{ name: 'official', train: idx.filter((i) => clips[i].take >= 5), test: idx.filter((i) => clips[i].take < 5), val: (i) => clips[i].take < 10 }];
  }
  const speakers = fsddSpeakers(clips);
  const one = (s: string) => {
    // validation: the next speaker in alphabetical order (speaker-independent, like the test)
    const v = speakers[(speakers.indexOf(s) + 1) % speakers.length];
    return {
      name: `speaker:${s}`,
      train: idx.filter((i) => clips[i].speaker !== s),
      test: idx.filter((i) => clips[i].speaker === s),
      val: (i: number) => clips[i].speaker === v,
    };
  };
  if (spec === 'loso') {
    if (speakers.length < 3) throw new SpecError('split', 'at least 3 speakers for leave-one-speaker-out (train, validation, test)', speakers.length);
    return speakers.map(one);
  }
  if (spec.startsWith('speaker:')) {
    const s = spec.slice('speaker:'.length);
    if (!speakers.includes(s)) throw new ArgumentError('--split', `speaker:NAME with NAME one of ${speakers.join(', ')}, got "${s}"`);
    return [one(s)];
  }
  throw new ArgumentError('--split', `"official", "loso" or "speaker:NAME", got "${spec}"`);
}

/** Registers `spinsnn speech`. */
export function registerSpeech(program: Command): void {
  const speech = program.command('speech').description('spoken-digit recognition with spintronic and software reservoirs and a ridge readout');
  const fsddCmd = speech
    .command('fsdd')
    .description(
      'Free Spoken Digit Dataset through a single time-multiplexed STNO, an array of coupled STNOs, a 2-D SHNO array, an echo-state network or no reservoir; the same ridge readout for each',
    )
    .option('--data <dir>', 'FSDD clone or its recordings/ folder (default: $SPINSNN_DATA/fsdd if present)')
    .option('--split <split>', '"official" (takes 0–4 test), "loso" (leave each speaker out in turn; the mean is reported) or "speaker:NAME"', 'official')
    .option('--reservoir <list>', `comma-separated reservoirs: ${RESERVOIRS.join(', ')}`, RESERVOIRS.join(','))
    .addOption(new Option('--features <kind>', 'input features').choices(['cochleagram', 'logmel', 'mfcc']).default('cochleagram'))
    .option('--bands <n>', 'cochlear channels (default 32) / mel bands (32) / MFCC coefficients (13)', intArg(2, 256))
    .option('--clip-norm', "subtract each clip's per-band mean first (channel normalisation)")
    .addOption(
      new Option(
        '--norm <kind>',
        'mean-and-variance normalisation per band: of each clip, or of each speaker over its own (unlabelled) clips — the held-out speaker included, no label used',
      )
        .choices(['none', 'clip-cmvn', 'speaker-cmvn'])
        .default('none'),
    )
    .option('--deltas', 'append regression deltas (±2 frames) to the features, doubling the channels')
    .option('--segments <n>', 'readout input: the states averaged over n equal parts of the utterance (1: time average)', intArg(1, 16), 1)
    .option('--nodes <n>', 'single STNO: virtual nodes per frame N_v', intArg(1, 10_000), 400)
    .option('--zeta <x>', 'bias current I_dc / I_th (single STNO and array)', numArg({ positive: true }), 1.5)
    .option('--dzeta <x>', 'input current ΔI / I_th per unit of normalised masked input', numArg({ min: 0 }), 0.5)
    .option('--theta <x>', 'single STNO: virtual-node duration θ in units of τ_relax at the bias', numArg({ positive: true }), 0.25)
    .option('--temperature <K>', "temperature of the oscillators' thermal noise (K; 0 = none)", numArg({ min: 0 }), 0)
    .addOption(
      new Option('--detector <kind>', 'single STNO read-out: RF envelope (cOut·√p) or square-law rectified voltage (cOut²·p)')
        .choices(['amplitude', 'power'])
        .default('amplitude'),
    )
    .option('--bandwidth <Hz>', 'single STNO read-out bandwidth (first-order low-pass; 0 = unlimited)', numArg({ min: 0 }), 0)
    .option('--amp-noise <V/√Hz>', 'single STNO amplifier input noise density (needs --bandwidth)', numArg({ min: 0 }), 0)
    .option('--array-size <n>', 'STNO/SHNO array: oscillators N (SHNO: on a ⌈√N⌉-wide grid)', intArg(1, 4096), 100)
    .option('--array-samples <n>', 'STNO array: amplitude samples per frame (states = N × samples)', intArg(1, 64), 4)
    .option('--frame-time <x>', 'STNO array: hold time of one frame in units of τ_relax', numArg({ positive: true }), 2)
    .addOption(
      new Option('--coupling <kind>', 'STNO array coupling: a shared line (mean field) or nearest neighbours on a grid')
        .choices(['electrical', 'dipolar', 'none'])
        .default('electrical'),
    )
    .option('--kappa <x>', 'STNO array coupling strength in units of Γ_G', numArg({ min: 0 }), 0.5)
    .option('--spread <x>', 'STNO array: relative device-to-device spread of threshold and frequency', numArg({ min: 0, max: 0.49 }), 0)
    .option('--esn-size <n>', "ESN units (default: --nodes, the single STNO's size)", intArg(1, 10_000))
    .option('--spectral-radius <x>', 'ESN spectral radius', numArg({ min: 0 }), 0.9)
    .option('--esn-input-scale <x>', 'ESN input weights uniform in ±x/√channels', numArg({ positive: true }), 1)
    .option('--resistance <ohm>', 'MTJ resistance for the bias energy R∫I²dt (assumed, docs/oscillators.md §1.4)', numArg({ positive: true }), 300)
    .option('--amp-power <W>', 'read-out amplifier power while an utterance runs (assumed)', numArg({ min: 0 }), 1e-3)
    .option('--seed <n>', 'seed of masks, ESN weights, device spread and noise', intArg(0, 2 ** 32 - 1), 1)
    .option('--out <dir>', 'run folder (default runs/speech-fsdd-<split>-<time>)')
    .option('--force', 'write into a non-empty --out (its files are overwritten)')
    .option('--json', 'print exactly one JSON line')
    .addHelpText(
      'after',
      '\nExamples:\n  spinsnn speech fsdd --split official --json\n  spinsnn speech fsdd --split loso --reservoir stno,none\n  spinsnn speech fsdd --split loso --norm speaker-cmvn --deltas --segments 3 --reservoir stno,none --json\n  spinsnn speech fsdd --reservoir stno --temperature 300 --bandwidth 2e9 --amp-noise 1e-9',
    )
    .action(async (opts: SpeechOpts) => {
      const kinds = parseReservoirs(opts.reservoir);
      if (opts.ampNoise > 0 && opts.bandwidth === 0)
        throw new ArgumentError('--amp-noise', 'a finite --bandwidth as well (white noise over unlimited bandwidth has infinite power)');
      if (Math.abs(opts.zeta - 1) < 1e-3) throw new ArgumentError('--zeta', 'a bias away from threshold (τ_relax diverges at ζ = 1)');
      const dir = opts.data ?? findDataset('fsdd');
      if (!dir) throw new ArgumentError('--data', 'FSDD not found: pass --data DIR (git clone https://github.com/Jakobovski/free-spoken-digit-dataset)');
      const clips = listFsdd(dir);
      const fs = folds(clips, opts.split);
      const run = new RunFolder(`speech-fsdd-${opts.split.replace(':', '-')}`, { out: opts.out, json: opts.json });
      run.prepare({ force: opts.force });
      const config = {
        command: 'speech fsdd',
        ...opts,
        data: resolve(resolveFsddDir(dir)),
        reservoirs: kinds,
        lambdas: DEFAULT_LAMBDAS,
        node: process.version,
      };
      run.writeConfig(config);
      run.writeMetrics([]);
      const c0 = process.cpuUsage();
      const progress = run.progress('speech fsdd');
      const feats = prepareFeatures(clips, readFsddClip, opts, (i) => progress.update(i / clips.length, 'features'));
      const featuresCpuS = cpuS(process.cpuUsage(c0));
      const labels = clips.map((c) => c.digit);
      const results: ReservoirResult[] = [];
      const curves: { x: number; y: number; series: string }[] = [];
      for (const kind of kinds) {
        let statesCpu = 0,
          readoutCpu = 0,
          time = 0,
          i2 = 0,
          utterances = 0;
        const foldResults: SplitResult[] = [];
        let width = 0;
        for (const f of fs) {
          const built = buildReservoir(kind, feats[0].bands, opts);
          width = built.runner.width * opts.segments;
          const norm = channelStats(feats, f.train);
          const before = built.meter?.() ?? { time: 0, i2: 0 };
          const s0 = process.cpuUsage();
          // states of the training and test clips only (for official: all 3000)
          const use = [...f.train, ...f.test];
          const x = pooledStates(
            use.map((i) => feats[i]),
            built.runner,
            norm,
            opts.segments,
            (k) => progress.update(k / use.length, `${kind} ${f.name}`),
          );
          statesCpu += cpuS(process.cpuUsage(s0));
          const after = built.meter?.() ?? { time: 0, i2: 0 };
          time += after.time - before.time;
          i2 += after.i2 - before.i2;
          utterances += use.length;
          const r0 = process.cpuUsage();
          const nTr = f.train.length;
          const xTr = x.subarray(0, nTr * width),
            xTe = x.subarray(nTr * width);
          const sel = ridgeClassifierSelect(
            xTr,
            f.train.map((i) => labels[i]),
            width,
            10,
            Uint8Array.from(f.train, (i) => (f.val(i) ? 1 : 0)),
            DEFAULT_LAMBDAS,
          );
          const acc = accuracy(
            sel.readout.classify(xTe.slice(), f.test.length),
            f.test.map((i) => labels[i]),
          );
          readoutCpu += cpuS(process.cpuUsage(r0));
          const fr: SplitResult = { split: f.name, accuracy: round(acc, 6), lambda: sel.lambda, testClips: f.test.length };
          foldResults.push(fr);
          run.appendMetrics({ reservoir: kind, ...fr, validation: sel.curve });
          if (f === fs[0]) for (const c of sel.curve) curves.push({ x: c.lambda, y: c.accuracy, series: kind });
        }
        const meanAcc = foldResults.reduce((s, r) => s + r.accuracy, 0) / foldResults.length;
        const device = kind === 'stno' || kind === 'stno-array' || kind === 'shno-array';
        const latency = device ? time / utterances : null;
        results.push({
          reservoir: kind,
          stateDim: width,
          accuracy: round(meanAcc, 6),
          folds: foldResults,
          statesCpuS: round(statesCpu),
          readoutCpuS: round(readoutCpu),
          energyPerUtteranceJ: device ? round((opts.resistance * i2) / utterances + opts.ampPower * latency!) : null,
          latencyPerUtteranceS: latency === null ? null : round(latency),
        });
      }
      progress.done();
      const summary = {
        dataset: 'fsdd',
        split: opts.split,
        features: opts.features,
        clips: clips.length,
        featuresCpuS: round(featuresCpuS),
        results,
        machineNote: 'CPU seconds from process.cpuUsage (single thread); wall time depends on the machine load',
        runDir: run.dir,
      };
      run.writeSummary(summary);
      run.writeFile('table.md', tableMd(summary.results, opts));
      await run.writePlot('accuracy.svg', barSpec(results, `FSDD ${opts.split} (${opts.features}): test accuracy per reservoir, same ridge readout`));
      await run.writePlot('validation.svg', lambdaSpec(curves, `FSDD ${fs[0].name}: validation accuracy vs ridge regulariser`));
      run.finish(summary, () => `${tableMd(results, opts)}\n  run folder ${run.dir}`);
    });
  // `speech map` runs grid points with these defaults (the options of `speech fsdd` not on its axes)
  registerSpeechMap(
    speech,
    () => Object.fromEntries(fsddCmd.options.filter((x) => x.defaultValue !== undefined).map((x) => [x.attributeName(), x.defaultValue])) as SpeechOpts,
  );
}

function tableMd(results: readonly ReservoirResult[], o: SpeechOpts): string {
  const rows = results.map(
    (r) =>
      `| ${r.reservoir} | ${r.stateDim} | ${(100 * r.accuracy).toFixed(2)} % | ${r.statesCpuS} | ${r.readoutCpuS} | ${r.energyPerUtteranceJ ?? '–'} | ${r.latencyPerUtteranceS ?? '–'} |`,
  );
  return [
    `FSDD ${o.split}, ${o.features} features, ridge readout on time-averaged states`,
    '',
    '| reservoir | state dim | accuracy | states CPU s | readout CPU s | energy/utterance (J) | latency/utterance (s) |',
    '|---|---|---|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}

function barSpec(results: readonly ReservoirResult[], title: string): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    width: 360,
    height: 240,
    data: { values: results.map((r) => ({ reservoir: r.reservoir, accuracy: 100 * r.accuracy })) },
    mark: 'bar',
    encoding: {
      x: { field: 'reservoir', type: 'nominal', title: 'reservoir', sort: null },
      y: { field: 'accuracy', type: 'quantitative', title: 'test accuracy (%)', scale: { domain: [0, 100] } },
      color: { field: 'reservoir', type: 'nominal', title: 'reservoir', sort: null },
    },
  };
}

function lambdaSpec(points: { x: number; y: number; series: string }[], title: string): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    width: 480,
    height: 280,
    data: { values: points.map((p) => ({ ...p, y: 100 * p.y })) },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'x', type: 'quantitative', title: 'ridge regulariser λ (relative to the mean Gram diagonal)', scale: { type: 'log' } },
      y: { field: 'y', type: 'quantitative', title: 'validation accuracy (%)' },
      color: { field: 'series', type: 'nominal', title: 'reservoir' },
    },
  };
}
