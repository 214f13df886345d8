#!/usr/bin/env python3
"""Compare the CUBA networks spinsnn and Brian2 generate (JSON lines of cuba_network_stats.mjs and
brian2_network_stats.py) with what fixed_probability connectivity and v ~ U[Vr, Vt] imply:
in-degree ~ Binomial(sources, p), out-degree ~ Binomial(N, p), N·p self-connections per network.
Pooled over the seeds in each file; chi-square goodness of fit against the binomial pmf.

    /usr/bin/python3 bench/peers/network_stats_compare.py SPINSNN.jsonl BRIAN2.jsonl
"""
import json
import sys
from collections import Counter

import numpy as np
from scipy import stats


def load(path):
    return [json.loads(line) for line in open(path) if line.strip()]


def pooled(lines, key):
    c = Counter()
    for r in lines:
        c.update({int(k): v for k, v in r[key].items()})
    k = np.array(sorted(c))
    return k, np.array([c[x] for x in k], float)


def chi2_binomial(k, counts, n, p):
    """Chi-square GOF of a degree histogram against Binomial(n, p); tail bins merged to expected ≥ 5."""
    lo, hi = int(stats.binom.ppf(1e-4, n, p)), int(stats.binom.isf(1e-4, n, p))
    edges = np.arange(lo, hi + 1)
    obs = np.array([counts[k <= lo].sum()] + [counts[k == x].sum() for x in edges[1:-1]] + [counts[k >= hi].sum()])
    exp = np.array([stats.binom.cdf(lo, n, p)] + [stats.binom.pmf(x, n, p) for x in edges[1:-1]]
                   + [stats.binom.sf(hi - 1, n, p)]) * counts.sum()
    chi2 = ((obs - exp) ** 2 / exp).sum()
    return chi2, len(obs) - 1, stats.chi2.sf(chi2, len(obs) - 1)


def main(a_path, b_path):
    sides = {'spinsnn': load(a_path), 'Brian2': load(b_path)}
    n = sides['spinsnn'][0]['neurons']
    ne = round(0.8 * n)
    p = 80 / n if n > 4000 else 0.02
    print(f'N = {n}, p = {p}, ' + ', '.join(f'{s}: {len(v)} seeds ({v[0]["seed"]}–{v[-1]["seed"]})' for s, v in sides.items()) + '\n')
    print('| quantity | expected mean / var | side | mean | var | var/expected var | chi² vs binomial (df) | p |')
    print('|---|---|---|---|---|---|---|---|')
    for key, sources in (('inAll', n), ('inExc', ne), ('inInh', n - ne), ('out', n)):
        em, ev = sources * p, sources * p * (1 - p)
        for side, lines in sides.items():
            k, c = pooled(lines, key)
            m = (k * c).sum() / c.sum()
            v = ((k - m) ** 2 * c).sum() / (c.sum() - 1)
            chi2, df, pv = chi2_binomial(k, c, sources, p)
            print(f'| {key} | {em:.3f} / {ev:.3f} | {side} | {m:.3f} | {v:.3f} | {v / ev:.4f} | {chi2:.1f} ({df}) | {pv:.3g} |')
    print('\n| side | self-connections per network (expected N·p = %.0f) | synapses per network (expected %.0f) |' % (n * p, n * n * p))
    print('|---|---|---|')
    for side, lines in sides.items():
        syn = [sum(int(k) * v for k, v in r['out'].items()) for r in lines]
        print(f'| {side} | {np.mean([r["self"] for r in lines]):.1f} | {np.mean(syn):.0f} (sd {np.std(syn, ddof=1):.0f}) |')
    print('\n| side | v0 mean (mV) | v0 sd (mV; U[-60,-50] → 2.887) | min | max | KS vs U[-60,-50] mV | p |')
    print('|---|---|---|---|---|---|---|')
    for side, lines in sides.items():
        v = np.concatenate([np.asarray(r['v0']) for r in lines]) * 1e3
        ks = stats.kstest(v, stats.uniform(loc=-60, scale=10).cdf)
        print(f'| {side} | {v.mean():.4f} | {v.std(ddof=1):.4f} | {v.min():.4f} | {v.max():.4f} | {ks.statistic:.5f} | {ks.pvalue:.3g} |')


if __name__ == '__main__':
    main(*sys.argv[1:3])
