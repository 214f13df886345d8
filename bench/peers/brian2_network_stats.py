#!/usr/bin/env python3
"""What Brian2 generates for the CUBA benchmark network (brian2_bench.build_network), per seed,
without simulating it: the same JSON line as cuba_network_stats.mjs (degree histograms, v0).

    /usr/bin/python3 bench/peers/brian2_network_stats.py --neurons 64000 --seeds 1-10
"""
import argparse
import gc
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from brian2_bench import build_network  # noqa: E402
from brian2_seeds import seed_list  # noqa: E402


def hist(a):
    import numpy as np
    values, counts = np.unique(a, return_counts=True)
    return {str(int(v)): int(c) for v, c in zip(values, counts)}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument('--neurons', type=int, default=64000)
    ap.add_argument('--seeds', default='1-10')
    ap.add_argument('--target', choices=['cython', 'numpy'], default='cython')
    a = ap.parse_args()
    out = os.fdopen(os.dup(1), 'w')
    os.dup2(2, 1)
    import numpy as np
    import brian2 as b2
    b2.prefs.logging.console_log_level = 'WARNING'
    b2.prefs.codegen.target = a.target
    n = a.neurons
    for seed in seed_list(a.seeds):
        b2.seed(seed)  # as brian2_bench.simulate: seed, then build
        P, Ce, Ci, _, _ = build_network(b2, 'cuba', n, None)
        ei, ej = np.asarray(Ce.i[:]), np.asarray(Ce.j[:])
        ii, ij = np.asarray(Ci.i[:]), np.asarray(Ci.j[:])
        in_exc, in_inh = np.bincount(ej, minlength=n), np.bincount(ij, minlength=n)
        line = dict(side='brian2', seed=seed, neurons=n,
                    self=int((ei == ej).sum() + (ii == ij).sum()),
                    inAll=hist(in_exc + in_inh), inExc=hist(in_exc), inInh=hist(in_inh),
                    out=hist(np.bincount(ei, minlength=n) + np.bincount(ii, minlength=n)),
                    v0=[float(v) for v in np.asarray(P.v[:])])
        out.write(json.dumps(line) + '\n')
        out.flush()
        del P, Ce, Ci
        gc.collect()
    return 0


if __name__ == '__main__':
    sys.exit(main())
