#!/usr/bin/env python3
"""Brian2 peer for spinsnn's kernel benchmarks (Brette et al. 2007 CUBA and COBA).

Builds the network exactly as docs/benchmarks.md §1–2 define it (Brian2's own
``examples/CUBA.py`` for CUBA; the pinned COBA variant of §2), simulates it in
Brian2 and prints the same result keys as ``spinsnn bench cuba|coba --json``:

    benchmark, neurons, synapses, durationS, seed, spikes, meanRateHz, excRateHz,
    inhRateHz, synapticEvents, buildS, wallS, eventsPerS, peakRssMB

plus ``target``, ``brian2Version``, ``compileS``, ``rssOf``, ``loopClock``,
``binaryWallS`` and ``binaryCpuS`` (the last two for cpp_standalone only).

What each timing means
----------------------
wallS
    The simulation loop only (Brian2's ``Network.run`` loop), excluding code
    generation, compilation and synapse creation. cpp_standalone: the time the
    compiled binary records in ``results/last_run_info.txt`` (Brian2 reads the
    same file into ``device._last_run_time``). Without OpenMP Brian2 measures it
    with ``std::clock()``, i.e. *process CPU time*, not wall-clock time: on an
    idle core the two agree; when the binary is descheduled by other load the
    recorded loop time stays short while the wall clock runs on. ``loopClock``
    says which clock was used, and ``binaryWallS``/``binaryCpuS`` (the whole
    binary, from ``wait4``) expose such contention. Runtime targets (cython,
    numpy): wall-clock time of the loop, as Brian2 records it.
buildS
    Network construction. cpp_standalone: the binary's wall time minus the loop
    (synapse creation, initial values, writing results — it all happens in the
    binary). Runtime targets: Python-side construction including ``connect``.
compileS
    Code generation and compilation (cpp_standalone: ``device.build``; runtime
    targets: ``Network.before_run``, i.e. ``net.run`` time minus the loop).

Synaptic events are counted exactly: every neuron's spike count times its
out-degree, read from the connectivity Brian2 generated.

Example::

    python3 bench/peers/brian2_bench.py cuba --neurons 4000 --duration 1 --seed 1 --json
    python3 bench/peers/brian2_bench.py cuba --neurons 64000 --precision float32 --json
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from typing import Any

# Brian2's standard benchmark sizes: p = 0.02 up to this size, constant in-degree above.
P_FIXED_MAX_NEURONS = 4000
IN_DEGREE_ABOVE = 80.0
EXC_FRACTION = 0.8


def connection_probability(neurons: int) -> float:
    """p = 0.02 at ≤ 4000 neurons, 80/N above (≈ 64 exc + 16 inh inputs per neuron)."""
    return 0.02 if neurons <= P_FIXED_MAX_NEURONS else IN_DEGREE_ABOVE / neurons


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(
        prog='brian2_bench.py',
        description='Run the Brette et al. 2007 CUBA or COBA benchmark in Brian2 and print '
                    'the same JSON keys as `spinsnn bench cuba|coba --json` (see docs/benchmarks.md §1-2).',
        epilog='Example: brian2_bench.py cuba --neurons 64000 --duration 1 --seed 3 --json',
    )
    ap.add_argument('benchmark', choices=['cuba', 'coba'], help='which network')
    ap.add_argument('--neurons', type=int, default=4000,
                    help='network size, 80%% excitatory; p = 0.02 up to 4000, 80/N above (default 4000)')
    ap.add_argument('--duration', type=float, default=1.0, help='simulated time in seconds (default 1)')
    ap.add_argument('--seed', type=int, default=1, help='random seed for connectivity and initial state (default 1)')
    ap.add_argument('--target', choices=['cpp_standalone', 'cython', 'numpy'], default='cpp_standalone',
                    help='Brian2 code generation target (default cpp_standalone)')
    ap.add_argument('--network', metavar='DIR',
                    help='CUBA only: use the connectivity and initial potentials of a Brian2 dump '
                         '(e.g. /work/shared/datasets/brian2-cuba/N4000_T1_seed1) and report how many '
                         'of its recorded spikes are reproduced (key spikesMatchDump)')
    ap.add_argument('--threads', type=int, default=1,
                    help='cpp_standalone: OpenMP threads (prefs.devices.cpp_standalone.openmp_threads); '
                         '1 = Brian2 without OpenMP, its single-threaded code (default 1). With OpenMP the '
                         'binary times its loop by omp_get_wtime (wall), without it by std::clock (CPU)')
    ap.add_argument('--precision', choices=['float64', 'float32'], default='float64',
                    help='floating-point type of state variables and weights '
                         '(prefs.core.default_float_dtype; spinsnn: bench --precision) (default float64)')
    ap.add_argument('--keep-build', action='store_true',
                    help='cpp_standalone: keep the temporary build folder and print its path on stderr')
    ap.add_argument('--json', action='store_true', help='print exactly one JSON line on stdout and nothing else')
    args = ap.parse_args(argv)
    if args.neurons < 10:
        ap.error(f'--neurons must be at least 10, got {args.neurons}')
    if not args.duration > 0:
        ap.error(f'--duration must be positive, got {args.duration}')
    if args.seed < 0:
        ap.error(f'--seed must be non-negative, got {args.seed}')
    if args.threads < 1:
        ap.error(f'--threads must be at least 1, got {args.threads}')
    if args.threads > 1 and args.target != 'cpp_standalone':
        ap.error('--threads > 1 (OpenMP) needs --target cpp_standalone')
    if args.network and args.benchmark != 'cuba':
        ap.error('--network is only defined for cuba (the Brian2 dump holds a CUBA network)')
    return args


@dataclass
class Dump:
    """A Brian2 CUBA dump (datasets/brian2-cuba): connectivity, initial v, recorded spikes."""
    neurons: int
    exc_neurons: int
    v0: Any
    exc_pre: Any
    exc_post: Any
    inh_pre: Any
    inh_post: Any
    spike_i: Any
    spike_t: Any


def read_dump(folder: str) -> Dump:
    import numpy as np
    with open(os.path.join(folder, 'manifest.json')) as f:
        manifest = json.load(f)

    def arr(name: str, dtype: str) -> Any:
        a = np.fromfile(os.path.join(folder, name), dtype=dtype)
        expected = manifest['arrays'][name]['length']
        if a.size != expected:
            raise ValueError(f'{folder}/{name}: {a.size} values, manifest says {expected}')
        return a

    return Dump(manifest['N'], manifest['NE'], arr('v0_volt.f64', '<f8'),
                arr('exc_pre.i32', '<i4'), arr('exc_post.i32', '<i4'),
                arr('inh_pre.i32', '<i4'), arr('inh_post.i32', '<i4'),
                arr('spike_i.i32', '<i4'), arr('spike_t_s.f64', '<f8'))


def build_network(b2: Any, kind: str, neurons: int, dump: Dump | None) -> tuple[Any, Any, Any, Any, Any]:
    """Create the group, the two projections and a spike monitor; return them and the Network.

    Follows Brian2's examples/CUBA.py (and docs/benchmarks.md §2 for COBA) statement by
    statement, so that the order of random draws is that of the example: initial
    state first, then excitatory, then inhibitory connectivity.
    """
    ms, mV = b2.ms, b2.mV
    n_exc = int(EXC_FRACTION * neurons)
    p = connection_probability(neurons)
    ns: dict[str, Any] = dict(taum=20 * ms, taue=5 * ms, taui=10 * ms, Vt=-50 * mV, Vr=-60 * mV, NE=n_exc)
    if kind == 'cuba':
        ns.update(El=-49 * mV, we=(60 * 0.27 / 10) * mV, wi=(-20 * 4.5 / 10) * mV)
        eqs = '''
        dv/dt  = (ge+gi-(v-El))/taum : volt (unless refractory)
        dge/dt = -ge/taue : volt
        dgi/dt = -gi/taui : volt
        '''
        method = 'exact'
    else:
        # Conductances in units of the leak conductance gL = 10 nS (dimensionless).
        ns.update(El=-60 * mV, Ee=0 * mV, Ei=-80 * mV, we=6.0 / 10.0, wi=67.0 / 10.0)
        eqs = '''
        dv/dt  = (ge*(Ee-v) + gi*(Ei-v) + (El-v))/taum : volt (unless refractory)
        dge/dt = -ge/taue : 1
        dgi/dt = -gi/taui : 1
        '''
        method = 'exponential_euler'

    P = b2.NeuronGroup(neurons, eqs, threshold='v>Vt', reset='v = Vr', refractory=5 * ms,
                       method=method, namespace=ns, name='P')
    if dump is not None:
        P.v = dump.v0 * b2.volt
    else:
        P.v = 'Vr + rand() * (Vt - Vr)'
    if kind == 'cuba':
        P.ge = 0 * mV
        P.gi = 0 * mV
    else:
        P.ge = '(randn() * 1.5 + 4) / 10'
        P.gi = '(randn() * 12 + 20) / 10'

    Ce = b2.Synapses(P, P, on_pre='ge += we', namespace=ns, name='Ce')
    Ci = b2.Synapses(P, P, on_pre='gi += wi', namespace=ns, name='Ci')
    if dump is not None:
        Ce.connect(i=dump.exc_pre, j=dump.exc_post)
        Ci.connect(i=dump.inh_pre, j=dump.inh_post)
    else:
        Ce.connect('i<NE', p=p)
        Ci.connect('i>=NE', p=p)

    mon = b2.SpikeMonitor(P, name='spikes')
    net = b2.Network(P, Ce, Ci, mon)
    return P, Ce, Ci, mon, net


def count_dump_matches(dump: Dump, spike_i: Any, spike_t: Any, dt: float) -> int:
    """Length of the common prefix of Brian2's recorded spike list and this run's (same step, same neuron)."""
    import numpy as np
    n = min(dump.spike_i.size, spike_i.size)
    same = (dump.spike_i[:n] == spike_i[:n]) & (np.rint(dump.spike_t[:n] / dt) == np.rint(spike_t[:n] / dt))
    mismatch = np.flatnonzero(~same)
    return int(mismatch[0]) if mismatch.size else n


TIME_BIN = '/usr/bin/time'


def run_binary(build_dir: str) -> tuple[float, float, float | None, str]:
    """Run the compiled standalone binary as Brian2 would.

    Returns (wall s, cpu s, peak RSS MB, what the RSS is of). The peak RSS has to be
    measured one process away: Linux carries the pre-exec memory high-water mark of
    a forked child into its ``ru_maxrss``, so a binary started straight from this
    (Brian2-sized, ~160 MB) Python process would report Python's peak. GNU time
    forks from a ~1 MB process and reports the binary's own ``ru_maxrss``.
    """
    b2prefs = __import__('brian2').prefs
    env = dict(os.environ)
    env.update(b2prefs['devices.cpp_standalone.run_environment_variables'])
    run_cmd = b2prefs['devices.cpp_standalone.run_cmd_unix']
    run_cmd = [run_cmd] if isinstance(run_cmd, str) else list(run_cmd)
    have_time = os.access(TIME_BIN, os.X_OK)
    usage_file = os.path.join(build_dir, 'results', 'usage.txt')
    cmd = [TIME_BIN, '-o', usage_file, '-f', '%M'] + run_cmd if have_time else run_cmd
    with open(os.path.join(build_dir, 'results', 'stdout.txt'), 'w') as out:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=build_dir, env=env, stdout=out)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)  # we reaped it; tell Popen
    if proc.returncode != 0:
        with open(os.path.join(build_dir, 'results', 'stdout.txt')) as f:
            sys.stderr.write(f.read())
        raise RuntimeError(f'Brian2 standalone binary failed with exit code {proc.returncode} (build folder {build_dir})')
    if not have_time:
        return (wall, usage.ru_utime + usage.ru_stime, None,
                f'not measured: {TIME_BIN} missing (apt-get install time); a direct child reports its parent\'s peak')
    with open(usage_file) as f:
        maxrss_kb = f.read().split()[-1]
    # CPU time from wait4: the reaped GNU time's usage includes its reaped child's.
    return (wall, usage.ru_utime + usage.ru_stime, float(maxrss_kb) / 1024.0,
            'cpp_standalone binary (child process, ru_maxrss via GNU time)')


def read_last_run_time(build_dir: str) -> float:
    """The loop time the binary wrote to results/last_run_info.txt ("<seconds> <completed fraction>")."""
    with open(os.path.join(build_dir, 'results', 'last_run_info.txt')) as f:
        run_time, completed = (float(x) for x in f.read().split())
    if completed != 1.0:
        raise RuntimeError(f'Brian2 run completed only {completed:.3f} of the requested duration')
    return run_time


def simulate(args: argparse.Namespace) -> dict[str, Any]:
    import numpy as np
    import brian2 as b2

    b2.prefs.logging.std_redirection = False
    b2.prefs.logging.console_log_level = 'WARNING'
    dump = read_dump(args.network) if args.network else None
    neurons = dump.neurons if dump is not None else args.neurons
    standalone = args.target == 'cpp_standalone'
    build_dir = tempfile.mkdtemp(prefix='brian2-bench-') if standalone else None
    try:
        if standalone:
            b2.set_device('cpp_standalone', directory=build_dir, build_on_run=False)
            # 0 = no OpenMP (Brian2's default); N > 1 compiles with -fopenmp and splits the
            # neuron and synapse loops over N threads
            b2.prefs.devices.cpp_standalone.openmp_threads = args.threads if args.threads > 1 else 0
        else:
            b2.prefs.codegen.target = args.target
        # state variables, weights and constants of the generated code in this type (Brian2's
        # float32 mode, as spinsnn's parallel engine with --precision float32)
        b2.prefs.core.default_float_dtype = np.float32 if args.precision == 'float32' else np.float64
        b2.defaultclock.dt = 0.1 * b2.ms
        b2.seed(args.seed)

        t0 = time.perf_counter()
        P, Ce, Ci, mon, net = build_network(b2, args.benchmark, neurons, dump)
        build_python_s = time.perf_counter() - t0
        t1 = time.perf_counter()
        net.run(args.duration * b2.second, namespace={})
        run_call_s = time.perf_counter() - t1

        result: dict[str, Any] = {}
        if standalone:
            t2 = time.perf_counter()
            b2.device.build(directory=build_dir, compile=True, run=False, with_output=False)
            compile_s = time.perf_counter() - t2
            binary_wall, binary_cpu, rss, rss_of = run_binary(build_dir)
            device = b2.get_device()
            device.has_been_run = True  # results/ is in place: let Brian2 read it back
            wall_s = read_last_run_time(build_dir)
            device._last_run_time = wall_s
            build_s = binary_wall - wall_s
            result.update(binaryWallS=binary_wall, binaryCpuS=binary_cpu)
            loop_clock = ('wall (omp_get_wtime in the binary, OpenMP)' if args.threads > 1
                          else 'cpu (std::clock in the binary)')
        else:
            wall_s = float(b2.device._last_run_time)
            compile_s = run_call_s - wall_s
            build_s = build_python_s
            rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
            rss_of = 'python process (whole run, includes Brian2 import and code generation)'
            loop_clock = 'wall (time.time in Network.run)'

        counts = np.asarray(mon.count[:], dtype=np.int64)
        pre_e = np.asarray(Ce.i[:], dtype=np.int64)
        pre_i = np.asarray(Ci.i[:], dtype=np.int64)
        out_degree = np.bincount(pre_e, minlength=neurons) + np.bincount(pre_i, minlength=neurons)
        synaptic_events = int(np.dot(counts, out_degree))
        n_exc = dump.exc_neurons if dump is not None else int(EXC_FRACTION * neurons)
        spikes = int(counts.sum())
        if dump is not None:
            dt = float(b2.defaultclock.dt)
            matched = count_dump_matches(dump, np.asarray(mon.i[:]), np.asarray(mon.t[:] / b2.second), dt)
            result.update(spikesMatchDump=matched, dumpSpikes=int(dump.spike_i.size))

        return {
            'benchmark': args.benchmark,
            'neurons': neurons,
            'synapses': int(pre_e.size + pre_i.size),
            'durationS': args.duration,
            'seed': args.seed,
            'spikes': spikes,
            'meanRateHz': spikes / neurons / args.duration,
            'excRateHz': int(counts[:n_exc].sum()) / n_exc / args.duration,
            'inhRateHz': int(counts[n_exc:].sum()) / (neurons - n_exc) / args.duration,
            'synapticEvents': synaptic_events,
            'buildS': build_s,
            'wallS': wall_s,
            'eventsPerS': synaptic_events / wall_s if wall_s > 0 else None,
            'peakRssMB': rss,
            'target': args.target,
            'brian2Version': b2.__version__,
            'compileS': compile_s,
            'rssOf': rss_of,
            'loopClock': loop_clock,
            'threads': args.threads if standalone else 1,
            'openmp': standalone and args.threads > 1,
            'precision': args.precision,
            'network': args.network,
            **result,
        }
    finally:
        if build_dir is not None:
            if args.keep_build:
                sys.stderr.write(f'build folder kept: {build_dir}\n')
            else:
                shutil.rmtree(build_dir, ignore_errors=True)


def print_human(r: dict[str, Any]) -> None:
    print(f"{r['benchmark'].upper()} (Brian2 {r['brian2Version']}, {r['target']})  {r['neurons']} neurons, "
          f"{r['synapses']} synapses, {r['durationS']} s simulated, seed {r['seed']}")
    print(f"  spikes          {r['spikes']}  (mean {r['meanRateHz']:.3f} Hz; exc {r['excRateHz']:.3f}, inh {r['inhRateHz']:.3f})")
    print(f"  synaptic events {r['synapticEvents']}")
    print(f"  build           {r['buildS']:.3f} s   compile {r['compileS']:.3f} s")
    print(f"  run             {r['wallS']:.3f} s ({r['loopClock']})  -> {r['eventsPerS'] / 1e6:.2f} M synaptic events/s")
    rss = 'n/a' if r['peakRssMB'] is None else f"{r['peakRssMB']:.1f} MB"
    print(f"  peak RSS        {rss}  ({r['rssOf']})")
    if 'spikesMatchDump' in r:
        print(f"  dump replay     {r['spikesMatchDump']} of {r['dumpSpikes']} recorded spikes reproduced in order")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    # The compiler (make, g++) and Brian2 itself write to file descriptor 1: send all
    # of that to stderr so that stdout carries only our result.
    sys.stdout.flush()
    result_out = os.fdopen(os.dup(1), 'w')
    os.dup2(2, 1)
    result = simulate(args)
    sys.stdout.flush()
    if args.json:
        result_out.write(json.dumps(result) + '\n')
    else:
        sys.stdout = result_out
        print_human(result)
    result_out.flush()
    return 0


if __name__ == '__main__':
    sys.exit(main())
