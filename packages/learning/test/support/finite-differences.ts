/**
 * Central differences of a float64 loss in the entries of one weight matrix, against a gradient
 * (BPTT of the TF.js model): the largest disagreement and the largest finite-difference value.
 */
export function centralDifferences(
  w: Float64Array,
  loss: () => number,
  grad: ArrayLike<number>,
  o: { start?: number; stride: number; h?: number },
): { worst: number; scale: number } {
  const h = o.h ?? 1e-5;
  let worst = 0,
    scale = 0;
  for (let q = o.start ?? 0; q < w.length; q += o.stride) {
    const w0 = w[q];
    w[q] = w0 + h;
    const up = loss();
    w[q] = w0 - h;
    const dn = loss();
    w[q] = w0;
    const fd = (up - dn) / (2 * h);
    worst = Math.max(worst, Math.abs(fd - grad[q]));
    scale = Math.max(scale, Math.abs(fd));
  }
  return { worst, scale };
}
