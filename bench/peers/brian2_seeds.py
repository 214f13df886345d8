#!/usr/bin/env python3
"""Run brian2_bench.py's CUBA/COBA for many seeds in one Python process (runtime targets only).

Prints one JSON line per seed, the same line `brian2_bench.py … --json` prints, so Brian2 is
imported and the cython code compiled once, not once per seed.

    /usr/bin/python3 bench/peers/brian2_seeds.py cuba --neurons 64000 --seeds 1-50 --target cython
"""
import argparse
import gc
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import brian2_bench  # noqa: E402


def seed_list(text: str) -> list[int]:
    """'1-50' or '1,2,7' or '1-3,9'."""
    out: list[int] = []
    for part in text.split(','):
        lo, _, hi = part.partition('-')
        out.extend(range(int(lo), int(hi or lo) + 1))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(prog='brian2_seeds.py', description=__doc__.split('\n')[0])
    ap.add_argument('benchmark', choices=['cuba', 'coba'])
    ap.add_argument('--neurons', type=int, default=4000)
    ap.add_argument('--duration', type=float, default=1.0)
    ap.add_argument('--seeds', default='1-50', help="e.g. '1-50' or '1,2,7'")
    ap.add_argument('--target', choices=['cython', 'numpy'], default='cython')
    a = ap.parse_args()
    out = os.fdopen(os.dup(1), 'w')
    os.dup2(2, 1)  # Brian2 and the compiler write to fd 1: keep stdout for results
    for seed in seed_list(a.seeds):
        argv = [a.benchmark, '--neurons', str(a.neurons), '--duration', str(a.duration),
                '--seed', str(seed), '--target', a.target, '--json']
        result = brian2_bench.simulate(brian2_bench.parse_args(argv))
        out.write(json.dumps(result) + '\n')
        out.flush()
        gc.collect()  # drop the previous seed's objects (their names P, Ce, Ci are reused)
    return 0


if __name__ == '__main__':
    sys.exit(main())
