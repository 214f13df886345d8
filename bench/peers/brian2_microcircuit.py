#!/usr/bin/env python3
"""Brian2 peer of ``spinsnn bench microcircuit``: the Potjans & Diesmann (2014) microcircuit.

The same model as ``microcircuitSpec`` in packages/core/src/microcircuit.ts, with every number
from docs/microcircuit.md §3 (sizes, connection probabilities → fixed total synapse numbers
with multapses, weights normal(J, 0.1|J|) redrawn to their sign, delays normal redrawn ≥ dt/2
and rounded to dt, L4E→L23E doubled, g = −4, K_ext Poisson sources of 8 Hz, in-degree scaling
with DC compensation), built in Brian2 (cpp_standalone by default; ``--threads N`` sets
``devices.cpp_standalone.openmp_threads``). Connectivity, weights and delays are drawn in numpy
from ``--seed`` (a different realisation from spinsnn's: compare statistics, not spikes).

Differences that are Brian2's, not the model's: the refractory period follows Brian2's
convention (``t − lastspike < t_ref``, one step shorter than NEST's count after the spike step),
and the background is Brian2's ``PoissonInput`` (a binomial(K_ext, 8 Hz·dt) count per neuron and
step: the same process as K_ext independent Poisson sources to within O((rate·dt)²)).

Prints one JSON line with the keys of ``spinsnn bench microcircuit --json`` that apply:
scale, kScale, seed, threads, neurons, synapses, warmupS, durationS, wallS (the measured run's
loop as the binary records it: CPU clock without OpenMP, wall clock with), rtf, binaryWallS,
binaryCpuS, compileS, peakRssMB (the binary's), rates [{population, neurons, rateHz, rateSdHz,
referenceHz, relativeError}].

Example::

    /usr/bin/python3 bench/peers/brian2_microcircuit.py --scale 0.1 --k-scale 0.1 --duration 0.5 --warmup 0.1 --json
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time
from typing import Any

POPULATIONS = ['L23E', 'L23I', 'L4E', 'L4I', 'L5E', 'L5I', 'L6E', 'L6I']
SIZES = [20683, 5834, 21915, 5479, 4850, 1065, 14395, 2948]
CONN_PROBS = [
    [0.1009, 0.1689, 0.0437, 0.0818, 0.0323, 0.0, 0.0076, 0.0],
    [0.1346, 0.1371, 0.0316, 0.0515, 0.0755, 0.0, 0.0042, 0.0],
    [0.0077, 0.0059, 0.0497, 0.135, 0.0067, 0.0003, 0.0453, 0.0],
    [0.0691, 0.0029, 0.0794, 0.1597, 0.0033, 0.0, 0.1057, 0.0],
    [0.1004, 0.0622, 0.0505, 0.0057, 0.0831, 0.3726, 0.0204, 0.0],
    [0.0548, 0.0269, 0.0257, 0.0022, 0.06, 0.3158, 0.0086, 0.0],
    [0.0156, 0.0066, 0.0211, 0.0166, 0.0572, 0.0197, 0.0396, 0.2252],
    [0.0364, 0.001, 0.0034, 0.0005, 0.0277, 0.008, 0.0658, 0.1443],
]
K_EXT = [1600, 1500, 2100, 1900, 2000, 1900, 2900, 2100]
REFERENCE_RATES = [0.943, 3.026, 4.368, 5.882, 7.733, 8.664, 1.096, 7.851]
V0_MEAN = [-68.28, -63.16, -63.33, -63.45, -63.11, -61.66, -66.72, -61.43]  # mV
V0_SD = [5.36, 4.57, 4.74, 4.94, 4.94, 4.55, 5.46, 4.48]  # mV
C_M, TAU_M, TAU_SYN, T_REF = 250e-12, 10e-3, 0.5e-3, 2e-3  # F, s, s, s
E_L, V_RESET, V_TH = -65e-3, -65e-3, -50e-3  # V
PSP_EXC, G, W_REL_SD = 0.15e-3, -4.0, 0.1
DELAY_EXC, DELAY_INH, DELAY_REL_SD = 1.5e-3, 0.75e-3, 0.5
BG_RATE, DT = 8.0, 1e-4
TIME_BIN = '/usr/bin/time'


def psc_over_psp(c_m: float, tau_m: float, tau_s: float) -> float:
    sub = 1.0 / (tau_s - tau_m)
    pre = tau_m * tau_s / c_m * sub
    frac = (tau_m / tau_s) ** sub
    return 1.0 / (pre * (frac ** tau_m - frac ** tau_s))


def tables(scale: float, k_scale: float) -> dict[str, Any]:
    """docs/microcircuit.md §3: sizes, synapse numbers, weights, external in-degrees, DC (Poisson background)."""
    n = len(POPULATIONS)
    full_syn = [[math.log(1 - CONN_PROBS[t][s]) / math.log((SIZES[s] * SIZES[t] - 1) / (SIZES[s] * SIZES[t]))
                 for s in range(n)] for t in range(n)]
    psc = psc_over_psp(C_M, TAU_M, TAU_SYN)
    w0 = [[(2 if (t == 0 and s == 2) else 1) * (PSP_EXC if s % 2 == 0 else PSP_EXC * G) * psc for s in range(n)] for t in range(n)]
    w_ext0 = PSP_EXC * psc
    sq = math.sqrt(k_scale)
    dc = [0.0] * n
    if k_scale != 1:
        for t in range(n):
            rec = sum(w0[t][s] * full_syn[t][s] / SIZES[t] * REFERENCE_RATES[s] for s in range(n))
            dc[t] = TAU_SYN * (1 - sq) * (rec + w_ext0 * K_EXT[t] * BG_RATE)
    return {
        'sizes': [round(N * scale) for N in SIZES],
        'synapses': [[round(K * scale * k_scale) for K in row] for row in full_syn],
        'weights': [[w / sq for w in row] for row in w0],
        'k_ext': [round(k * k_scale) for k in K_EXT],
        'w_ext': w_ext0 / sq,
        'dc': dc,
    }


def redraw_normal(rng: Any, mean: float, sd: float, n: int, lo: float, hi: float) -> Any:
    import numpy as np
    x = rng.normal(mean, sd, n)
    bad = (x < lo) | (x > hi)
    while bad.any():
        x[bad] = rng.normal(mean, sd, int(bad.sum()))
        bad = (x < lo) | (x > hi)
    return np.asarray(x)


def run_binary(build_dir: str) -> tuple[float, float, float | None]:
    import brian2 as b2
    env = dict(os.environ)
    env.update(b2.prefs['devices.cpp_standalone.run_environment_variables'])
    run_cmd = b2.prefs['devices.cpp_standalone.run_cmd_unix']
    run_cmd = [run_cmd] if isinstance(run_cmd, str) else list(run_cmd)
    have_time = os.access(TIME_BIN, os.X_OK)
    usage_file = os.path.join(build_dir, 'results', 'usage.txt')
    cmd = [TIME_BIN, '-o', usage_file, '-f', '%M'] + run_cmd if have_time else run_cmd
    with open(os.path.join(build_dir, 'results', 'stdout.txt'), 'w') as out:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=build_dir, env=env, stdout=out)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise RuntimeError(f'Brian2 standalone binary failed with exit code {proc.returncode} (build folder {build_dir})')
    rss = None
    if have_time:
        with open(usage_file) as f:
            rss = float(f.read().split()[-1]) / 1024.0
    return wall, usage.ru_utime + usage.ru_stime, rss


def simulate(args: argparse.Namespace) -> dict[str, Any]:
    import numpy as np
    import brian2 as b2

    b2.prefs.logging.std_redirection = False
    b2.prefs.logging.console_log_level = 'WARNING'
    build_dir = tempfile.mkdtemp(prefix='brian2-pd14-')
    try:
        b2.set_device('cpp_standalone', directory=build_dir, build_on_run=False)
        # Brian2's default `make -j` starts one compiler per code object (~250 here) at once:
        # on a shared machine that is hundreds of processes and GiBs; two jobs are plenty
        b2.prefs.devices.cpp_standalone.extra_make_args_unix = [f'-j{args.make_jobs}']
        if args.threads > 1:
            b2.prefs.devices.cpp_standalone.openmp_threads = args.threads
        b2.defaultclock.dt = DT * b2.second
        rng = np.random.default_rng(args.seed)
        tb = tables(args.scale, args.k_scale)
        sizes = tb['sizes']
        total = sum(sizes)
        eqs = '''
        dv/dt = -(v - E_L)/tau_m + (I_ex + I_in + I_e)/C_m : volt (unless refractory)
        dI_ex/dt = -I_ex/tau_s : amp
        dI_in/dt = -I_in/tau_s : amp
        I_e : amp
        '''
        ns = {'E_L': E_L * b2.volt, 'tau_m': TAU_M * b2.second, 'C_m': C_M * b2.farad, 'tau_s': TAU_SYN * b2.second,
              'V_th': V_TH * b2.volt, 'V_reset': V_RESET * b2.volt}
        t_build0 = time.perf_counter()
        neurons = b2.NeuronGroup(total, eqs, threshold='v >= V_th', reset='v = V_reset', refractory=T_REF * b2.second,
                                 method='exact', namespace=ns)
        offsets = np.concatenate([[0], np.cumsum(sizes)]).astype(int)
        pops = [neurons[int(offsets[k]):int(offsets[k + 1])] for k in range(len(sizes))]
        v0 = np.concatenate([rng.normal(V0_MEAN[k], V0_SD[k], sizes[k]) for k in range(len(sizes))]) * 1e-3
        neurons.v = v0 * b2.volt
        neurons.I_e = np.repeat(tb['dc'], sizes) * b2.amp
        objects: list[Any] = [neurons]
        for k, pop in enumerate(pops):
            objects.append(b2.PoissonInput(pop, 'I_ex', N=tb['k_ext'][k], rate=BG_RATE * b2.Hz, weight=tb['w_ext'] * b2.amp))
        n_syn = 0
        for t, target in enumerate(pops):
            for s, source in enumerate(pops):
                n = tb['synapses'][t][s]
                if n == 0:
                    continue
                exc = s % 2 == 0
                w_mean = tb['weights'][t][s]
                d_mean = DELAY_EXC if exc else DELAY_INH
                i = rng.integers(0, sizes[s], n)
                j = rng.integers(0, sizes[t], n)
                w = redraw_normal(rng, w_mean, abs(w_mean) * W_REL_SD, n, 0.0 if exc else -np.inf, np.inf if exc else 0.0)
                d = np.round(redraw_normal(rng, d_mean, d_mean * DELAY_REL_SD, n, DT / 2, np.inf) / DT) * DT
                syn = b2.Synapses(source, target, 'w : amp', on_pre=('I_ex += w' if exc else 'I_in += w'))
                syn.connect(i=i, j=j)
                syn.w = w * b2.amp
                syn.delay = d * b2.second
                objects.append(syn)
                n_syn += n
        mon = b2.SpikeMonitor(neurons)
        objects.append(mon)
        net = b2.Network(*objects)
        net.run(args.warmup * b2.second, namespace={})
        net.run(args.duration * b2.second, namespace={})
        python_build_s = time.perf_counter() - t_build0
        t2 = time.perf_counter()
        # the compiler's output goes to stderr: stdout carries the one JSON line only
        sys.stdout.flush()
        saved = os.dup(1)
        os.dup2(2, 1)
        try:
            b2.device.build(directory=build_dir, compile=True, run=False, with_output=False)
        finally:
            sys.stdout.flush()
            os.dup2(saved, 1)
            os.close(saved)
        compile_s = time.perf_counter() - t2
        binary_wall, binary_cpu, rss = run_binary(build_dir)
        device = b2.get_device()
        device.has_been_run = True
        with open(os.path.join(build_dir, 'results', 'last_run_info.txt')) as f:
            loop_s, completed = (float(x) for x in f.read().split())
        if completed != 1.0:
            raise RuntimeError(f'Brian2 run completed only {completed:.3f} of the requested duration')
        spike_t = np.asarray(mon.t[:] / b2.second)
        spike_i = np.asarray(mon.i[:])
        keep = spike_t >= args.warmup
        counts = np.bincount(spike_i[keep], minlength=total)
        rates = []
        for k, name in enumerate(POPULATIONS):
            r = counts[offsets[k]:offsets[k + 1]] / args.duration
            rates.append({'population': name, 'neurons': int(sizes[k]), 'rateHz': float(r.mean()), 'rateSdHz': float(r.std()),
                          'referenceHz': REFERENCE_RATES[k], 'relativeError': float(r.mean() / REFERENCE_RATES[k] - 1)})
        return {
            'benchmark': 'microcircuit', 'peer': 'brian2', 'target': 'cpp_standalone', 'brian2Version': b2.__version__,
            'scale': args.scale, 'kScale': args.k_scale, 'background': 'poisson', 'seed': args.seed, 'threads': args.threads,
            'neurons': total, 'synapses': n_syn, 'warmupS': args.warmup, 'durationS': args.duration,
            'wallS': loop_s, 'rtf': loop_s / args.duration,
            'loopClock': 'wall (omp_get_wtime)' if args.threads > 1 else 'cpu (std::clock in the binary)',
            'binaryWallS': binary_wall, 'binaryCpuS': binary_cpu, 'pythonBuildS': python_build_s, 'compileS': compile_s,
            'peakRssMB': rss, 'rates': rates,
        }
    finally:
        if not args.keep_build:
            shutil.rmtree(build_dir, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog='brian2_microcircuit.py', description=__doc__.split('\n\n')[0],
                                 epilog='Example: brian2_microcircuit.py --scale 0.1 --k-scale 0.1 --duration 0.5 --warmup 0.1 --json')
    ap.add_argument('--scale', type=float, default=0.1, help='neuron-number scaling (default 0.1)')
    ap.add_argument('--k-scale', type=float, default=1.0, help='in-degree scaling (default 1; < 1 adds DC compensation)')
    ap.add_argument('--duration', type=float, default=1.0, help='simulated seconds measured after the warm-up (default 1)')
    ap.add_argument('--warmup', type=float, default=0.5, help='simulated seconds run first and discarded (default 0.5)')
    ap.add_argument('--threads', type=int, default=1, help='OpenMP threads of the standalone binary (default 1)')
    ap.add_argument('--seed', type=int, default=1, help='numpy seed of connectivity, weights, delays, V0 (default 1)')
    ap.add_argument('--make-jobs', type=int, default=2, help='parallel compiler jobs for the standalone build (default 2)')
    ap.add_argument('--keep-build', action='store_true', help='keep the cpp_standalone build folder')
    ap.add_argument('--json', action='store_true', help='print one JSON line')
    args = ap.parse_args(argv)
    if not (0 < args.scale <= 1 and 0 < args.k_scale <= 1):
        ap.error('--scale and --k-scale must be in (0, 1]')
    if args.threads < 1:
        ap.error('--threads must be ≥ 1')
    result = simulate(args)
    print(json.dumps(result) if args.json else json.dumps(result, indent=2))
    return 0


if __name__ == '__main__':
    sys.exit(main())
