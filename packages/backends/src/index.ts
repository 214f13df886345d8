/**
 * @spinsnn/backends: device physics behind spinsnn's networks. Importing it registers every
 * backend's models in core's registry (`sot/multilevel`, `pbit/telegraph`, …), so a network spec
 * can name them. Named exports only; queues, flip kernels and samplers' internals are under
 * `@spinsnn/backends/internal`.
 */
/** The package name, `@spinsnn/backends`. */
export const PACKAGE = '@spinsnn/backends';

export type { DeviceSynapseStore, Pulse, PulseOutcome } from './types.js';
export { CMOS_45NM_PRICES, CMOS_INT8_MAC_J, CMOS_PBIT_UPDATE_J, FP32_ADD_J, FP32_MULT_J, INT32_OP_J, SRAM_PER_BIT_J, SRAM_TABLE_PER_BIT_J } from './cmos.js';
export { LlgUnavailableError, NoCharacterisationError, characteriseDevice } from './registry.js';
export type { Characterisation } from './registry.js';
export { criticalCurrent50, currentForProbability, dwellTime, precessionalTime, retentionFlipProbability, switchingProbability } from './switching.js';
export type { SwitchingParams } from './switching.js';
export { DeviceStoreBase, standaloneContext } from './store-base.js';
export { WIDTHS, curve, cycleCurves, switchingCurves } from './characterise.js';
export { IDEAL_FLOAT_PARAMS, IdealFloatStore, idealQuantise } from './ideal/index.js';
import './sot/index.js'; // registers sot/multilevel and sot/binary
export { BINARY_PARAMS, SotBinaryStore, anisotropyFactor, heatedSwitchingProbability } from './sot/binary.js';
export { MULTILEVEL_PARAMS, SotMultilevelStore, closedFormCycle } from './sot/multilevel.js';
export { MTJ_PARAMS, SWITCHING_PARAMS, conductanceRange, pulseEnergy, readEnergy, switchingOf } from './sot/common-params.js';
export { timingPulse } from './sot/stdp.js';
export type { TimingPulseOptions } from './sot/stdp.js';
export { MRAM_PARAMS, MramStore, resistanceSumMac } from './mram/index.js';
export { IsingModel } from './pbit/ising-model.js';
export {
  dwellTimeIn,
  energyPerFlip,
  flipRate,
  isIdealDevice,
  meanDwellTime,
  pUp,
  pbitFromValues,
  pbitParamSpecs,
  pbitParams,
  pbitPresets,
  sampleDevices,
  sampleSpread,
} from './pbit/device.js';
export type { DeviceSpread, PbitOverrides, PbitParams } from './pbit/device.js';
export { GibbsSampler } from './pbit/gibbs.js';
export type { GibbsOptions } from './pbit/gibbs.js';
export { PbitTelegraphGroup } from './pbit/telegraph.js';
export { llgPbitAnisotropyTesla, llgPbitCriticalCurrent, llgPbitDwell, llgPbitGain, llgPbitMacrospin, llgPbitSigmoid } from './pbit/calibration.js';
export type { LlgPbitOptions, LlgPbitPoint } from './pbit/calibration.js';
import './pbit/register.js'; // registers pbit/telegraph
export { GAMMA_PRIME, MacrospinEnsemble, macrospinDefaults, sotDampingLikeField, sttFieldPerPolarisation, thermalFieldStd } from './physics/llg.js';
export type { MacrospinParams } from './physics/llg.js';
export {
  axialAverage,
  axialMeanFirstPassage,
  axialPUp,
  brownDwellTime,
  brownTauN,
  dampingTime,
  kittelFrequencyAxial,
  kittelFrequencyInPlane,
  sttCriticalCurrent,
  sttEfficiency,
  thermalStability,
  volumeForStability,
} from './physics/theory.js';
export { llgSwitchingProbability } from './physics/calibration.js';
export type { SwitchingPoint } from './physics/calibration.js';
export {
  defaultStno,
  generationFrequency,
  nonlinearity,
  relaxationTime,
  stationaryPower,
  stnoDerived,
  stnoFromValues,
  stnoParamSpecs,
  stnoPresets,
} from './stno/params.js';
export type { StnoDerived, StnoParams } from './stno/params.js';
export { StnoArray } from './stno/oscillator.js';
export { StnoRateGroup, stnoRateModel } from './stno/neuron.js';
export { randomBinaryMask, runStnoReservoir } from './stno/reservoir.js';
export type { ReservoirOptions } from './stno/reservoir.js';
export { spinDiodeChain, spinDiodePeak, spinDiodeVoltage } from './stno/diode.js';
export type { SpinDiode } from './stno/diode.js';
export { llgStnoMacrospin, llgStnoSteadyState } from './stno/calibration.js';
export type { LlgStnoPoint } from './stno/calibration.js';
import './stno/register.js'; // registers stno/oscillator
export { DwNotchedStore } from './dw/index.js';
import './cim/index.js'; // registers cim/crossbar
export { crossbarModel } from './cim/index.js';
export { CROSSBAR_PARAMS, CimTile, ENC_DIFFERENTIAL, ENC_XNOR, MAC_CURRENT, MAC_RESISTANCE } from './cim/tile.js';
export type { TileCost, TileOptions } from './cim/tile.js';
export { crossbarTransfer } from './cim/irdrop.js';
export { analogMacRef, cimArenaFor, packBits, packedWords32, xnorMismatchRef } from './cim/kernels.js';
export { evaluatePuf } from './cim/puf.js';
export type { PufOptions, PufReport } from './cim/puf.js';
export { PulsedPbitGroup, effectivePbit, logistic, pulseSample } from './pbit/pulsed.js';
export type { PulsedChip } from './pbit/pulsed.js';
export {
  vcmaBarrierAt50,
  vcmaChip,
  vcmaEffectivePbit,
  vcmaFromValues,
  vcmaPInf,
  vcmaParamSpecs,
  vcmaParams,
  vcmaPresets,
  vcmaPUpAtVoltage,
  vcmaPulseEnergy,
  vcmaSlopeAt50,
  vcmaV50,
} from './pbit/vcma.js'; // registers pbit/vcma
export type { VcmaParams } from './pbit/vcma.js';
export {
  sotHighBarrierChip,
  sotHighBarrierEffectivePbit,
  sotHighBarrierFromValues,
  sotHighBarrierPUp,
  sotHighBarrierParamSpecs,
  sotHighBarrierParams,
  sotHighBarrierPresets,
  sotPulseEnergy,
  sotRetentionFlip,
} from './pbit/sot-highbarrier.js'; // registers pbit/sot-highbarrier
export type { SotHighBarrierParams } from './pbit/sot-highbarrier.js';
export { PBIT_DEVICE_IDS, pbitDevice } from './pbit/devices.js';
export type { PbitDevice, PbitDeviceId } from './pbit/devices.js';
export {
  MSC_MAX_DEGREE,
  MSC_REPLICAS,
  MscSampler,
  mscEnergy,
  mscGraph,
  mscSweepReference,
  mscSweepWordsReference,
  mscThresholds,
  popcount,
} from './pbit/msc.js';
export type { MscGraph, MscOptions } from './pbit/msc.js';
export { StnoMultiplexedReservoir, logisticPowerStep } from './stno/multiplexed.js';
export type { MultiplexedOptions, StnoDetector } from './stno/multiplexed.js';
export { StnoArrayReservoir } from './stno/array-reservoir.js';
export type { ArrayReservoirOptions, StnoCoupling } from './stno/array-reservoir.js';
import './stno/diode-register.js'; // registers stno/spin-diode
export { READ_SIGMA_SUMMABLE } from './store-base.js';
export { DrivenStnoArray, adlerLockingHalfWidth } from './stno/driven.js';
export type { DrivenRunOptions, DrivenRunResult, MicrowaveInput } from './stno/driven.js';
export { defaultShno, shnoDerived, shnoFrequency, shnoFromValues, shnoNu, shnoParamSpecs, shnoPresets } from './shno/params.js';
export type { ShnoParams } from './shno/params.js';
import './shno/register.js'; // registers shno/oscillator
export { ShnoArray } from './shno/array.js';
export type { ShnoArrayOptions, ShnoLinewidth } from './shno/array.js';
