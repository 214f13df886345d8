/**
 * SI scale constants. Every quantity in spinsnn is a plain number in SI base units;
 * multiply by these to write readable literals: `tau: 20 * ms`, `w: 1.62 * mV`.
 */
export const second = 1;
export const ms = 1e-3;
export const us = 1e-6;
export const ns = 1e-9;
export const ps = 1e-12;
export const Hz = 1;
export const kHz = 1e3;
export const MHz = 1e6;
export const GHz = 1e9;

export const volt = 1;
export const mV = 1e-3;
export const uV = 1e-6;
export const amp = 1;
export const mA = 1e-3;
export const uA = 1e-6;
export const nA = 1e-9;
export const pA = 1e-12;
export const siemens = 1;
export const mS = 1e-3;
export const uS = 1e-6;
export const nS = 1e-9;
export const ohm = 1;
export const kohm = 1e3;
export const Mohm = 1e6;
export const farad = 1;
export const pF = 1e-12;
export const fF = 1e-15;

export const joule = 1;
export const pJ = 1e-12;
export const fJ = 1e-15;
export const aJ = 1e-18;
export const watt = 1;
export const mW = 1e-3;
export const uW = 1e-6;

export const meter = 1;
export const nm = 1e-9;
export const um = 1e-6;
export const kelvin = 1;
export const tesla = 1;
export const mT = 1e-3;

/** Physical constants (CODATA 2018, exact where SI defines them). */
export const kB = 1.380649e-23; // J/K
export const qe = 1.602176634e-19; // C
export const hbar = 1.054571817e-34; // J s
export const mu0 = 1.25663706212e-6; // N/A^2
export const muB = 9.2740100783e-24; // J/T
/** Gyromagnetic ratio of the free electron, |γ| in rad/(s·T). */
export const gammaE = 1.76085963023e11;
