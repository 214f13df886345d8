"""Tests of the Brian2 peer (bench/peers/brian2_bench.py).

Run with Debian's Python, where Brian2 lives (about 10 s; skipped when Brian2 is missing):

    /usr/bin/python3 -m unittest discover -s bench/peers -p 'test_*.py' -v

The checks are against data made independently of this script: the Brian2 dump in
/work/shared/datasets/brian2-cuba (connectivity, initial potentials and the 22,463 spikes Brian2
recorded). If the script's equations, parameters, update method, refractoriness or step order
differed from the network that produced the dump, the spikes would diverge within tens of ms
(datasets/brian2-cuba/README.md: a refractory period one step off already diverges at ~23 ms).
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import unittest

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
SCRIPT = os.path.join(HERE, 'brian2_bench.py')
# shared/ sits beside the checkout (/work/main → /work/shared); override with BRIAN2_CUBA_DUMP.
DUMP = os.environ.get('BRIAN2_CUBA_DUMP', os.path.normpath(
    os.path.join(HERE, '..', '..', '..', 'shared', 'datasets', 'brian2-cuba', 'N4000_T1_seed1')))
HAVE_BRIAN2 = importlib.util.find_spec('brian2') is not None

# The keys `spinsnn bench cuba --json` prints (apps/cli/src/bench/brette2007.ts).
SPINSNN_KEYS = {'benchmark', 'neurons', 'synapses', 'durationS', 'seed', 'spikes', 'meanRateHz', 'excRateHz',
                'inhRateHz', 'synapticEvents', 'buildS', 'wallS', 'eventsPerS', 'peakRssMB'}
DURATION = 0.1  # s: long enough for ~2,000 spikes, short enough to keep the test fast


def load_module():
    spec = importlib.util.spec_from_file_location('brian2_bench', SCRIPT)
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # dataclasses look their module up while the class is built
    spec.loader.exec_module(mod)
    return mod


class ConnectionProbability(unittest.TestCase):
    def test_fixed_p_then_constant_in_degree(self):
        bench = load_module()
        self.assertEqual(bench.connection_probability(4000), 0.02)
        self.assertAlmostEqual(bench.connection_probability(64000) * 64000, 80.0)


class ArgumentErrors(unittest.TestCase):
    def test_network_only_for_cuba(self):
        r = subprocess.run([sys.executable, SCRIPT, 'coba', '--network', DUMP, '--json'], capture_output=True, text=True)
        self.assertEqual(r.returncode, 2)
        self.assertIn('--network is only defined for cuba', r.stderr)
        self.assertEqual(r.stdout, '')


@unittest.skipUnless(HAVE_BRIAN2, 'Brian2 is not installed (bash bench/peers/run_brian2.sh installs it)')
@unittest.skipUnless(os.path.isdir(DUMP), f'Brian2 dump not found at {DUMP}')
class DumpReplayStandalone(unittest.TestCase):
    """One cpp_standalone run of the dump's network for DURATION seconds."""

    @classmethod
    def setUpClass(cls):
        r = subprocess.run([sys.executable, SCRIPT, 'cuba', '--network', DUMP, '--duration', str(DURATION), '--json'],
                           capture_output=True, text=True)
        if r.returncode != 0:
            raise AssertionError(f'peer failed:\n{r.stderr[-3000:]}')
        cls.stdout = r.stdout
        cls.result = json.loads(r.stdout)
        cls.spike_i = np.fromfile(os.path.join(DUMP, 'spike_i.i32'), dtype='<i4')
        cls.spike_t = np.fromfile(os.path.join(DUMP, 'spike_t_s.f64'), dtype='<f8')
        pre = np.concatenate([np.fromfile(os.path.join(DUMP, f), dtype='<i4') for f in ('exc_pre.i32', 'inh_pre.i32')])
        cls.out_degree = np.bincount(pre, minlength=4000)

    def test_stdout_is_one_json_line_with_spinsnn_keys(self):
        # The compiler's output must not leak into stdout.
        self.assertEqual(self.stdout.count('\n'), 1)
        self.assertTrue(SPINSNN_KEYS <= set(self.result), SPINSNN_KEYS - set(self.result))
        for k in ('target', 'brian2Version', 'compileS', 'rssOf'):
            self.assertIn(k, self.result)

    def test_reproduces_every_recorded_spike(self):
        # Spikes of steps 0 .. DURATION/dt - 1; half a step of slack against float rounding of t.
        expected = int(np.sum(self.spike_t < DURATION - 0.5e-4))
        self.assertGreater(expected, 1000)
        self.assertEqual(self.result['spikes'], expected)
        self.assertEqual(self.result['spikesMatchDump'], expected)

    def test_synaptic_events_from_dump_connectivity(self):
        # Independent count: the dump's own spikes times the dump's own out-degrees.
        early = self.spike_i[self.spike_t < DURATION - 0.5e-4]
        self.assertEqual(self.result['synapticEvents'], int(self.out_degree[early].sum()))
        self.assertEqual(self.result['synapses'], int(self.out_degree.sum()))

    def test_timings_and_memory_are_of_the_binary(self):
        r = self.result
        self.assertGreater(r['wallS'], 0)
        # The loop is part of the binary's run, so it cannot take longer than the whole binary.
        self.assertLessEqual(r['wallS'], r['binaryCpuS'] + 0.01)
        # A 4000-neuron network with 320k synapses needs a few MB; the Python parent holds >100 MB,
        # which a naive measurement would report.
        self.assertLess(r['peakRssMB'], 100)


if __name__ == '__main__':
    unittest.main()
