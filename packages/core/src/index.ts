/**
 * @spinsnn/core: the event kernel, the network spec, the model registry, core's reference models,
 * monitors, the energy ledger, snapshots, the RNG and SI units. Named exports only: what a user or
 * an extender needs. Kernel plumbing (the event queue, wasm arenas, expFast, …) is under
 * `@spinsnn/core/internal`, for the other spinsnn packages and for tests; it may change without notice.
 */
import './core-models.js';
export {
  GHz,
  Hz,
  MHz,
  Mohm,
  aJ,
  amp,
  fF,
  fJ,
  farad,
  gammaE,
  hbar,
  joule,
  kB,
  kHz,
  kelvin,
  kohm,
  mA,
  mS,
  mT,
  mV,
  mW,
  meter,
  ms,
  mu0,
  muB,
  nA,
  nS,
  nm,
  ns,
  ohm,
  pA,
  pF,
  pJ,
  ps,
  qe,
  second,
  siemens,
  tesla,
  uA,
  uS,
  uV,
  uW,
  um,
  us,
  volt,
  watt,
} from './units.js';
export { DataError, InternalError, ParamError, SimulationError, SpecError, SpinsnnError, isUserError } from './errors.js';
export { Rng } from './rng.js';
export type { RngState } from './rng.js';
export { Simulator } from './simulator.js';
export type { ClockMember, EventHandler, SimulatorEvents } from './simulator.js';
export { EnergyLedger } from './ledger.js';
export type { LedgerCounter, LedgerRow, PriceTable } from './ledger.js';
export { checkParam, rangeText } from './params.js';
export type { ParamSpec, ParamValues } from './params.js';
export { decodeSnapshot, encodeSnapshot, isStateArray, restoreArray, stateNumber, stateRecord } from './state.js';
export type { StateArray, StateRecord, StateValue, Stateful } from './state.js';
export { backendInfo, backendOf, getModel, getPreset, registerBackend, registerModel, registeredModels, resolveModelParams } from './registry.js';
export { noticeOnce, setNoticeSink } from './notices.js';
export type {
  ArrayContext,
  ArrayModel,
  ArrayTile,
  BackendInfo,
  CharacteriseOptions,
  Curve,
  DeviceOnlyModel,
  ModelBase,
  ModelDef,
  ModelKind,
  NeuronModel,
  PlasticityModel,
  Preset,
  SynapseHardware,
  SynapseModel,
} from './registry.js';
export { IdealSynapses, floatSynapseModel } from './synapses.js';
export type { SynapseDeviceContext, SynapseStore } from './synapses.js';
export type { PlasticityContext, PlasticityRule } from './plasticity.js';
export { CONNECTIVITY_RULES, buildConnectivity } from './connectivity.js';
export type { ConnectivitySpec, Csr } from './connectivity.js';
export { Population } from './population.js';
export type { SpikeListener } from './population.js';
export { Projection } from './projection.js';
export type { IncomingIndex } from './projection.js';
export { PoissonInput, SpikeTimesInput } from './inputs.js';
export { formatNumber, formatQuantity } from './format.js';
export { decodeNpy, decodeNpz, encodeNpy, encodeNpz, stateArrays } from './npy.js';
export type { NpyArray, NpyTensor } from './npy.js';
export { RateMonitor, SpikeMonitor, StateMonitor, WeightMonitor } from './monitors.js';
export type { Monitor } from './monitors.js';
export { DEFAULT_DT, validateNetworkSpec } from './spec.js';
export type { InputSpec, MonitorSpec, NetworkSpec, PlasticitySpec, PopulationSpec, ProjectionSpec, SynapseSpec, ValueSpec } from './spec.js';
export { Network } from './network.js';
export { MAX_PROJECTION_SYNAPSES, checkNetworkMemory, estimateNetworkMemory, freeMemoryBytes } from './memory.js';
export type { MemoryEstimate } from './memory.js';
export type { BuildOptions, NetworkSnapshot } from './network.js';
export type { ClockDrivenNeuronGroup, EventDrivenNeuronGroup, GroupContext, GroupOptions, Integration, NeuronGroup, SpikeSink } from './neurons/types.js';
export { ClockDrivenGroup, EventDrivenGroup, refractorySteps } from './neurons/bases.js';
export { LifClockGroup, LifEventGroup, lifModel } from './neurons/lif.js';
export { LifCubaGroup, lifCubaModel, propagatorGain } from './neurons/lif-cuba.js';
export { LifCobaGroup, lifCobaModel } from './neurons/lif-coba.js';
export { COBA, CUBA, benchmarkConnectionProbability, brette2007Spec } from './benchmarks.js';
export type { BenchmarkNetworkOptions } from './benchmarks.js';
export type { KernelChoice } from './wasm/kernels.js';
export {
  NIR_NEURON_MODELS,
  NirNeuronGroup,
  ifModel,
  integratorModel,
  liModel,
  nirCubaLifModel,
  nirLifModel,
  nirThresholdModel,
} from './neurons/nir-neurons.js';
export type { NirNeuronKind } from './neurons/nir-neurons.js';
export type { NormalSpec } from './spec.js';
export { NORMAL_REDRAW_REACH_SD } from './spec.js';
export { fixedTotalNumber } from './connectivity.js';
export { counterPoisson, counterPoissonParams, counterUint32, counterUniform, mix32, POISSON_CHUNK_MEAN } from './counter-rng.js';
export type { CounterPoisson } from './counter-rng.js';
export { IAF_PSC_EXP_PARAMS, IafPscExpGroup, iafPscExpCoeffs, iafPscExpModel, stepIafPscExpRange } from './neurons/iaf-psc-exp.js';
export type { IafPscExpCoeffs, IafPscExpState } from './neurons/iaf-psc-exp.js';
export {
  PD14,
  PD14_CONN_PROBS,
  PD14_K_EXT,
  PD14_POPULATIONS,
  PD14_REFERENCE_RATES,
  PD14_SIZES,
  PD14_V0_MEAN,
  PD14_V0_SD,
  microcircuitSpec,
  microcircuitTables,
  pd14SynapseCount,
  pscOverPsp,
  roundHalfEven,
} from './microcircuit.js';
export type { MicrocircuitOptions, MicrocircuitTables } from './microcircuit.js';
