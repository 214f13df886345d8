import { SpecError } from '@spinsnn/core';

/** An annealing schedule: β for sweep k of K (k = 0 … K−1). */
export type BetaSchedule =
  | { readonly kind: 'constant'; readonly beta: number }
  | { readonly kind: 'linear'; readonly beta0: number; readonly beta1: number }
  | { readonly kind: 'geometric'; readonly beta0: number; readonly beta1: number }
  | { readonly kind: 'custom'; readonly betas: ArrayLike<number> };

/** β per sweep: linear and geometric ramps hit beta0 at k = 0 and beta1 at k = K − 1; custom is resampled piecewise-constantly. */
export function betaSequence(s: BetaSchedule, sweeps: number): Float64Array {
  if (!Number.isInteger(sweeps) || sweeps < 1) throw new SpecError('schedule.sweeps', 'a whole number ≥ 1', sweeps);
  const out = new Float64Array(sweeps);
  const last = Math.max(1, sweeps - 1);
  switch (s.kind) {
    case 'constant':
      checkBeta('schedule.beta', s.beta);
      out.fill(s.beta);
      break;
    case 'linear':
      checkBeta('schedule.beta0', s.beta0);
      checkBeta('schedule.beta1', s.beta1);
      for (let k = 0; k < sweeps; k++) out[k] = s.beta0 + ((s.beta1 - s.beta0) * k) / last;
      break;
    case 'geometric':
      if (!(s.beta0 > 0) || !(s.beta1 > 0)) throw new SpecError('schedule', 'beta0 > 0 and beta1 > 0 for a geometric ramp', `${s.beta0}, ${s.beta1}`);
      for (let k = 0; k < sweeps; k++) out[k] = s.beta0 * Math.pow(s.beta1 / s.beta0, k / last);
      break;
    case 'custom': {
      const m = s.betas.length;
      if (m < 1) throw new SpecError('schedule.betas', 'at least one β', m);
      for (let i = 0; i < m; i++) checkBeta(`schedule.betas[${i}]`, s.betas[i]);
      for (let k = 0; k < sweeps; k++) out[k] = s.betas[Math.min(m - 1, Math.floor((k * m) / sweeps))];
      break;
    }
  }
  return out;
}

function checkBeta(path: string, b: number): void {
  if (!(b >= 0) || !Number.isFinite(b)) throw new SpecError(path, 'a finite β ≥ 0', b);
}
