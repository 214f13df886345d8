/**
 * @spinsnn/learning/tfjs: the TF.js baselines (MLP/CNN classifiers of MNIST and audio features,
 * trained on the tfjs-node or wasm backend). Needs the optional peer dependencies
 * `@tensorflow/tfjs` and `@tensorflow/tfjs-backend-wasm` (and optionally `@tensorflow/tfjs-node`):
 * `npm install @tensorflow/tfjs@^4.22.0 @tensorflow/tfjs-backend-wasm@^4.22.0`. Node-only
 * (it finds the wasm binaries and writes models through node:fs). Named exports only.
 */
export { initTf, tfjs } from './baselines/tfjs.js';
export type { TfBackendChoice, TfBackendInfo } from './baselines/tfjs.js';
export { featureCnn, mnistCnn, mnistMlp } from './baselines/models.js';
export type { BaselineModelKind, ModelOptions } from './baselines/models.js';
export { evaluateClassifier, trainClassifier } from './baselines/train.js';
export type { ClassificationData, EpochReport, Evaluation, TrainOptions } from './baselines/train.js';
export { featureClassificationData, featureNorm, mnistClassificationData } from './baselines/data.js';
export type { FeatureNorm } from './baselines/data.js';
export { loadModel, saveModel } from './baselines/io.js';
export { timeTrainingSteps, trainAnalogNet, trainBinaryNet, vgg8Mnist } from './cim/train-tfjs.js';
export type { CimHwaOptions, CimTrainData, CimTrainOptions } from './cim/train-tfjs.js';
export { cimLearningRate } from './cim/train-tfjs.js';
export { trainBinaryVgg8 } from './cim/train-conv-tfjs.js';
export { TfSnn, clipByGlobalNorm, countLoss, evaluateSnn, smoothStepTf, spikeFn, surrogateGrad, trainSnn } from './surrogate/tf-snn.js';
export type { ForwardOptions, ForwardResult, SnnEpochReport, SnnEvaluation, SnnTrainOptions } from './surrogate/tf-snn.js';
export { hwaWeights } from './hwa/tf-hwa.js';
export { CONV_INIT_GAIN, TfConvSnn, convSnnSizes } from './surrogate/tf-conv-snn.js';
export type { ConvSnnShape } from './surrogate/tf-conv-snn.js';
export type { SnnModel } from './surrogate/tf-snn.js';
export { TfIfCnn } from './surrogate/tf-if-cnn.js';
