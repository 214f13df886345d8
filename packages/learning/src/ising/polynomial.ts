/**
 * Multilinear polynomials over binary (x ∈ {0,1}) or spin (m ∈ {±1}) variables, as a map from a
 * monomial key (sorted variable ids joined by ",", "" for the constant) to its coefficient.
 * Products reduce x² = x (binary) or m² = 1 (spin). Used to build factorisation costs; small
 * sizes only, so clarity wins over speed here.
 */
export type Polynomial = Map<string, number>;
export type Domain = 'binary' | 'spin';

/** The variable indices of a monomial key ("0,3" → [0, 3]). */
export const monomialVars = (key: string): number[] => (key === '' ? [] : key.split(',').map(Number));
const keyOf = (vars: number[]): string => vars.join(',');

export function constant(c: number): Polynomial {
  return new Map([['', c]]);
}

export function variable(i: number, coeff = 1): Polynomial {
  return new Map([[String(i), coeff]]);
}

export function addInto(target: Polynomial, p: Polynomial, scale = 1): Polynomial {
  for (const [k, c] of p) {
    const v = (target.get(k) ?? 0) + scale * c;
    if (v === 0) target.delete(k);
    else target.set(k, v);
  }
  return target;
}

/** Product of two monomials: binary keeps the union (x² = x), spin the symmetric difference (m² = 1). */
function mulKeys(a: string, b: string, domain: Domain): string {
  const va = monomialVars(a),
    vb = monomialVars(b);
  const out: number[] = [];
  let i = 0,
    j = 0;
  while (i < va.length || j < vb.length) {
    if (j >= vb.length || (i < va.length && va[i] < vb[j])) out.push(va[i++]);
    else if (i >= va.length || vb[j] < va[i]) out.push(vb[j++]);
    else {
      if (domain === 'binary') out.push(va[i]);
      i++;
      j++;
    }
  }
  return keyOf(out);
}

export function multiply(a: Polynomial, b: Polynomial, domain: Domain): Polynomial {
  const out: Polynomial = new Map();
  for (const [ka, ca] of a) for (const [kb, cb] of b) addInto(out, new Map([[mulKeys(ka, kb, domain), ca * cb]]));
  return out;
}

/** Rewrites a binary polynomial in spins with x = (1 + m)/2: ∏_{i∈S} x_i = 2^−|S| Σ_{T⊆S} ∏_{i∈T} m_i. */
export function binaryToSpin(p: Polynomial): Polynomial {
  const out: Polynomial = new Map();
  for (const [k, c] of p) {
    const vars = monomialVars(k);
    const scale = c / 2 ** vars.length;
    for (let mask = 0; mask < 1 << vars.length; mask++) {
      const sub: number[] = [];
      for (let b = 0; b < vars.length; b++) if (mask & (1 << b)) sub.push(vars[b]);
      addInto(out, new Map([[keyOf(sub), scale]]));
    }
  }
  return out;
}

/** Evaluates a polynomial at values (binary 0/1 or spin ±1) indexed by variable id. */
export function evaluate(p: Polynomial, values: ArrayLike<number>): number {
  let s = 0;
  for (const [k, c] of p) {
    let t = c;
    for (const v of monomialVars(k)) t *= values[v];
    s += t;
  }
  return s;
}

/** Highest number of variables in one monomial. */
export function degree(p: Polynomial): number {
  let d = 0;
  for (const k of p.keys()) d = Math.max(d, monomialVars(k).length);
  return d;
}
