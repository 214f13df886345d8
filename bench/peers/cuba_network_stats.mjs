// What spinsnn generates for the CUBA benchmark network, per seed, without simulating it:
// in-degree (all, from exc, from inh), out-degree, self-connections, initial potentials.
// One JSON line per seed; bench/peers/network_stats_compare.py compares it with Brian2's.
//
//   node bench/peers/cuba_network_stats.mjs --neurons 64000 --seeds 1-10
import { Network, brette2007Spec } from '@spinsnn/core';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const neurons = Number(arg('--neurons', '64000'));
const seeds = arg('--seeds', '1-10')
  .split(',')
  .flatMap((part) => {
    const [lo, hi = lo] = part.split('-').map(Number);
    return Array.from({ length: hi - lo + 1 }, (_, k) => lo + k);
  });
const hist = (a) => {
  const h = {};
  for (const x of a) h[x] = (h[x] ?? 0) + 1;
  return h;
};

for (const seed of seeds) {
  const net = new Network(brette2007Spec('cuba', { neurons, seed, recordSpikes: false }), { trusted: true });
  const offset = { exc: 0, inh: net.populations.get('exc').size };
  const inExc = new Int32Array(neurons),
    inInh = new Int32Array(neurons),
    out = new Int32Array(neurons);
  let self = 0;
  for (const proj of net.projections) {
    const s0 = offset[proj.source.name],
      t0 = offset[proj.target.name];
    const into = proj.source.name === 'exc' ? inExc : inInh;
    for (let i = 0; i + 1 < proj.rowPtr.length; i++) {
      out[s0 + i] += proj.rowPtr[i + 1] - proj.rowPtr[i];
      for (let s = proj.rowPtr[i]; s < proj.rowPtr[i + 1]; s++) {
        into[t0 + proj.post[s]]++;
        if (s0 + i === t0 + proj.post[s]) self++;
      }
    }
  }
  const v0 = [...net.populations.values()].flatMap((p) => Array.from(p.group.state('v')));
  const inAll = inExc.map((x, j) => x + inInh[j]);
  console.log(JSON.stringify({ side: 'spinsnn', seed, neurons, self, inAll: hist(inAll), inExc: hist(inExc), inInh: hist(inInh), out: hist(out), v0 }));
}
