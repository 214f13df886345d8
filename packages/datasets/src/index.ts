/**
 * @spinsnn/datasets: MNIST (IDX), FSDD speech (WAV), Gset graphs, Brian2 dumps; audio features and
 * spike encoders. Named exports only.
 */
export { brian2CubaSpec, readBrian2Dump } from './brian2.js';
export type { Brian2Dump } from './brian2.js';
export { encodeIdx, parseIdx, readIdx } from './idx.js';
export type { IdxArray, IdxType } from './idx.js';
export { MNIST_FILES, MNIST_MAX_RATE_HZ, loadMnist, mnistDataDir, mnistImage, mnistRatesHz, mnistSubset, randomMnistSubset, shuffledIndices } from './mnist.js';
export type { MnistSet } from './mnist.js';
export { FSDD_WAV, checkWavHeader, decodeWav, encodeWav16, parseWavHeader, readWav } from './wav.js';
export type { WavAudio, WavExpectation, WavHeader } from './wav.js';
export { FSDD_SAMPLE_RATE, fsddClipName, fsddOfficialSplit, fsddSpeakerSplit, fsddSpeakers, fsddSplit, listFsdd, readFsddClip, resolveFsddDir } from './fsdd.js';
export type { FsddClip, FsddSplit } from './fsdd.js';
export { Cochleagram, FSDD_FRAMING, LogMelSpectrogram, Mfcc, PowerSpectrogram, dctMatrix, erbHz, erbSpacedCentres, fixedFrames, frameCount, hzToMel, melCentres, melFilterbank, melToHz, subtractBandMeans } from './features.js';
export type { CochleagramOptions, FeatureMatrix, FramingOptions, LogMelOptions, MfccOptions } from './features.js';
export { cutValue, parseGset, readGset } from './gset.js';
export type { Graph } from './gset.js';
export { deltaEncode, latencyEncode, poissonEncode, populationRates, spikeCounts } from './encoders.js';
export type { SpikeTrain } from './encoders.js';
export { TASKS_2D, generate2d } from './synthetic2d.js';
export type { Points2d, Task2d } from './synthetic2d.js';
