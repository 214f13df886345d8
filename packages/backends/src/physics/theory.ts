/**
 * Closed forms the macrospin solver is tested against, and that calibrate the compact models
 * (docs/physics.md §1.2–1.3, §2.1). Fields in A/m, γ' = μ0 γe.
 *
 * "Axial" results hold for a uniaxial macrospin with its easy axis, the applied field and any
 * STT polariser all along z: the problem is then one-dimensional in z = m_z and has exact
 * stationary distributions and mean first-passage times (Brown 1963).
 */
import { hbar, kB, mu0, qe } from '@spinsnn/core';
import { GAMMA_PRIME } from './llg.js';

/** Thermal stability Δ = μ0 Ms H_k V / (2 kB T) of a uniaxial macrospin (§1.3). */
export function thermalStability(ms: number, hkEff: number, volume: number, temperature: number): number {
  return (mu0 * ms * hkEff * volume) / (2 * kB * temperature);
}

/** The volume that gives a macrospin the stability Δ (low-barrier p-bits are tiny or soft). */
export function volumeForStability(delta: number, ms: number, hkEff: number, temperature: number): number {
  return (2 * kB * temperature * delta) / (mu0 * ms * hkEff);
}

/** Precession frequency (Hz) about z of an axial macrospin near m = +z: γ'(H_z + H_k,eff)/(2π(1+α²)). */
export function kittelFrequencyAxial(hz: number, hkEff: number, alpha: number): number {
  return (GAMMA_PRIME * (hz + hkEff)) / (2 * Math.PI * (1 + alpha * alpha));
}

/** Kittel frequency (Hz) of a thin film (N_z = 1) magnetised in plane by H (α = 0): γ'√(H(H+Ms))/(2π). */
export function kittelFrequencyInPlane(h: number, ms: number): number {
  return (GAMMA_PRIME * Math.sqrt(h * (h + ms))) / (2 * Math.PI);
}

/** Small-angle relaxation time (s) towards +z of an axial macrospin: (1+α²)/(α γ' (H_z + H_k,eff)). */
export function dampingTime(hz: number, hkEff: number, alpha: number): number {
  return (1 + alpha * alpha) / (alpha * GAMMA_PRIME * (hz + hkEff));
}

/** STT efficiency ε(x) = P Λ² / ((Λ²+1) + (Λ²−1) x), x = m·p (§1.1). */
export function sttEfficiency(polarisation: number, lambda: number, x: number): number {
  const l2 = lambda * lambda;
  return (polarisation * l2) / (l2 + 1 + (l2 - 1) * x);
}

/**
 * Zero-temperature STT critical current (A) of an axial macrospin leaving m = −p towards +p:
 * I_c0 = α H_k,eff μ0 e Ms V / (ħ ε(−1))  (§1.3 with ε evaluated in the starting state).
 */
export function sttCriticalCurrent(alpha: number, hkEff: number, ms: number, volume: number, polarisation: number, lambda: number): number {
  return (alpha * hkEff * mu0 * qe * ms * volume) / (hbar * sttEfficiency(polarisation, lambda, -1));
}

/** Brown's relaxation scale τ_N = Δ (1+α²) / (α γ' H_k) (s) of the axial Fokker–Planck equation. */
export function brownTauN(delta: number, hkEff: number, alpha: number): number {
  return (delta * (1 + alpha * alpha)) / (alpha * GAMMA_PRIME * hkEff);
}

/**
 * Brown's high-barrier mean dwell time (s) in one well: (1+α²)/(α γ' H_k) · √(π/Δ) · e^Δ, i.e.
 * τ0 e^Δ with τ0 = (1+α²)/(α γ' H_k) √(π/Δ) (§2.1); relative corrections are O(1/Δ).
 */
export function brownDwellTime(delta: number, hkEff: number, alpha: number): number {
  return ((1 + alpha * alpha) / (alpha * GAMMA_PRIME * hkEff)) * Math.sqrt(Math.PI / delta) * Math.exp(delta);
}

/** Stationary density (unnormalised) of z = m_z of an axial macrospin: exp(Δ (z² + 2 i z)). */
function weight(delta: number, i: number, z: number): number {
  return Math.exp(delta * (z * z + 2 * i * z - 1 - 2 * Math.abs(i)));
}

/**
 * Exact stationary averages of an axial macrospin with reduced bias i, where the bias is an
 * applied field along z (i = H_z / H_k) or a collinear STT
 * current with Λ = 1 (i = I / I_c0): P(z) ∝ exp(Δ (z² + 2 i z)) on [−1, 1]. Both drive the same
 * one-dimensional Fokker–Planck equation (Brown 1963), so the equilibrium Boltzmann
 * distribution and the STT steady state have one formula. Midpoint rule, `n` intervals.
 */
export function axialAverage(delta: number, i: number, f: (z: number) => number, n = 20000): number {
  let num = 0,
    den = 0;
  for (let k = 0; k < n; k++) {
    const z = -1 + (2 * (k + 0.5)) / n;
    const w = weight(delta, i, z);
    num += w * f(z);
    den += w;
  }
  return num / den;
}

/** P(m_z > 0) of the axial macrospin in its stationary state (the LLG p-bit sigmoid). */
export function axialPUp(delta: number, i: number): number {
  return axialAverage(delta, i, (z) => (z > 0 ? 1 : 0));
}

/**
 * Exact mean first-passage time (s) of the axial macrospin from z0 to a < z0 (Brown's 1-D
 * Fokker–Planck equation with D(z) = (1 − z²)/(2 τ_N), potential U = −Δ(z² + 2 i z)):
 *   T(z0) = 2 τ_N ∫_a^z0 dy e^(U(y)) / (1 − y²) ∫_y^1 e^(−U(x)) dx.
 * With a = −z0 this is the mean dwell time measured with hysteresis thresholds ±z0.
 */
export function axialMeanFirstPassage(delta: number, i: number, tauN: number, z0: number, a: number, n = 4000): number {
  // inner(y) = ∫_y^1 e^{Δ(x²+2ix)} dx, accumulated from 1 downwards on a fine grid
  const m = n * 8;
  const h = (1 - a) / m;
  const shift = delta * (1 + 2 * Math.abs(i));
  const inner = new Float64Array(m + 1); // inner at y_k = a + k h
  for (let k = m - 1; k >= 0; k--) {
    const x = a + (k + 0.5) * h;
    inner[k] = inner[k + 1] + h * Math.exp(delta * (x * x + 2 * i * x) - shift);
  }
  let sum = 0;
  for (let k = 0; k < m; k++) {
    const y = a + (k + 0.5) * h;
    if (y >= z0) break;
    const innerY = 0.5 * (inner[k] + inner[k + 1]);
    sum += (h * Math.exp(-delta * (y * y + 2 * i * y) + shift) * innerY) / (1 - y * y);
  }
  return 2 * tauN * sum;
}
