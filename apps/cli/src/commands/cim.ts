import type { Command } from 'commander';
import { Option } from 'commander';
import { readFileSync } from 'node:fs';
import { DataError, Rng, getModel, resolveModelParams, type ParamValues } from '@spinsnn/core';
import { randomMnistSubset, type MnistSet } from '@spinsnn/datasets';
import { loadMnist } from '@spinsnn/datasets/node';
import {
  ArrayConvNet,
  ArrayNet,
  cimAccuracy,
  convNetFromJson,
  convNetMacs,
  convNetToJson,
  netFromJson,
  netToJson,
  predictSoftware,
  resolveHardware,
  vgg8Widths,
  type BinaryConvNet,
  type CimNet,
} from '@spinsnn/learning';
import { initTf, timeTrainingSteps, trainAnalogNet, trainBinaryNet, trainBinaryVgg8, vgg8Mnist, type CimTrainData } from '@spinsnn/learning/tfjs';
import type { TopLevelSpec } from 'vega-lite';
import { RunFolder } from '../run-folder.js';
import { ArgumentError, intArg, numArg, parseDeviceParams, round } from '../util.js';
import { registerCimExtras } from './cim-extras.js';

/**
 * `spinsnn cim`: networks trained in software and mapped onto in-memory-computing arrays
 * (docs/cim.md): `cim mnist` (accuracy over array instances with an ablation of the
 * non-idealities), `cim puf`, `cim efficiency`, `cim bench`.
 */
const collect = (v: string, prev: string[]) => [...prev, v];

/** The networks of `cim mnist` and what each maps onto by default. */
const MODELS = {
  mlp2: {
    sizes: [784, 128, 10],
    binary: true,
    device: 'mram/stt',
    preset: 'jung2022',
    arrayPreset: 'jung2022',
    epochs: 15,
    lr: 0.01,
    schedule: 'cosine',
    inputThreshold: 0.3,
    hwaEpochs: 0,
    paper: 'Jung et al. 2022: 93.23 % on chip, 95.24 % software',
  },
  bnn3: {
    sizes: [784, 256, 256, 10],
    binary: true,
    device: 'sot/binary',
    preset: undefined,
    arrayPreset: 'lan2023',
    epochs: 10,
    lr: 0.01,
    schedule: 'exp',
    inputThreshold: 0.5,
    hwaEpochs: 0,
    paper: 'Lan et al. 2023: 3-layer BNN 89 %',
  },
  'mlp-mtj': {
    sizes: [784, 128, 10],
    binary: false,
    device: 'sot/multilevel',
    preset: 'compound4-acsami2024',
    arrayPreset: 'compound2024',
    epochs: 8,
    lr: 0.002,
    schedule: 'exp',
    inputThreshold: 0.5,
    hwaEpochs: 3,
    paper: 'ACS AMI 2024: 95.75 %',
  },
  vgg8: {
    sizes: [784, 10],
    binary: true,
    device: 'mram/stt',
    preset: 'jung2022',
    arrayPreset: 'jung2022',
    epochs: 1,
    lr: 0.01,
    schedule: 'exp',
    inputThreshold: 0.5,
    hwaEpochs: 0,
    paper: 'Jung et al. 2022: VGG-8 emulated with measured errors 98.86 % (software 99.28 %)',
  },
} as const;
type ModelName = keyof typeof MODELS;

interface MnistOpts {
  model: ModelName;
  width: number;
  timeOnly?: boolean;
  device?: string;
  preset?: string;
  param: string[];
  arrayPreset?: string;
  arrayParam: string[];
  instances: number;
  epochs?: number;
  hidden?: number;
  lr?: number;
  lrSchedule?: 'exp' | 'cosine';
  inputThreshold?: number;
  hwaEpochs?: number;
  batch: number;
  seed: number;
  train: number;
  test: number;
  ablation: boolean;
  out?: string;
  force?: boolean;
  json?: boolean;
}

/** Parameter groups the ablation switches on one after another (docs/cim.md §3.3). */
const STAGES: { name: string; device: readonly string[]; array: readonly string[] }[] = [
  { name: 'ideal', device: [], array: [] },
  { name: '+spread', device: ['resistanceSpread', 'd2dRange', 'd2dNl', 'c2c', 'nlPotentiation', 'nlDepression', 'd2dIc0', 'd2dDelta'], array: [] },
  { name: '+read noise', device: ['readNoise', 'readDisturb'], array: ['readNoise'] },
  { name: '+ADC', device: [], array: ['adcBits', 'adcRange', 'adcOffset', 'saOffset', 'dacBits'] },
  { name: '+IR drop', device: [], array: ['wireResistance'] },
  { name: '+faults', device: ['writeErrorRate', 'stuckAtMin', 'stuckAtMax'], array: ['stuckAtLow', 'stuckAtHigh'] },
];

function mean(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

function sd(xs: number[]): number {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1));
}

function trainData(set: MnistSet): CimTrainData {
  const x = new Float32Array(set.images.length);
  for (let i = 0; i < x.length; i++) x[i] = set.images[i] / 255;
  return { x, y: set.labels, count: set.count, features: set.rows * set.cols };
}

/** Device and array parameters of one ablation stage: groups up to `k` at their configured values, the rest ideal. */
function stageParams(k: number, device: string, devCfg: ParamValues, arrCfg: ParamValues): { dev: ParamValues; arr: ParamValues } {
  const dm = getModel(device, 'synapse');
  const am = getModel('cim/crossbar', 'array');
  const on = new Set<string>();
  const onA = new Set<string>();
  for (let s = 1; s <= k; s++) {
    STAGES[s].device.forEach((n) => on.add(n));
    STAGES[s].array.forEach((n) => onA.add(n));
  }
  // only the grouped non-idealities move: a group not yet on takes the model's ideal value (0 where it lists none)
  const dev: ParamValues = { ...devCfg };
  for (const n of STAGES.flatMap((x) => x.device)) if (n in dev && !on.has(n)) dev[n] = dm.ideal?.[n] ?? 0;
  const arr: ParamValues = { ...arrCfg };
  for (const n of STAGES.flatMap((x) => x.array)) {
    const v = am.ideal?.[n];
    if (!onA.has(n) && v !== undefined) arr[n] = v;
  }
  return { dev, arr };
}

/** Registers `spinsnn cim` and its subcommands. */
export function registerCim(program: Command): void {
  const cim = program
    .command('cim')
    .description('in-memory computing on MRAM / SOT arrays: networks mapped onto crossbar tiles, ablation of non-idealities, PUF, efficiency (docs/cim.md)');
  cim
    .command('mnist')
    .description(
      'train a network in software (cached in the run folder), map it onto array tiles of a device, and infer the MNIST test set through the array model over several array instances, with an ablation table',
    )
    .addOption(
      new Option(
        '--model <name>',
        'mlp2: binary 784-128-10 perceptron on the Samsung resistance-sum array; bnn3: binary 784-256-256-10 on SOT XNOR pairs; mlp-mtj: float 784-128-10 on compound multi-MTJ differential pairs; vgg8: binary VGG-8 (6 conv + 2 dense, channels × --width) on the Samsung array, convolutions through im2col (docs/cim.md §3.2)',
      )
        .choices(['mlp2', 'bnn3', 'mlp-mtj', 'vgg8'])
        .default('mlp2'),
    )
    .option('--device <id>', 'synapse device of the cells (default: mram/stt for mlp2, sot/binary for bnn3, sot/multilevel for mlp-mtj)')
    .option('--preset <name>', 'device preset (default: jung2022 for mlp2, compound4-acsami2024 for mlp-mtj)')
    .option('--param <name=value>', 'device parameter override in SI units, repeatable (e.g. --param resistanceSpread=0.05)', collect, [])
    .option('--array-preset <name>', 'cim/crossbar preset (default: jung2022 / lan2023 / compound2024 by model; "none" for the defaults)')
    .option('--array-param <name=value>', 'cim/crossbar parameter override, repeatable (e.g. --array-param adcBits=5)', collect, [])
    .option('--instances <n>', 'array instances (independent device draws) per configuration', intArg(1, 100), 5)
    .option('--epochs <n>', 'software training epochs (default 15 for mlp2, 10 for bnn3, 8 for mlp-mtj, 1 for vgg8)', intArg(1, 1000))
    .option('--hidden <n>', 'hidden width (default 128 for mlp2 / mlp-mtj, 256 for bnn3)', intArg(1, 4096))
    .option('--lr <x>', 'Adam learning rate of the first epoch (default 0.01 for binary nets, 0.002 for mlp-mtj)', numArg({ positive: true, max: 1 }))
    .addOption(
      new Option(
        '--lr-schedule <s>',
        'exp: × 0.85 per epoch; cosine: half a cosine down to 0 over the epochs (default cosine for mlp2, exp otherwise)',
      ).choices(['exp', 'cosine']),
    )
    .option('--input-threshold <x>', 'binary nets: a pixel is +1 when pixel/255 > x (default 0.3 for mlp2, 0.5 otherwise)', numArg({ min: 0, max: 1 }))
    .option(
      '--hwa-epochs <n>',
      'analog nets: train the last n epochs hardware-aware (weights mapped through the cell device’s levels and noise from the registry, docs/cim.md §3); default 3 for mlp-mtj',
      intArg(0, 1000),
    )
    .option('--batch <n>', 'training minibatch size', intArg(1, 60000), 100)
    .option(
      '--width <x>',
      'vgg8: channel widths as a fraction of VGG-8’s 128-128-256-256-512-512 conv / 1024 dense (1 = full width, ~8 CPU-h per epoch here)',
      numArg({ positive: true, max: 1 }),
      0.125,
    )
    .option('--time-only', 'vgg8: only time two training steps of a float VGG-8 at --width and estimate a 60k epoch (no training, no arrays)')
    .option('--seed <n>', 'seed of training and of the first array instance', intArg(0, 2 ** 31 - 1), 1)
    .option('--train <n>', 'training samples (seeded subset when < 60000)', intArg(100, 60000), 60000)
    .option('--test <n>', 'test samples (seeded subset when < 10000)', intArg(100, 10000), 10000)
    .option('--no-ablation', 'skip the ablation stages (only the configured array)')
    .option('--out <dir>', 'run folder (default runs/cim-mnist-<model>-<time>); a trained model cached there is reused with --force')
    .option('--force', 'write into a non-empty run folder (reuses its cached software model when the training settings match)')
    .option('--json', 'print one JSON line with the results')
    .addHelpText(
      'after',
      '\nExamples:\n  spinsnn cim mnist --model mlp2 --instances 5 --json\n  spinsnn cim mnist --model bnn3 --instances 3\n  spinsnn cim mnist --model mlp-mtj --array-param adcBits=6 --no-ablation\n  spinsnn cim mnist --model vgg8 --width 0.125 --train 500 --test 200 --epochs 1 --instances 1 --no-ablation\n  spinsnn cim mnist --model vgg8 --width 1 --time-only --json',
    )
    .action(async (opts: MnistOpts) => {
      if (opts.model === 'vgg8' && opts.timeOnly) {
        // time a few training steps and say what a 60k epoch would cost at this width
        const out = new RunFolder('cim-mnist-vgg8', { out: opts.out, json: opts.json });
        out.prepare({ force: opts.force });
        const tf = await initTf('auto');
        const te = trainData(loadMnist('train'));
        const model = vgg8Mnist(opts.seed, opts.width);
        const batchSize = 16;
        const steps = 2;
        const t = await timeTrainingSteps(model, te, steps, batchSize);
        const epochCpuS = (t.cpuSPerStep * 60000) / batchSize;
        const res = {
          model: 'vgg8',
          width: opts.width,
          status: 'timing only (float VGG-8 layers model at this width; the binary training runs the same convolutions)',
          backend: tf.backend,
          params: model.countParams(),
          measured: { batchSize, steps, cpuSPerStep: round(t.cpuSPerStep), wallSPerStep: round(t.wallSPerStep) },
          estimatedEpoch: { cpuS: round(epochCpuS), cpuHours: round(epochCpuS / 3600) },
          paper: 'Jung et al. 2022: VGG-8 emulated with measured errors 98.86 % (software 99.28 %)',
          machine: 'shared 2-core machine, loaded by other jobs',
        };
        out.writeSummary(res);
        out.finish(
          res,
          () =>
            `VGG-8 × ${opts.width} (${res.params} weights): ${res.measured.cpuSPerStep} CPU-s per ${batchSize}-sample step, about ${res.estimatedEpoch.cpuHours} CPU-hours per 60k epoch; run folder ${out.dir}`,
        );
        return;
      }
      const spec = MODELS[opts.model];
      const device = opts.device ?? spec.device;
      const dm = getModel(device, 'synapse', '--device');
      const am = getModel('cim/crossbar', 'array');
      const preset = opts.preset ?? (opts.device === undefined ? spec.preset : undefined);
      const arrayPreset = opts.arrayPreset === 'none' ? undefined : (opts.arrayPreset ?? spec.arrayPreset);
      const devCfg = resolveModelParams(dm, preset, parseDeviceParams(opts.param, '--param'), '--param');
      const arrCfg = resolveModelParams(am, arrayPreset, parseDeviceParams(opts.arrayParam, '--array-param'), '--array-param');
      // refuse mismatched schemes before any work (a binary net counts XNOR matches, an analog one needs differential pairs)
      if (arrCfg.encoding !== (spec.binary ? 1 : 0))
        throw new ArgumentError(
          '--array-param',
          `${opts.model} is ${spec.binary ? 'a binary network: it needs XNOR pairs, encoding=1' : 'an analog network: it needs differential pairs, encoding=0'} (got encoding=${arrCfg.encoding})`,
        );
      if (arrCfg.mac === 1 && arrCfg.encoding !== 1) throw new ArgumentError('--array-param', 'mac=1 (resistance sum) needs encoding=1 (XNOR pairs)');
      const conv = opts.model === 'vgg8';
      const widths = vgg8Widths(opts.width);
      const sizes: number[] = conv ? [...widths.convs, widths.dense, 10] : [...spec.sizes];
      if (opts.hidden && !conv) for (let l = 1; l + 1 < sizes.length; l++) sizes[l] = opts.hidden;
      const epochs = opts.epochs ?? spec.epochs;
      const lr = opts.lr ?? spec.lr;
      const schedule = opts.lrSchedule ?? spec.schedule;
      const hwaEpochs = spec.binary ? 0 : (opts.hwaEpochs ?? Math.min(spec.hwaEpochs, epochs));
      const inputThreshold = opts.inputThreshold ?? spec.inputThreshold;
      if (spec.binary && opts.hwaEpochs)
        throw new ArgumentError('--hwa-epochs', `${opts.model} is binary: its ±1 weights already are the device's two states; use --hwa-epochs with mlp-mtj`);
      if (hwaEpochs > epochs) throw new ArgumentError('--hwa-epochs', `at most --epochs (${epochs}), got ${hwaEpochs}`);
      const run = new RunFolder(`cim-mnist-${opts.model}`, { out: opts.out, json: opts.json });
      run.prepare({ force: opts.force });
      const config = {
        model: opts.model,
        sizes,
        binary: spec.binary,
        device,
        preset: preset ?? null,
        deviceParams: devCfg,
        arrayPreset: arrayPreset ?? null,
        arrayParams: arrCfg,
        instances: opts.instances,
        epochs,
        lr,
        lrSchedule: schedule,
        inputThreshold: spec.binary ? inputThreshold : null,
        hwaEpochs,
        batch: opts.batch,
        seed: opts.seed,
        train: opts.train,
        test: opts.test,
      };
      run.writeConfig(config);
      const rng = new Rng(opts.seed, 0xda7a);
      const trainSet = loadMnist('train');
      const testSet = loadMnist('test');
      const tr = trainData(opts.train < trainSet.count ? randomMnistSubset(trainSet, opts.train, rng) : trainSet);
      const te = trainData(opts.test < testSet.count ? randomMnistSubset(testSet, opts.test, rng) : testSet);
      // software model: cached in the run folder, keyed by what determines it
      const recipe = `lr${lr}-${schedule}${spec.binary ? `-t${inputThreshold}` : ''}${hwaEpochs ? `-hwa${hwaEpochs}-${device}-${preset ?? 'none'}` : ''}`;
      const key = `model-${opts.model}-${conv ? `w${opts.width}` : sizes.join('x')}-e${epochs}-b${opts.batch}-s${opts.seed}-n${opts.train}-${recipe}.json`;
      let net: CimNet | BinaryConvNet;
      let trainS = 0;
      let trainCpuS = 0;
      const epochLog: { epoch: number; loss: number; seconds: number }[] = [];
      if (run.has(key)) {
        try {
          const j: unknown = JSON.parse(readFileSync(run.path(key), 'utf8'));
          net = conv ? convNetFromJson(j, run.path(key)) : netFromJson(j, run.path(key));
        } catch (e) {
          throw e instanceof DataError ? e : new DataError(run.path(key), `unreadable cached model (${(e as Error).message}); delete it`);
        }
        run.log(`reusing the trained model ${key}`);
      } else {
        await initTf('auto');
        const c0 = process.cpuUsage();
        const t0 = performance.now();
        const o = {
          epochs,
          batchSize: opts.batch,
          learningRate: lr,
          lrDecay: 0.85,
          schedule,
          seed: opts.seed,
          onEpoch: (epoch: number, loss: number, seconds: number) => {
            epochLog.push({ epoch, loss: round(loss), seconds: round(seconds) });
            run.log(`epoch ${epoch}/${epochs}: loss ${loss.toFixed(4)} (${seconds.toFixed(1)} s)`);
          },
        };
        const hwa =
          hwaEpochs > 0
            ? { hardware: resolveHardware(device, preset, parseDeviceParams(opts.param, '--param'), '--param'), fromEpoch: epochs - hwaEpochs + 1 }
            : undefined;
        net = conv
          ? await trainBinaryVgg8(opts.width, tr, o, inputThreshold)
          : spec.binary
            ? await trainBinaryNet(sizes, tr, o, inputThreshold)
            : await trainAnalogNet(sizes, tr, o, hwa);
        trainS = (performance.now() - t0) / 1000;
        const c1 = process.cpuUsage(c0);
        trainCpuS = (c1.user + c1.system) / 1e6;
        run.writeJson(key, net.kind === 'binary-conv' ? convNetToJson(net) : netToJson(net), 0);
      }
      const idealStage = stageParams(0, device, devCfg, arrCfg);
      const build = (arr: ParamValues, dev: ParamValues, seed: number) =>
        net.kind === 'binary-conv'
          ? new ArrayConvNet(net, { arrayParams: arr, device, deviceParams: dev }, seed)
          : new ArrayNet(net, { arrayParams: arr, device, deviceParams: dev }, seed);
      // a conv net's exact integer forward runs on ideal tiles (XNOR-popcount; equal to the direct convolution, test/cim/conv.test.ts)
      const software = cimAccuracy(
        net.kind === 'binary-conv' ? build(idealStage.arr, idealStage.dev, opts.seed).predict(te.x, te.count) : predictSoftware(net, te.x, te.count),
        te.y,
      );
      run.log(`software accuracy ${(100 * software).toFixed(2)} %`);
      const stages = opts.ablation ? STAGES.map((s, k) => ({ name: s.name, k })) : [{ name: 'configured', k: STAGES.length - 1 }];
      const rows: { stage: string; accuracies: number[]; mean: number; sd: number }[] = [];
      let inferCpuS = 0;
      let inferWallS = 0;
      let inferRuns = 0;
      let buildCpuS = 0;
      for (const st of stages) {
        const { dev, arr } = stageParams(st.k, device, devCfg, arrCfg);
        const accs: number[] = [];
        for (let i = 0; i < opts.instances; i++) {
          const b0 = process.cpuUsage();
          const an = build(arr, dev, opts.seed + 1000 * i + 17);
          const b1 = process.cpuUsage(b0);
          buildCpuS += (b1.user + b1.system) / 1e6;
          const c0 = process.cpuUsage();
          const t0 = performance.now();
          const pred = an.predict(te.x, te.count);
          const c1 = process.cpuUsage(c0);
          inferCpuS += (c1.user + c1.system) / 1e6;
          inferWallS += (performance.now() - t0) / 1000;
          inferRuns++;
          accs.push(cimAccuracy(pred, te.y));
        }
        rows.push({ stage: st.name, accuracies: accs.map((a) => round(100 * a, 5)), mean: round(100 * mean(accs), 5), sd: round(100 * sd(accs), 3) });
        run.log(`${st.name}: ${(100 * mean(accs)).toFixed(2)} ± ${(100 * sd(accs)).toFixed(2)} %`);
      }
      const last = rows[rows.length - 1];
      const summary = {
        model: opts.model,
        sizes,
        ...(net.kind === 'binary-conv'
          ? {
              width: opts.width,
              deviation: 'reduced width (full VGG-8 is 128-…-512 conv / 1024 dense)',
              macsPerImage: convNetMacs(net),
              tiles: new ArrayConvNet(net, { arrayParams: idealStage.arr, device, deviceParams: idealStage.dev }, 0).tileCount,
            }
          : {}),
        device,
        preset: preset ?? null,
        arrayPreset: arrayPreset ?? null,
        paper: spec.paper,
        testSamples: te.count,
        instances: opts.instances,
        softwareAccuracy: round(100 * software, 5),
        arrayAccuracy: { mean: last.mean, sd: last.sd, instances: last.accuracies },
        gap: round(100 * software - last.mean, 4),
        ablation: rows.map((r) => ({ stage: r.stage, mean: r.mean, sd: r.sd, lossVsPrevious: 0 })),
        recipe: { epochs, lr, lrSchedule: schedule, batch: opts.batch, inputThreshold: spec.binary ? inputThreshold : null, hwaEpochs },
        training: trainS > 0 ? { seconds: round(trainS), cpuS: round(trainCpuS), epochs: epochLog } : 'cached',
        inference: {
          samplesPerRun: te.count,
          runs: inferRuns,
          cpuSPerRun: round(inferCpuS / inferRuns),
          wallSPerRun: round(inferWallS / inferRuns),
          buildCpuSPerInstance: round(buildCpuS / inferRuns),
        },
        machine: 'shared 2-core machine, loaded by other jobs: wall times are inflated, CPU seconds are the comparable figure',
      };
      for (let k = 1; k < summary.ablation.length; k++) summary.ablation[k].lossVsPrevious = round(summary.ablation[k - 1].mean - summary.ablation[k].mean, 4);
      run.writeMetrics(rows.map((r) => ({ ...r })));
      await run.writePlot(
        'ablation.svg',
        ablationSpec(
          rows,
          software,
          `${opts.model} on ${device}${preset ? ` (${preset})` : ''}, cim/crossbar ${arrayPreset ?? 'defaults'}: MNIST test accuracy per ablation stage (${opts.instances} array instances)`,
        ),
      );
      run.writeSummary(summary);
      run.finish(summary, () =>
        [
          `${opts.model} ${sizes.join('-')} on ${device}: software ${(100 * software).toFixed(2)} %, array ${last.mean.toFixed(2)} ± ${last.sd.toFixed(2)} % (${opts.instances} instances, ${te.count} test samples)`,
          ...rows.map(
            (r, k) =>
              `  ${r.stage.padEnd(12)} ${r.mean.toFixed(2).padStart(6)} ± ${r.sd.toFixed(2)} %${k > 0 ? `  (${(r.mean - rows[k - 1].mean >= 0 ? '+' : '−') + Math.abs(r.mean - rows[k - 1].mean).toFixed(2)})` : ''}`,
          ),
          `  inference ${summary.inference.cpuSPerRun} CPU-s per ${te.count} samples; run folder ${run.dir}`,
        ].join('\n'),
      );
    });
  registerCimExtras(cim);
}

function ablationSpec(rows: { stage: string; mean: number; sd: number }[], software: number, title: string): TopLevelSpec {
  const values = rows.map((r, k) => ({ stage: `${k}. ${r.stage}`, accuracy: r.mean, lo: r.mean - r.sd, hi: r.mean + r.sd }));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    width: 520,
    height: 300,
    data: { values },
    layer: [
      {
        mark: { type: 'bar' },
        encoding: {
          x: { field: 'stage', type: 'nominal', title: 'non-idealities switched on (cumulative)', sort: null },
          y: { field: 'accuracy', type: 'quantitative', title: 'test accuracy (%)', scale: { zero: false } },
          color: { value: '#4c78a8' },
        },
      },
      {
        mark: { type: 'errorbar' },
        encoding: { x: { field: 'stage', type: 'nominal', sort: null }, y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' } },
      },
      {
        data: { values: [{ y: 100 * software, label: 'software' }] },
        mark: { type: 'rule', strokeDash: [4, 4], color: 'black' },
        encoding: { y: { field: 'y', type: 'quantitative' } },
      },
    ],
  } as TopLevelSpec;
}
