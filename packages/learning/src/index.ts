/**
 * @spinsnn/learning: learning rules (registered as `learning/stdp`, `learning/joule_stdp`), the
 * Diehl & Cook network and trainer (in memory), Ising/p-bit algorithms and label assignment.
 * Browser-safe: no `node:*` module and no TF.js is imported from here (test/packaging checks it
 * by bundling this entry for the browser). Files, checkpoints on disk, the worker pool, sweep
 * experiments and PNG writing are in `@spinsnn/learning/node`; the TF.js baselines in
 * `@spinsnn/learning/tfjs`. Named exports only; worker plumbing is under `@spinsnn/learning/internal`.
 */
/** The package name, `@spinsnn/learning`. */
export const PACKAGE = '@spinsnn/learning';
export { isingFromQubo } from './ising/model.js';
export { binaryToSpin, monomialVars, evaluate as evaluatePolynomial, degree as polynomialDegree } from './ising/polynomial.js';
export type { Polynomial } from './ising/polynomial.js';
export { bestKnownCut, cutFromEnergy, cutValue, maxCutModel } from './ising/maxcut.js';
export type { WeightedGraph } from './ising/maxcut.js';
export { dsatur, isProperColouring } from './ising/colouring.js';
export type { Colouring } from './ising/colouring.js';
export { betaSequence } from './ising/schedule.js';
export type { BetaSchedule } from './ising/schedule.js';
export { PbitMachine } from './ising/machine.js';
export type { PbitMachineOptions, UpdateOrder } from './ising/machine.js';
export { anneal, annealMachine } from './ising/anneal.js';
export type { AnnealOptions, AnnealResult } from './ising/anneal.js';
export { parallelTempering } from './ising/tempering.js';
export type { TemperingOptions, TemperingResult } from './ising/tempering.js';
export { codeFromSpins, exactBoltzmann, spinsFromCode, totalVariation } from './ising/exact.js';
export type { EnergyFn } from './ising/exact.js';
export { HuboMachine, HuboModel } from './ising/hubo.js';
export { factorEncoding, factorHubo, factorQuadratic, factorise } from './ising/factor.js';
export type { FactorEncoding, FactorOptions, FactorResult } from './ising/factor.js';
export { PbitRbm, barsAndStripes } from './ising/boltzmann.js';
export { prepareMaxCut, runMaxCut } from './ising/maxcut-run.js';
export type { MaxCutConfig, MaxCutInstance, MaxCutRun, MaxCutSampler } from './ising/maxcut-run.js';
export { houdayerMove } from './ising/cluster.js';
export { clampedModel, decodeMultiplier, factoriseWithMultiplier, multiplierCircuit } from './ising/multiplier.js';
export type { ClampedModel, MultiplierCircuit, MultiplierFactorOptions } from './ising/multiplier.js';
export { energyEstimate, isSemiprime, quantile, runsFor99, semiprimes, tts99 } from './ising/stats.js';
export type { EnergyEstimate } from './ising/stats.js';
export { ScaledTraces } from './stdp/traces.js';
export {
  PFISTER_VISUAL_CORTEX,
  STDP_PARAMS,
  STDP_PRESETS,
  StdpRule,
  diehlCookStdpParams,
  pairStdpParams,
  stdpModel,
  stdpParamsFrom,
  writerFor,
} from './stdp/rule.js';
export type { StdpParams, WeightWriter } from './stdp/rule.js';
export { JouleStdp, jouleStdpModel } from './stdp/joule.js';
export type { JouleStdpOptions } from './stdp/joule.js';
export { DC_LIF_PARAMS, DcLifGroup, dcLifModel } from './diehl-cook/neuron.js';
export { DiehlCookNetwork, diehlCookDefaults, diehlCookSpec } from './diehl-cook/network.js';
export type { DiehlCookConfig } from './diehl-cook/network.js';
export { accuracyOf, assignLabels, confusionMatrix, predict } from './diehl-cook/labels.js';
export { decodeState, encodeState } from './diehl-cook/checkpoint.js';
export { DiehlCookTrainer, evaluateDiehlCook, responses } from './diehl-cook/trainer.js';
export type { DcTrainOptions, EvalResult, SampleSet, TrainProgress, TrainerState } from './diehl-cook/trainer.js';
export {
  DEVICE_METADATA,
  NIR_NODE_FIELDS,
  flattenNirGraph,
  isTensor,
  nirGraphDiff,
  nirGraphsEqual,
  nirToSpec,
  shapeSize,
  specToNir,
  tensor,
  validateNirGraph,
} from './nir/index.js';
export type { NirDtype, NirExportOptions, NirGraph, NirImport, NirImportOptions, NirNode, NirTensor, NirValue } from './nir/index.js';
export { compareTraces, exactLifTrace, nirName, parseLifTraceCsv, runNirLif, spinsnnName, stepsOf } from './nir/index.js';
export type { LifTrace, TraceComparison } from './nir/index.js';
export { ArrayNet, TiledLayer, cimAccuracy, netFromJson, netToJson, predictSoftware } from './cim/networks.js';
export type { AnalogNet, ArrayConfig, BinaryNet, CimNet } from './cim/networks.js';
export { ArrayConvNet, checkConvNet, convNetFromJson, convNetMacs, convNetToJson, predictConvIm2col, predictConvSoftware, vgg8Widths } from './cim/conv.js';
export type { BinaryConvLayer, BinaryConvNet } from './cim/conv.js';
export {
  POPCODE_TARGETS,
  countSwitches,
  cramerRaoSd,
  decode,
  deltaRule,
  encode,
  encodePulsed,
  expectedRates,
  fisherInformation,
  fitLeastSquares,
  makePopulation,
  mlDecode,
  runInterlinked,
  runPopcode,
  switchFano,
  tuningRate,
} from './probabilistic/popcode.js';
export type { LinearDecoder, PopcodeExperiment, PopcodeResult, PopcodeTarget, PopulationConfig, SmtjPopulation } from './probabilistic/popcode.js';
export {
  PbitRing,
  addCue,
  bumpDiffusion,
  bumpThreshold,
  cueIntegration,
  meanFieldBump,
  meanPhase,
  pathIntegration,
  subThresholdAmplitude,
  uniformActivity,
  wrapAngle,
} from './probabilistic/attractor.js';
export type { CueIntegrationConfig, CueIntegrationResult, RingConfig } from './probabilistic/attractor.js';
export { QUENCH_BETA, mscAnneal, mscReplicaEnergies } from './ising/msc-anneal.js';
export type { MscAnnealOptions, MscAnnealResult, MscRunOptions, MscRunResult } from './ising/msc-anneal.js';
export { mscAllEnergies, mscColumnEnergies, mscEdgeList, mscTempering } from './ising/msc-tempering.js';
export type { MscEdgeList, MscTemperingOptions, MscTemperingResult } from './ising/msc-tempering.js';
export { DT_LIF_PARAMS, DtLifGroup, dtLifModel } from './surrogate/dt-lif.js';
export { DEFAULT_SLOPE, SURROGATE_KINDS, smoothStep, surrogateDerivative, surrogateKind } from './surrogate/surrogates.js';
export type { SurrogateKind } from './surrogate/surrogates.js';
export { checkSnnConfig, dyadicWeights, initSnnParams, totalSteps } from './surrogate/model.js';
export type { SnnConfig, SnnParams } from './surrogate/model.js';
export { INPUT_CODINGS, encodeBatch, inputCoding, spikeStepsOf } from './surrogate/encode.js';
export type { InputCoding } from './surrogate/encode.js';
export { checkShiftAugmentation, shiftBatch } from './surrogate/augment.js';
export type { ShiftAugmentation } from './surrogate/augment.js';
export { DEPLOY_DT, KernelSnnRunner, layerName, layeredOf, snnNetworkSpec } from './surrogate/deploy.js';
export type { DeployOptions, KernelSample, LayeredSnn, LayerMatrix } from './surrogate/deploy.js';
export { checkIfCnn, cnnLayered, cnnSynapses, convertCnn, dyadicCnn, ifCnnConfig, outputShape, pooledShape } from './surrogate/convert-cnn.js';
export type { CnnConvLayer, CnnDenseLayer, CnnLayer, IfCnn, Shape3 } from './surrogate/convert-cnn.js';
export { IDEAL_HARDWARE, RANGE_SIGMAS, deviceRange, resolveHardware } from './hwa/hardware.js';
export type { ResolvedHardware } from './hwa/hardware.js';
export { programAndVerify } from './hwa/program.js';
export type { ProgramOptions, ProgramResult } from './hwa/program.js';
export { convertDense, positivePercentile } from './surrogate/convert.js';
export type { DenseLayer } from './surrogate/convert.js';
export { DEFAULT_LAMBDAS, RidgeReadout, accuracy, oneHot, ridgeClassifierSelect, ridgeSolve, ridgeStats } from './reservoir/ridge.js';
export type { RidgeSelection, RidgeStats, RidgeStatsOptions } from './reservoir/ridge.js';
export { EchoStateNetwork, spectralRadius } from './reservoir/esn.js';
export type { EsnOptions } from './reservoir/esn.js';
export { narma10, nmse } from './reservoir/narma.js';
export { NoReservoir, channelStats, pooledStates, takeRows } from './reservoir/pooling.js';
export type { FrameSequence, StateRunner } from './reservoir/pooling.js';
export { RfNetwork, powerEncoding } from './oscillators/rf-network.js';
export type { RfNetOptions, RfTrainOptions } from './oscillators/rf-network.js';
export { AUDIO_RANGE_NATS, audioRaster } from './surrogate/audio.js';
export type { AudioRasterOptions } from './surrogate/audio.js';
export { recurrentLayers, weightMatrices } from './surrogate/model.js';
export { burgLpc, lpcFormants, meanFormant, resample, synthVowel, trackFormants, vowelWindow } from './oscillators/formants.js';
export type { FormantOptions, FormantTrack, SynthVowelOptions } from './oscillators/formants.js';
export { SYNC_VOWEL_DEFAULTS, SyncVowelClassifier } from './oscillators/vowel-sync.js';
export type { SyncEpoch, SyncVowelOptions, VowelSample } from './oscillators/vowel-sync.js';
export { espeakVowels, gaussianVowelBaseline, vowelClasses, vowelSpeakerSplit } from './oscillators/vowels.js';
export type { VowelRow } from './oscillators/vowels.js';
export { ESPEAK_VOWELS_CSV, PRAAT_FIXTURE_SETTINGS, PRAAT_SYNTH_FIXTURES } from './oscillators/vowel-table.js';
export { clipCmvn, groupCmvn, withDeltas } from './reservoir/normalise.js';
export type { Float32Frames } from './reservoir/normalise.js';
