/**
 * @spinsnn/datasets: MNIST (IDX), FSDD speech (WAV), Gset graphs, Brian2 dumps; audio features and
 * spike encoders. Browser-safe: parsers of bytes/text, features and encoders; the readers of files
 * (`loadMnist`, `readIdx`, `readWav`, `listFsdd`, `readGset`, `readBrian2Dump`, …) are in
 * `@spinsnn/datasets/node`. Named exports only.
 */
export { brian2CubaSpec } from './brian2.js';
export type { Brian2Dump } from './brian2.js';
export { encodeIdx, parseIdx } from './idx.js';
export type { IdxArray, IdxType } from './idx.js';
export { MNIST_FILES, MNIST_MAX_RATE_HZ, mnistImage, mnistRatesHz, mnistSubset, randomMnistSubset, shuffledIndices } from './mnist.js';
export type { MnistSet } from './mnist.js';
export { FSDD_WAV, checkWavHeader, decodeWav, encodeWav16, parseWavHeader } from './wav.js';
export type { WavAudio, WavExpectation, WavHeader } from './wav.js';
export { FSDD_NAME, FSDD_SAMPLE_RATE, fsddClipName, fsddOfficialSplit, fsddSpeakerSplit, fsddSpeakers, fsddSplit } from './fsdd.js';
export type { FsddClip, FsddSplit } from './fsdd.js';
export {
  Cochleagram,
  FSDD_FRAMING,
  LogMelSpectrogram,
  Mfcc,
  PowerSpectrogram,
  dctMatrix,
  erbHz,
  erbSpacedCentres,
  fixedFrames,
  frameCount,
  hzToMel,
  melCentres,
  melFilterbank,
  melToHz,
  subtractBandMeans,
} from './features.js';
export type { CochleagramOptions, FeatureMatrix, FramingOptions, LogMelOptions, MfccOptions } from './features.js';
export { cutValue, parseGset } from './gset.js';
export type { Graph } from './gset.js';
export { deltaEncode, latencyEncode, poissonEncode, populationRates, spikeCounts } from './encoders.js';
export type { SpikeTrain } from './encoders.js';
export { TASKS_2D, generate2d } from './synthetic2d.js';
export type { Points2d, Task2d } from './synthetic2d.js';
