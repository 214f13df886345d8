import { DEFAULT_SLOPE, encodeState, inputCoding, resolveHardware, surrogateKind, type SnnConfig } from '@spinsnn/learning';
import { CONV_INIT_GAIN, TfConvSnn, convSnnSizes, initTf, trainSnn } from '@spinsnn/learning/tfjs';
import { RunFolder } from '../run-folder.js';
import { ArgumentError, peakRssMB, round } from '../util.js';
import { batchReporter, hwaDeviceOf, hwaEvaluation, writeAccuracyCurves } from './surrogate-run.js';
import { mnistShift, snnData, withSurrogateDefaults, type SurrogateOpts } from './train-snn.js';

/**
 * `spinsnn train mnist --method surrogate --arch conv`: the convolutional SNN of
 * docs/supervised-snn.md §10 (conv 5×5 → LIF → avg-pool → conv 5×5 → LIF → avg-pool → dense → LIF),
 * BPTT with surrogate gradients on TF.js, optionally hardware-aware (--hwa: every kernel element a
 * device pair). The run folder holds config.json, metrics.jsonl (per epoch), model.json (kernels and
 * leaks, format spinsnn-conv-snn-model), curves.svg and summary.json. Deployment on the event kernel
 * and --resume are for the MLP only (refused here).
 */
export async function trainConvSurrogate(cli: SurrogateOpts & { channels: string }): Promise<void> {
  const opts = withSurrogateDefaults(cli, 'mnist');
  if (opts.resume) throw new ArgumentError('--resume', '--arch conv runs have no resumable checkpoint yet: rerun with --force');
  if (opts.init) throw new ArgumentError('--init', '--arch conv starts from a seeded initialisation (no --init)');
  const ch = opts.channels.split(',').map((s) => Number(s.trim()));
  if (ch.length !== 2 || !ch.every((c) => Number.isInteger(c) && c >= 1 && c <= 256))
    throw new ArgumentError('--channels', `two whole channel counts in [1, 256], e.g. 12,32; got "${opts.channels}"`);
  const coding = inputCoding(opts.coding ?? 'direct');
  if (coding === 'raster') throw new ArgumentError('--coding', 'rate, latency or direct for mnist');
  const surrogate = surrogateKind(opts.surrogate);
  if (opts.reset !== 'subtract' && opts.reset !== 'zero') throw new ArgumentError('--reset', `subtract or zero, got "${opts.reset}"`);
  const shape = { channels: [ch[0], ch[1]] as [number, number], kernel: 5 };
  const config: SnnConfig = {
    sizes: convSnnSizes(shape),
    beta: opts.beta,
    learnBeta: opts.learnBeta === true,
    threshold: 1,
    reset: opts.reset,
    surrogate,
    slope: opts.slope ?? DEFAULT_SLOPE[surrogate],
    timesteps: opts.timesteps ?? 10,
  };
  const hwaDevice = hwaDeviceOf(opts);
  const hw = hwaDevice ? resolveHardware(hwaDevice.device, hwaDevice.preset, hwaDevice.params) : null;
  const run = new RunFolder('train-mnist-conv-snn', { out: opts.out, json: opts.json });
  const { train, test } = snnData('mnist', opts, config.timesteps);
  run.prepare({ force: opts.force });
  const info = await initTf('auto');
  run.writeConfig({
    command: 'train mnist --method surrogate --arch conv',
    args: {
      method: 'surrogate',
      arch: 'conv',
      channels: ch,
      initGain: CONV_INIT_GAIN,
      coding,
      train: train.count,
      test: test.count,
      epochs: opts.epochs,
      seed: opts.seed,
      batch: opts.batch,
      lr: opts.lr,
      lrDecay: opts.lrDecay,
      clipNorm: opts.clipNorm ?? null,
      augmentShift: opts.augmentShift ?? null,
      hwa: hwaDevice,
    },
    snn: config,
    tf: info,
  });
  run.writeMetrics([]);
  const model = new TfConvSnn(config, shape, opts.seed, CONV_INIT_GAIN);
  const { mapWeights, evaluate } = hwaEvaluation(model, test, coding, opts.seed, 100, hw);
  const progress = run.progress('train');
  const cpu0 = process.cpuUsage(),
    wall0 = performance.now();
  const report = batchReporter(run, progress, opts.json);
  const reports = await trainSnn(model, train, {
    epochs: opts.epochs,
    batchSize: opts.batch,
    seed: opts.seed,
    learningRate: opts.lr,
    lrDecay: opts.lrDecay,
    ...(opts.clipNorm ? { clipNorm: opts.clipNorm } : {}),
    ...(opts.augmentShift ? { augment: mnistShift(opts.augmentShift) } : {}),
    coding,
    classes: 10,
    mapWeights,
    onBatch: (epoch, b, batches, loss, acc) => {
      const line = `epoch ${epoch}/${opts.epochs} batch ${b}/${batches}, loss ${loss.toFixed(4)}, train acc ${(acc * 100).toFixed(2)} %`;
      report((epoch - 1 + b / batches) / opts.epochs, line);
    },
    onEpoch: (r) => {
      const ev = evaluate();
      run.appendMetrics({
        epoch: r.epoch,
        loss: r.loss,
        trainAccuracy: r.trainAccuracy,
        testAccuracy: ev.accuracy,
        trainS: round(r.trainS),
        cpuS: round(r.cpuS),
        cpuSamplesPerS: round(r.samples / r.cpuS),
        learningRate: r.learningRate,
        maxGradNorm: round(r.maxGradNorm),
        meanGradNorm: round(r.meanGradNorm),
        clippedBatches: r.clippedBatches,
      });
      if (!opts.json) run.log(`epoch ${r.epoch}: loss ${r.loss.toFixed(4)}, test ${(ev.accuracy * 100).toFixed(2)} %, ${round(r.cpuS)} CPU-s`);
    },
  });
  progress.done();
  const ev = evaluate();
  const cpu = process.cpuUsage(cpu0);
  run.writeFile(
    'model.json',
    encodeState({
      format: 'spinsnn-conv-snn-model',
      config,
      shape,
      kernels: model.kernels.map((k) => ({ shape: k.shape, data: Float32Array.from(k.dataSync() as Float32Array) })),
      betas: model.betas.map((b) => (b.dataSync() as Float32Array)[0]),
      coding,
      hwa: hwaDevice,
    } as never),
  );
  await writeAccuracyCurves(run, 'conv SNN (surrogate gradients) on MNIST');
  const samples = reports.reduce((s, r) => s + r.samples, 0),
    trainCpu = reports.reduce((s, r) => s + r.cpuS, 0);
  const summary = {
    method: 'surrogate',
    arch: 'conv',
    channels: ch,
    sizes: config.sizes,
    timesteps: config.timesteps,
    coding,
    hwa: hwaDevice,
    epochs: opts.epochs,
    trainSamples: train.count,
    testSamples: test.count,
    accuracy: ev.accuracy,
    spikesPerSample: ev.spikesPerSample.map((s) => round(s)),
    epochCpuS: reports.map((r) => round(r.cpuS)),
    cpuSamplesPerS: samples ? round(samples / trainCpu) : null,
    trainWallS: round((performance.now() - wall0) / 1000),
    cpuS: round((cpu.user + cpu.system) / 1e6),
    tf: info.backend,
    peakRssMB: round(peakRssMB()),
    runDir: run.dir,
  };
  run.writeSummary(summary);
  model.dispose();
  run.finish(
    summary,
    () =>
      `conv SNN accuracy ${(ev.accuracy * 100).toFixed(2)} % on ${test.count} test samples (T = ${config.timesteps}, ${opts.epochs} epoch(s))\nrun folder: ${run.dir}`,
  );
}
