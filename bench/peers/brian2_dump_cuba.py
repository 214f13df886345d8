#!/usr/bin/env python3
"""Build and run Brian2's CUBA network at any size and dump it in the format of
shared/datasets/brian2-cuba (manifest.json + raw little-endian arrays: initial potentials,
synapse pairs, Brian2's spikes), so that spinsnn can replay it spike for spike:

    bash bench/peers/run_brian2.sh --help                       # installs Brian2 if missing
    /usr/bin/python3 bench/peers/brian2_dump_cuba.py --neurons 64000 --seed 1 --out /tmp/dump64
    npx spinsnn bench cuba --network /tmp/dump64 --spikes-out /tmp/ours.csv --json

The dump of 64,000 neurons is ~45 MB, so it is generated on demand rather than stored.
"""
import argparse
import json
import os

import numpy as np


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--neurons', type=int, default=4000, help='network size, 80%% excitatory (default 4000)')
    ap.add_argument('--seed', type=int, default=1, help='Brian2 random seed (default 1)')
    ap.add_argument('--duration', type=float, default=1.0, help='simulated seconds (default 1)')
    ap.add_argument('--target', default='cython', choices=['cython', 'numpy'], help='Brian2 runtime target (default cython)')
    ap.add_argument('--out', required=True, help='folder to write the dump into (created)')
    a = ap.parse_args()

    from brian2 import NeuronGroup, Synapses, SpikeMonitor, run, seed, prefs, defaultclock, ms, mV, second, volt
    prefs.codegen.target = a.target
    seed(a.seed)
    N = a.neurons
    NE = int(0.8 * N)
    p = 0.02 if N <= 4000 else 80.0 / N
    # docs/benchmarks.md §1, as Brian2's examples/CUBA.py
    namespace = dict(taum=20 * ms, taue=5 * ms, taui=10 * ms, Vt=-50 * mV, Vr=-60 * mV, El=-49 * mV,
                     we=(60 * 0.27 / 10) * mV, wi=(-20 * 4.5 / 10) * mV, NE=NE)
    eqs = '''dv/dt = (ge + gi - (v - El)) / taum : volt (unless refractory)
             dge/dt = -ge / taue : volt
             dgi/dt = -gi / taui : volt'''
    P = NeuronGroup(N, eqs, threshold='v > Vt', reset='v = Vr', refractory=5 * ms, method='exact', namespace=namespace)
    P.v = 'Vr + rand() * (Vt - Vr)'
    Ce = Synapses(P, P, on_pre='ge += we', namespace=namespace)
    Ci = Synapses(P, P, on_pre='gi += wi', namespace=namespace)
    Ce.connect('i < NE', p=p)
    Ci.connect('i >= NE', p=p)
    v0 = np.array(P.v[:] / volt)
    M = SpikeMonitor(P)
    run(a.duration * second, namespace=namespace)

    os.makedirs(a.out, exist_ok=True)
    arrays = {
        'v0_volt.f64': v0.astype('<f8'),
        'exc_pre.i32': np.asarray(Ce.i[:]).astype('<i4'), 'exc_post.i32': np.asarray(Ce.j[:]).astype('<i4'),
        'inh_pre.i32': np.asarray(Ci.i[:]).astype('<i4'), 'inh_post.i32': np.asarray(Ci.j[:]).astype('<i4'),
        'spike_i.i32': np.asarray(M.i[:]).astype('<i4'), 'spike_t_s.f64': np.asarray(M.t[:] / second).astype('<f8'),
    }
    for name, arr in arrays.items():
        arr.tofile(os.path.join(a.out, name))
    manifest = {'args': {'N': N, 'duration': a.duration, 'target': a.target, 'seed': a.seed}, 'N': N, 'NE': NE, 'p': p,
                'dt_s': float(defaultclock.dt / second), 'units': 'SI (volt, second)',
                'note': 'spikes sorted by time step as Brian2 records them; t is the start of the step',
                'arrays': {k: {'dtype': v.dtype.str, 'length': int(len(v))} for k, v in arrays.items()}}
    with open(os.path.join(a.out, 'manifest.json'), 'w') as f:
        json.dump(manifest, f, indent=1)
    print(json.dumps({'neurons': N, 'seed': a.seed, 'spikes': int(len(M.i)), 'meanRateHz': len(M.i) / N / a.duration, 'out': a.out}))


if __name__ == '__main__':
    main()
