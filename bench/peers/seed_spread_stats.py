#!/usr/bin/env python3
"""Compare per-seed rates of two JSONL files (spinsnn, Brian2): mean, sd, min/max, Welch t,
F-test and Brown–Forsythe (median-centred Levene) on the variances, and how many networks fall
outside docs/benchmarks.md §1's one-seed bands (those are for N = 64,000). Prints Markdown.

    /usr/bin/python3 bench/peers/seed_spread_stats.py SPINSNN.jsonl BRIAN2.jsonl
"""
import json
import sys

import numpy as np
from scipy import stats


def load(path):
    return [json.loads(line) for line in open(path) if line.strip()]


def main(a_path, b_path):
    a, b = load(a_path), load(b_path)
    print(f'seeds: spinsnn {len(a)}, Brian2 {len(b)}\n')
    print('| quantity | side | mean | sd | min | max |')
    print('|---|---|---|---|---|---|')
    tests = []
    for key in ('meanRateHz', 'excRateHz', 'inhRateHz', 'synapses'):
        x = np.array([r[key] for r in a], float)
        y = np.array([r[key] for r in b], float)
        for name, v in (('spinsnn', x), ('Brian2', y)):
            print(f'| {key} | {name} | {v.mean():.4f} | {v.std(ddof=1):.4f} | {v.min():.4f} | {v.max():.4f} |')
        t = stats.ttest_ind(x, y, equal_var=False)
        f = x.var(ddof=1) / y.var(ddof=1)
        p_f = 2 * min(stats.f.cdf(f, len(x) - 1, len(y) - 1), stats.f.sf(f, len(x) - 1, len(y) - 1))
        bf = stats.levene(x, y, center='median')
        tests.append((key, t.statistic, t.pvalue, f, p_f, bf.statistic, bf.pvalue))
    print('\n| quantity | Welch t | p | F = var spinsnn / var Brian2 | p (two-sided) | Brown–Forsythe W | p |')
    print('|---|---|---|---|---|---|---|')
    for key, t, pt, f, pf, w, pw in tests:
        print(f'| {key} | {t:.2f} | {pt:.3g} | {f:.2f} | {pf:.3g} | {w:.2f} | {pw:.3g} |')
    # one-seed acceptance bands of docs/benchmarks.md §1 at N = 64,000 (from 20 Brian2 networks)
    print('\nnetworks outside the one-seed bands of docs/benchmarks.md §1 (mean 5.56–5.72 Hz, inhibitory 5.63–5.69 Hz):')
    for name, rs in (('spinsnn', a), ('Brian2', b)):
        m = np.array([r['meanRateHz'] for r in rs])
        i = np.array([r['inhRateHz'] for r in rs])
        print(f'- {name}: mean rate {(m < 5.56).sum()} below + {(m > 5.72).sum()} above of {len(rs)}; '
              f'inhibitory {((i < 5.63) | (i > 5.69)).sum()} of {len(rs)}')


if __name__ == '__main__':
    main(*sys.argv[1:3])
