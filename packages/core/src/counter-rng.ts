/**
 * Counter-based random numbers: a draw is a pure function of (key, index, step), with no
 * generator state. A neuron's background input at step k is then the same whichever thread
 * steps it and in whatever order, so results cannot depend on how neurons are split over
 * threads, and a snapshot needs no random state for it (docs/microcircuit.md §4).
 *
 * The hash chains three rounds of a 32-bit integer finaliser (the "lowbias32" xorshift-multiply
 * mixer, each round a bijection of 32-bit words), feeding the step in before and after the
 * index, so that two (index, step) pairs do not collide along a shifted run of indices (which a
 * single `mix(index + f(step))` would do). Uniforms have 32 bits of resolution; the Poisson
 * sampler inverts the CDF with one uniform per chunk of mean ≤ POISSON_CHUNK_MEAN.
 */

/** One round of the lowbias32 mixer: a bijection of 32-bit words with good avalanche. */
export function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x21f0aaad);
  x ^= x >>> 15;
  x = Math.imul(x, 0x735a2d97);
  x ^= x >>> 15;
  return x >>> 0;
}

/** A uint32 determined by (key, index, step) alone. */
export function counterUint32(key: number, index: number, step: number): number {
  let h = mix32((key ^ Math.imul(step, 0x9e3779b9)) >>> 0);
  h = mix32((h ^ index) >>> 0);
  return mix32(((h + Math.imul(step, 0x632be5ab)) ^ key) >>> 0);
}

const TWO_POW_32_INV = 1 / 4294967296;

/** A uniform in (0, 1) determined by (key, index, step): (u32 + ½)/2³². */
export function counterUniform(key: number, index: number, step: number): number {
  return (counterUint32(key, index, step) + 0.5) * TWO_POW_32_INV;
}

/**
 * Largest Poisson mean drawn by one inversion: e^(−λ) stays far from underflow and the
 * expected search length (λ + 1 comparisons) stays short. Larger means are sums of chunks.
 */
export const POISSON_CHUNK_MEAN = 16;

/** Precomputed constants of a counter-based Poisson(λ) draw (`counterPoisson`). */
export interface CounterPoisson {
  /** Total mean λ. */
  readonly lambda: number;
  /** Number of chunks the mean is split into (0 when λ = 0). */
  readonly chunks: number;
  /** Mean of each chunk (λ / chunks). */
  readonly chunkLambda: number;
  /** e^(−chunkLambda): P(0) of a chunk. */
  readonly expNeg: number;
}

/** The constants of a counter-based Poisson draw with mean λ ≥ 0. */
export function counterPoissonParams(lambda: number): CounterPoisson {
  if (!(lambda >= 0) || !Number.isFinite(lambda)) throw new RangeError(`Poisson mean must be finite and ≥ 0, got ${lambda}`);
  const chunks = lambda === 0 ? 0 : Math.ceil(lambda / POISSON_CHUNK_MEAN);
  const chunkLambda = chunks === 0 ? 0 : lambda / chunks;
  return { lambda, chunks, chunkLambda, expNeg: Math.exp(-chunkLambda) };
}

/** Key of chunk c of a draw: the base key mixed with the chunk number (c = 0 keeps the key). */
function chunkKey(key: number, c: number): number {
  return c === 0 ? key : mix32((key + Math.imul(c, 0x85ebca6b)) >>> 0);
}

/**
 * A Poisson count determined by (key, index, step) alone: inversion of the CDF with one
 * counter uniform per chunk (exact up to the uniform's 2⁻³² resolution).
 */
export function counterPoisson(p: CounterPoisson, key: number, index: number, step: number): number {
  let n = 0;
  for (let c = 0; c < p.chunks; c++) {
    const u = counterUniform(chunkKey(key, c), index, step);
    let prob = p.expNeg;
    let cdf = prob;
    let k = 0;
    // stop at 1000: beyond the largest count a chunk of mean ≤ 16 has any real probability of
    while (u > cdf && k < 1000) {
      k++;
      prob *= p.chunkLambda / k;
      cdf += prob;
    }
    n += k;
  }
  return n;
}
