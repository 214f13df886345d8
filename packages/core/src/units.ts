/**
 * SI scale constants. Every quantity in spinsnn is a plain number in SI base units;
 * multiply by these to write readable literals: `tau: 20 * ms`, `w: 1.62 * mV`.
 */
export const second = 1;
/** Millisecond, 1e-3 s. */
export const ms = 1e-3;
/** Microsecond, 1e-6 s. */
export const us = 1e-6;
/** Nanosecond, 1e-9 s. */
export const ns = 1e-9;
/** Picosecond, 1e-12 s. */
export const ps = 1e-12;
/** Hertz, 1 /s. */
export const Hz = 1;
/** Kilohertz, 1e3 /s. */
export const kHz = 1e3;
/** Megahertz, 1e6 /s. */
export const MHz = 1e6;
/** Gigahertz, 1e9 /s. */
export const GHz = 1e9;

/** Volt (SI base scale, 1). */
export const volt = 1;
/** Millivolt, 1e-3 V. */
export const mV = 1e-3;
/** Microvolt, 1e-6 V. */
export const uV = 1e-6;
/** Ampere (SI base scale, 1). */
export const amp = 1;
/** Milliampere, 1e-3 A. */
export const mA = 1e-3;
/** Microampere, 1e-6 A. */
export const uA = 1e-6;
/** Nanoampere, 1e-9 A. */
export const nA = 1e-9;
/** Picoampere, 1e-12 A. */
export const pA = 1e-12;
/** Siemens (SI base scale, 1). */
export const siemens = 1;
/** Millisiemens, 1e-3 S. */
export const mS = 1e-3;
/** Microsiemens, 1e-6 S. */
export const uS = 1e-6;
/** Nanosiemens, 1e-9 S. */
export const nS = 1e-9;
/** Ohm (SI base scale, 1). */
export const ohm = 1;
/** Kiloohm, 1e3 Ω. */
export const kohm = 1e3;
/** Megaohm, 1e6 Ω. */
export const Mohm = 1e6;
/** Farad (SI base scale, 1). */
export const farad = 1;
/** Picofarad, 1e-12 F. */
export const pF = 1e-12;
/** Femtofarad, 1e-15 F. */
export const fF = 1e-15;

/** Joule (SI base scale, 1). */
export const joule = 1;
/** Picojoule, 1e-12 J. */
export const pJ = 1e-12;
/** Femtojoule, 1e-15 J. */
export const fJ = 1e-15;
/** Attojoule, 1e-18 J. */
export const aJ = 1e-18;
/** Watt (SI base scale, 1). */
export const watt = 1;
/** Milliwatt, 1e-3 W. */
export const mW = 1e-3;
/** Microwatt, 1e-6 W. */
export const uW = 1e-6;

/** Metre (SI base scale, 1). */
export const meter = 1;
/** Nanometre, 1e-9 m. */
export const nm = 1e-9;
/** Micrometre, 1e-6 m. */
export const um = 1e-6;
/** Kelvin (SI base scale, 1). */
export const kelvin = 1;
/** Tesla (SI base scale, 1). */
export const tesla = 1;
/** Millitesla, 1e-3 T. */
export const mT = 1e-3;

/** Physical constants (CODATA 2018, exact where SI defines them). */
export const kB = 1.380649e-23; // J/K
/** Elementary charge (C, exact). */
export const qe = 1.602176634e-19; // C
/** Reduced Planck constant ħ (J·s, exact). */
export const hbar = 1.054571817e-34; // J s
/** Vacuum permeability μ0 (N/A², CODATA 2018). */
export const mu0 = 1.25663706212e-6; // N/A^2
/** Bohr magneton μB (J/T, CODATA 2018). */
export const muB = 9.2740100783e-24; // J/T
/** Gyromagnetic ratio of the free electron, |γ| in rad/(s·T). */
export const gammaE = 1.76085963023e11;
