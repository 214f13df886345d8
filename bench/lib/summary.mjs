// Pure helpers of bench/compare.mjs: argument parsing, contention check, medians and ratios.
// Kept apart from the process-spawning code so that they can be tested (bench/test/).

/** Median of the finite numbers in `xs` (null when there are none). */
export function median(xs) {
  const v = xs.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return null;
  const m = v.length >> 1;
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

/** Arithmetic mean of the finite numbers in `xs` (null when there are none). */
export function mean(xs) {
  const v = xs.filter((x) => typeof x === 'number' && Number.isFinite(x));
  return v.length ? v.reduce((s, x) => s + x, 0) / v.length : null;
}

/** a / b, or null when either is missing or b is 0. */
export function ratio(a, b) {
  return typeof a === 'number' && typeof b === 'number' && b !== 0 ? a / b : null;
}

/**
 * Parse a comma-separated list of integers within [min, max]; throws a RangeError naming the
 * option and the offending item otherwise.
 */
export function intList(option, text, min, max) {
  const items = String(text)
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (items.length === 0) throw new RangeError(`${option}: expected a comma-separated list of integers, got "${text}"`);
  return items.map((s) => {
    const n = Number(s);
    if (!Number.isInteger(n) || n < min || n > max) {
      throw new RangeError(`${option}: "${s}" is not an integer in [${min}, ${max}]`);
    }
    return n;
  });
}

/**
 * Whether a run was probably slowed by other load on the machine. A single-threaded simulator
 * that owns a core uses about one CPU-second per wall-second; when other processes take its core
 * the wall clock runs on while its CPU time does not. `cpuS` and `wallS` are of the whole
 * simulating process (Node adds GC threads, which only push the ratio up).
 */
export function collided(cpuS, wallS, threshold = 0.9) {
  if (typeof cpuS !== 'number' || typeof wallS !== 'number' || wallS <= 0) return false;
  return cpuS / wallS < threshold;
}

/** Keys whose medians the summary reports for each side. */
export const SUMMARY_KEYS = ['eventsPerS', 'wallS', 'buildS', 'peakRssMB', 'meanRateHz', 'excRateHz', 'inhRateHz', 'synapses', 'spikes'];

/**
 * Summarise the accepted runs of one network size. `pairs` holds, per seed, the accepted
 * `{ spinsnn, brian2 }` results (the JSON objects the two benchmarks print).
 */
export function summariseSize(neurons, pairs) {
  const side = (name) => {
    const runs = pairs.map((p) => p[name]).filter(Boolean);
    const out = { runs: runs.length };
    for (const k of SUMMARY_KEYS) out[`${k}Median`] = median(runs.map((r) => r[k]));
    out.meanRateHzMean = mean(runs.map((r) => r.meanRateHz));
    return out;
  };
  const spinsnn = side('spinsnn');
  const brian2 = side('brian2');
  const paired = pairs.filter((p) => p.spinsnn && p.brian2);
  return {
    neurons,
    spinsnn,
    brian2,
    ratios: {
      // spinsnn / Brian2: > 1 means spinsnn delivers more synaptic events per second.
      eventsPerS: ratio(spinsnn.eventsPerSMedian, brian2.eventsPerSMedian),
      eventsPerSPairedMedian: median(paired.map((p) => ratio(p.spinsnn.eventsPerS, p.brian2.eventsPerS))),
      // spinsnn / Brian2: > 1 means spinsnn needs more memory.
      peakRssMB: ratio(spinsnn.peakRssMBMedian, brian2.peakRssMBMedian),
      meanRateHz: ratio(spinsnn.meanRateHzMedian, brian2.meanRateHzMedian),
    },
    meanRateDiffHz: spinsnn.meanRateHzMean !== null && brian2.meanRateHzMean !== null ? spinsnn.meanRateHzMean - brian2.meanRateHzMean : null,
  };
}
