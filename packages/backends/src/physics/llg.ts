/**
 * Macrospin stochastic Landau–Lifshitz–Gilbert–Slonczewski solver (docs/physics.md §1).
 *
 * Explicit LL form, fields in A/m, γ' = μ0 γe (§1.1):
 *
 *   dm/dt = −γ'/(1+α²) [ m × A + m × (m × B) ]
 *   A = H − α a + b,   B = α H + a + α b
 *
 * H is the effective field (applied, uniaxial anisotropy along z, demagnetisation, thermal);
 * a is the damping-like (DL) torque field and b the field-like (FL) one:
 *
 *   a = h_STT ε(m·p) p + h_DL σ,   b = h_FL σ
 *   h_STT = I ħ / (μ0 e Ms V),     ε(x) = P Λ² / ((Λ²+1) + (Λ²−1) x)      (OOMMF "simple", §1.1)
 *
 * Written out, this is the §1.1 LL form: the (τ_FL − α τ_DL) m×σ and (τ_DL + α τ_FL) m×(m×σ)
 * terms. Sign convention, fixed by a unit test: a positive DL field pulls m towards +σ (+p),
 * since −m×(m×σ) = σ − m(m·σ); a positive FL field acts exactly like an applied field along σ.
 *
 * Integration: stochastic Heun (Stratonovich) with renormalisation (§1.2). The thermal field
 * has independent N(0, σ_H²) components per step, σ_H = √(2 α kB T / (μ0 γ' Ms V dt)), drawn
 * once per step and used in both predictor and corrector.
 *
 * Speed: the ensemble is struct-of-arrays and `advance` keeps the whole step in float64 locals —
 * no allocation per step. Spins are independent, so each spin is advanced on its own.
 */
import { SpecError, gammaE, hbar, kB, mu0, qe, type Rng } from '@spinsnn/core';
import { ZigguratNormal } from './normal.js';

/** γ' = μ0 γe: gyromagnetic ratio for fields in A/m (m A⁻¹ s⁻¹). */
export const GAMMA_PRIME = mu0 * gammaE;

/** Parameters of a macrospin (Ms, damping, anisotropy, volume, temperature, spin torques) for the LLG integrator. */
export interface MacrospinParams {
  /** Saturation magnetisation Ms (A/m). */
  ms: number;
  /** Gilbert damping α. */
  alpha: number;
  /** Free-layer volume V (m³). */
  volume: number;
  /** Uniaxial anisotropy field along z, H_k = 2 K_u / (μ0 Ms) (A/m); demagnetisation is separate. */
  hk: number;
  /** Demagnetising factors (Nx, Ny, Nz), summing to 1 for an ellipsoid. */
  demag: [number, number, number];
  /** Applied field (A/m). */
  hExt: [number, number, number];
  /** Temperature (K); 0 switches the thermal field off. */
  temperature: number;
  /** STT: pinned-layer unit vector p. */
  p: [number, number, number];
  /** STT: signed charge current I (A); positive pulls m towards +p. */
  current: number;
  /** STT: spin polarisation P. */
  polarisation: number;
  /** STT: Slonczewski asymmetry Λ (1: ε = P/2, independent of the angle). */
  lambda: number;
  /** SOT: spin polarisation unit vector σ. */
  sigma: [number, number, number];
  /** SOT damping-like field h_DL (A/m); positive pulls m towards +σ. */
  hDL: number;
  /** SOT field-like field h_FL (A/m). */
  hFL: number;
}

/** A PMA free layer with every torque off: fill in what a test or calibration needs. */
export function macrospinDefaults(): MacrospinParams {
  return {
    ms: 1.2e6,
    alpha: 0.01,
    volume: 1.96e-24,
    hk: 0,
    demag: [0, 0, 0],
    hExt: [0, 0, 0],
    temperature: 0,
    p: [0, 0, 1],
    current: 0,
    polarisation: 0.5,
    lambda: 1,
    sigma: [0, 1, 0],
    hDL: 0,
    hFL: 0,
  };
}

/** STT field amplitude per P: h_STT = I ħ / (μ0 e Ms V) (A/m); the DL field is h_STT ε(m·p). */
export function sttFieldPerPolarisation(current: number, ms: number, volume: number): number {
  return (current * hbar) / (mu0 * qe * ms * volume);
}

/** SOT damping-like field of a spin-Hall layer: h_DL = ħ θ_SH J / (2 e μ0 Ms t_F) (A/m), §1.1. */
export function sotDampingLikeField(thetaSH: number, currentDensity: number, ms: number, tF: number): number {
  return (hbar * thetaSH * currentDensity) / (2 * qe * mu0 * ms * tF);
}

/** Per-step standard deviation of each thermal-field component (A/m), §1.1. */
export function thermalFieldStd(alpha: number, temperature: number, ms: number, volume: number, dt: number): number {
  return Math.sqrt((2 * alpha * kB * temperature) / (mu0 * GAMMA_PRIME * ms * volume * dt));
}

/**
 * An ensemble of independent macrospins sharing one parameter set. Change `params` fields
 * between `advance` calls (e.g. a current pulse then relaxation); they are read at each call.
 */
export class MacrospinEnsemble {
  readonly mx: Float64Array;
  readonly my: Float64Array;
  readonly mz: Float64Array;
  /** Steps taken by `advance` in total (all spins). */
  steps = 0;
  private readonly normal: ZigguratNormal;

  constructor(
    readonly n: number,
    readonly params: MacrospinParams,
    readonly dt: number,
    rng: Rng,
  ) {
    if (!(dt > 0)) throw new SpecError('macrospin dt', 'a time step > 0 s', dt);
    if (!(params.ms > 0 && params.volume > 0 && params.alpha >= 0 && params.temperature >= 0)) {
      throw new SpecError(
        'macrospin params',
        'Ms > 0, V > 0, α ≥ 0 and T ≥ 0',
        `Ms ${params.ms}, V ${params.volume}, α ${params.alpha}, T ${params.temperature}`,
      );
    }
    this.mx = new Float64Array(n);
    this.my = new Float64Array(n);
    this.mz = new Float64Array(n).fill(1);
    this.normal = new ZigguratNormal(rng);
  }

  /** Points every spin along (x, y, z) (normalised). */
  setAll(x: number, y: number, z: number): void {
    const r = Math.hypot(x, y, z);
    this.mx.fill(x / r);
    this.my.fill(y / r);
    this.mz.fill(z / r);
  }

  /** Points spin i along (x, y, z) (normalised). */
  set(i: number, x: number, y: number, z: number): void {
    const r = Math.hypot(x, y, z);
    this.mx[i] = x / r;
    this.my[i] = y / r;
    this.mz[i] = z / r;
  }

  /** Advances every spin by `steps` steps. */
  /**
   * Mean precession frequency of spin i about z over the next `steps` steps (Hz), positive for
   * counter-clockwise seen from +z: the azimuth atan2(my, mx) unwrapped step by step (a step must
   * turn it by less than π).
   */
  precessionFrequency(i: number, steps: number): number {
    let phi = 0,
      last = Math.atan2(this.my[i], this.mx[i]);
    for (let k = 0; k < steps; k++) {
      this.advance(i, 1);
      const a = Math.atan2(this.my[i], this.mx[i]);
      let d = a - last;
      if (d > Math.PI) d -= 2 * Math.PI;
      if (d < -Math.PI) d += 2 * Math.PI;
      phi += d;
      last = a;
    }
    return phi / (2 * Math.PI * steps * this.dt);
  }

  advanceAll(steps: number): void {
    for (let i = 0; i < this.n; i++) this.advance(i, steps);
  }

  /**
   * Advances spin i by up to `steps` steps; stops early after the first step that leaves
   * `stopSign · m_z < stopBelow` (pass stopSign = 0 to never stop). Returns the steps taken.
   */
  advance(i: number, steps: number, stopSign = 0, stopBelow = 0): number {
    const P = this.params;
    const dt = this.dt;
    const g = GAMMA_PRIME / (1 + P.alpha * P.alpha);
    const alpha = P.alpha;
    const ms = P.ms;
    const nx = P.demag[0] * ms,
      ny = P.demag[1] * ms,
      nzk = P.hk - P.demag[2] * ms;
    const hx = P.hExt[0],
      hy = P.hExt[1],
      hz = P.hExt[2];
    const px = P.p[0],
      py = P.p[1],
      pz = P.p[2];
    const hStt = sttFieldPerPolarisation(P.current, ms, P.volume) * P.polarisation;
    const l2 = P.lambda * P.lambda;
    const sttOn = hStt !== 0;
    const sx = P.sigma[0],
      sy = P.sigma[1],
      sz = P.sigma[2];
    const dl = P.hDL,
      fl = P.hFL;
    // constant parts of a and b (SOT)
    const asx = dl * sx,
      asy = dl * sy,
      asz = dl * sz;
    const bx = fl * sx,
      by = fl * sy,
      bz = fl * sz;
    const sigmaH = P.temperature > 0 && alpha > 0 ? thermalFieldStd(alpha, P.temperature, ms, P.volume, dt) : 0;
    const normal = this.normal;
    const half = 0.5 * dt;
    let mx = this.mx[i],
      my = this.my[i],
      mz = this.mz[i];
    let k = 0;
    while (k < steps) {
      let tx = 0,
        ty = 0,
        tz = 0;
      if (sigmaH > 0) {
        tx = sigmaH * normal.next();
        ty = sigmaH * normal.next();
        tz = sigmaH * normal.next();
      }
      // ---- predictor: f(m)
      let Hx = hx - nx * mx + tx,
        Hy = hy - ny * my + ty,
        Hz = hz + nzk * mz + tz;
      let ax = asx,
        ay = asy,
        az = asz;
      if (sttOn) {
        const e = hStt * (l2 / (l2 + 1 + (l2 - 1) * (mx * px + my * py + mz * pz)));
        ax += e * px;
        ay += e * py;
        az += e * pz;
      }
      let Ax = Hx - alpha * ax + bx,
        Ay = Hy - alpha * ay + by,
        Az = Hz - alpha * az + bz;
      let Bx = alpha * Hx + ax + alpha * bx,
        By = alpha * Hy + ay + alpha * by,
        Bz = alpha * Hz + az + alpha * bz;
      let mB = mx * Bx + my * By + mz * Bz;
      // dm/dt = −g [ m×A + m (m·B) − B ]
      const f0x = -g * (my * Az - mz * Ay + mx * mB - Bx);
      const f0y = -g * (mz * Ax - mx * Az + my * mB - By);
      const f0z = -g * (mx * Ay - my * Ax + mz * mB - Bz);
      const qx = mx + dt * f0x,
        qy = my + dt * f0y,
        qz = mz + dt * f0z;
      // ---- corrector: f(m~) with the same thermal field
      Hx = hx - nx * qx + tx;
      Hy = hy - ny * qy + ty;
      Hz = hz + nzk * qz + tz;
      ax = asx;
      ay = asy;
      az = asz;
      if (sttOn) {
        const e = hStt * (l2 / (l2 + 1 + (l2 - 1) * (qx * px + qy * py + qz * pz)));
        ax += e * px;
        ay += e * py;
        az += e * pz;
      }
      Ax = Hx - alpha * ax + bx;
      Ay = Hy - alpha * ay + by;
      Az = Hz - alpha * az + bz;
      Bx = alpha * Hx + ax + alpha * bx;
      By = alpha * Hy + ay + alpha * by;
      Bz = alpha * Hz + az + alpha * bz;
      mB = qx * Bx + qy * By + qz * Bz;
      const f1x = -g * (qy * Az - qz * Ay + qx * mB - Bx);
      const f1y = -g * (qz * Ax - qx * Az + qy * mB - By);
      const f1z = -g * (qx * Ay - qy * Ax + qz * mB - Bz);
      mx += half * (f0x + f1x);
      my += half * (f0y + f1y);
      mz += half * (f0z + f1z);
      const r = 1 / Math.sqrt(mx * mx + my * my + mz * mz);
      mx *= r;
      my *= r;
      mz *= r;
      k++;
      if (stopSign * mz < stopBelow) break;
    }
    this.mx[i] = mx;
    this.my[i] = my;
    this.mz[i] = mz;
    this.steps += k;
    return k;
  }
}
