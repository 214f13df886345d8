/**
 * Fuzz budget: FUZZ_RUNS sets the runs of every property (CI uses each property's default),
 * FUZZ_SEED the fast-check seed (fixed by default, so CI failures reproduce).
 */
export function fuzzRuns(ciDefault: number): number {
  const env = process.env.FUZZ_RUNS;
  const n = env === undefined ? ciDefault : Number(env);
  if (!(Number.isInteger(n) && n > 0)) throw new Error(`FUZZ_RUNS must be a whole number > 0, got ${env}`);
  return n;
}

export function fuzzSeed(fallback: number): number {
  const env = process.env.FUZZ_SEED;
  return env === undefined ? fallback : Number(env);
}

/** Test timeout for a property of `runs` cases at about `msPerCase` each (generous: 2 shared cores). */
export function fuzzTimeout(runs: number, msPerCase: number): number {
  return Math.max(60_000, runs * msPerCase * 4);
}
