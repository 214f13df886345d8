/**
 * Label assignment and prediction from spike counts (Diehl & Cook): each neuron is assigned the
 * class for which its mean response is highest; a sample is predicted as the class whose assigned
 * neurons have the highest mean spike count.
 */

/** responses: count × neurons spike counts (row per sample). Returns the class of each neuron (−1: never fired). */
export function assignLabels(responses: Int32Array | Float64Array, labels: ArrayLike<number>, count: number, neurons: number, classes = 10): Int32Array {
  const sum = new Float64Array(classes * neurons);
  const perClass = new Float64Array(classes);
  for (let n = 0; n < count; n++) {
    const c = labels[n];
    perClass[c]++;
    const row = n * neurons;
    for (let j = 0; j < neurons; j++) sum[c * neurons + j] += responses[row + j];
  }
  const out = new Int32Array(neurons).fill(-1);
  for (let j = 0; j < neurons; j++) {
    let best = 0;
    for (let c = 0; c < classes; c++) {
      if (perClass[c] === 0) continue;
      const m = sum[c * neurons + j] / perClass[c];
      if (m > best) {
        best = m;
        out[j] = c;
      }
    }
  }
  return out;
}

/** The predicted class of one response (−1 when no assigned neuron fired). */
export function predict(counts: ArrayLike<number>, assignment: Int32Array, classes = 10, scratch?: Float64Array): number {
  const sum = scratch ?? new Float64Array(2 * classes);
  sum.fill(0);
  for (let j = 0; j < assignment.length; j++) {
    const c = assignment[j];
    if (c < 0) continue;
    sum[c] += counts[j];
    sum[classes + c]++;
  }
  let best = -1,
    bestV = 0;
  for (let c = 0; c < classes; c++) {
    if (sum[classes + c] === 0) continue;
    const m = sum[c] / sum[classes + c];
    if (m > bestV) {
      bestV = m;
      best = c;
    }
  }
  return best;
}

/** Confusion matrix [true][predicted] (predicted −1 = no answer, counted in column `classes`). */
export function confusionMatrix(truth: ArrayLike<number>, predicted: ArrayLike<number>, classes = 10): number[][] {
  const m = Array.from({ length: classes }, () => new Array<number>(classes + 1).fill(0));
  for (let n = 0; n < truth.length; n++) m[truth[n]][predicted[n] < 0 ? classes : predicted[n]]++;
  return m;
}

/** Fraction of predictions equal to the truth (0 for no samples). */
export function accuracyOf(truth: ArrayLike<number>, predicted: ArrayLike<number>): number {
  let ok = 0;
  for (let n = 0; n < truth.length; n++) if (truth[n] === predicted[n]) ok++;
  return truth.length ? ok / truth.length : 0;
}
