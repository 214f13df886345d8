import { SimulationError } from '@spinsnn/core';

/**
 * Wire-resistance (IR-drop) model of a current-sum crossbar (docs/cim.md §2.3). P rows × Q columns
 * of cells G[p][q] (S). Row p is driven at its left end through one wire segment r; row nodes
 * are joined by segments r, the row's right end is open. Column q runs top to bottom through
 * segments r and ends in a virtual ground (the sense amplifier) through one more segment r.
 * Kirchhoff's current law at every node is solved by block Gauss–Seidel: each row's node voltages
 * exactly (tridiagonal, column voltages fixed), then each column's (row voltages fixed), until
 * the largest change is below `tol`·V. The network is linear, so the column currents are
 * I_q = Σ_p M[p][q] V_p with the transfer matrix M returned here (M = G when r = 0).
 */
export function crossbarTransfer(g: Float64Array, P: number, Q: number, r: number, tol = 1e-12, maxIter = 10_000): Float64Array {
  const M = new Float64Array(P * Q);
  if (r === 0) {
    M.set(g);
    return M;
  }
  const u = new Float64Array(P * Q); // row-wire node voltages
  const v = new Float64Array(P * Q); // column-wire node voltages
  const gw = 1 / r;
  const n = Math.max(P, Q);
  const cp = new Float64Array(n);
  const dp = new Float64Array(n);
  const a = new Float64Array(n);
  const diag = new Float64Array(n);
  const c = new Float64Array(n);
  const rhs = new Float64Array(n);
  const x = new Float64Array(n);
  for (let src = 0; src < P; src++) {
    u.fill(0);
    v.fill(0);
    let iter = 0;
    for (;;) {
      let change = 0;
      // rows: node q: gw(u_{q-1} - u_q) + gw(u_{q+1} - u_q) + G(v - u) = 0; u_{-1} = V (driver), right end open
      for (let p = 0; p < P; p++) {
        for (let q = 0; q < Q; q++) {
          const G = g[p * Q + q];
          a[q] = q > 0 ? -gw : 0;
          c[q] = q < Q - 1 ? -gw : 0;
          diag[q] = gw + (q < Q - 1 ? gw : 0) + G;
          rhs[q] = G * v[p * Q + q] + (q === 0 && p === src ? gw : 0);
        }
        thomas(Q, a, diag, c, rhs, x, cp, dp);
        for (let q = 0; q < Q; q++) {
          const d = Math.abs(x[q] - u[p * Q + q]);
          if (d > change) change = d;
          u[p * Q + q] = x[q];
        }
      }
      // columns: node p: gw(v_{p-1} - v_p) + gw(v_{p+1} - v_p) + G(u - v) = 0; top open, bottom to ground via gw
      for (let q = 0; q < Q; q++) {
        for (let p = 0; p < P; p++) {
          const G = g[p * Q + q];
          a[p] = p > 0 ? -gw : 0;
          c[p] = p < P - 1 ? -gw : 0;
          diag[p] = (p > 0 ? gw : 0) + gw + G;
          rhs[p] = G * u[p * Q + q];
        }
        thomas(P, a, diag, c, rhs, x, cp, dp);
        for (let p = 0; p < P; p++) {
          const d = Math.abs(x[p] - v[p * Q + q]);
          if (d > change) change = d;
          v[p * Q + q] = x[p];
        }
      }
      if (change < tol) break;
      if (++iter >= maxIter)
        throw new SimulationError(
          `crossbarTransfer: no convergence after ${maxIter} sweeps (wire resistance ${r} Ω too large against the cells' resistance; lower wireResistance or use smaller tiles)`,
        );
    }
    for (let q = 0; q < Q; q++) M[src * Q + q] = v[(P - 1) * Q + q] * gw;
  }
  return M;
}

/** Tridiagonal solve (Thomas algorithm): a sub-, b main, c super-diagonal, d right-hand side. */
function thomas(n: number, a: Float64Array, b: Float64Array, c: Float64Array, d: Float64Array, x: Float64Array, cp: Float64Array, dp: Float64Array): void {
  cp[0] = c[0] / b[0];
  dp[0] = d[0] / b[0];
  for (let i = 1; i < n; i++) {
    const m = b[i] - a[i] * cp[i - 1];
    cp[i] = c[i] / m;
    dp[i] = (d[i] - a[i] * dp[i - 1]) / m;
  }
  x[n - 1] = dp[n - 1];
  for (let i = n - 2; i >= 0; i--) x[i] = dp[i] - cp[i] * x[i + 1];
}
