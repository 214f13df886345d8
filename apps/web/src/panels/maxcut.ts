/** Panel (c): p-bit max-cut on a bundled or uploaded Gset graph, the cut rising live. */
import { lineSpec } from '@spinsnn/plot';
import { chartIn } from '../chart.js';
import { errorBox, field, h, numberFrom, results, showError } from '../dom.js';
import { StoppedError, runJob } from '../protocol.js';

/** Graphs bundled with the page (public/graphs; G1 only when the build found it), with their best-known cut. */
const BUNDLED: { file: string; label: string; best: number | null }[] = [
  { file: 'petersen.txt', label: 'Petersen graph (10 nodes, 15 edges; max cut 12)', best: 12 },
  { file: 'G1.txt', label: 'G1 (800 nodes, 19,176 edges; best known 11,624)', best: 11624 },
];

/** Mounts the panel in `el`. */
export function maxcutPanel(el: HTMLElement): void {
  const graph = h(
    'select',
    { 'data-testid': 'maxcut-graph' },
    ...BUNDLED.map((g) => h('option', { value: g.file }, g.label)),
    h('option', { value: 'upload' }, 'uploaded file…'),
  );
  const file = h('input', { type: 'file', accept: '.txt,text/plain', 'data-testid': 'maxcut-file' });
  const sweeps = h('input', { type: 'number', value: 1000, min: 1, step: 100, style: 'width:7em', 'data-testid': 'maxcut-sweeps' });
  const beta1 = h('input', { type: 'number', value: 3, min: 0.01, step: 0.5, style: 'width:5em' });
  const seed = h('input', { type: 'number', value: 1, min: 0, step: 1, style: 'width:5em' });
  const start = h('button', { 'data-testid': 'maxcut-run' }, 'anneal');
  const stop = h('button', {}, 'stop');
  const err = errorBox('maxcut-error');
  const stats = h('div', { class: 'stats', 'data-testid': 'maxcut-stats' }, 'pick a graph and press anneal');
  const charts = h('div', { class: 'charts' });
  el.append(
    h(
      'p',
      {},
      'A network of probabilistic bits anneals the Ising model of max-cut (couplings −w on each edge; β rising linearly from 0.1): the same PbitMachine and anneal() as `spinsnn ising maxcut --sampler sequential`. Upload any Gset file ("n m" header, then "i j w" lines).',
    ),
    h(
      'div',
      { class: 'controls' },
      field('graph', graph),
      field('Gset file', file),
      field('sweeps', sweeps),
      field('final β', beta1),
      field('seed', seed),
      start,
      stop,
    ),
    err,
    stats,
    charts,
  );
  const chart = chartIn(charts, 'maxcut-chart');
  file.addEventListener('change', () => (graph.value = 'upload'));
  let job: { stop: () => void } | null = null;
  start.addEventListener('click', async () => {
    job?.stop();
    err.textContent = '';
    let text: string,
      name: string,
      best: number | null = null,
      nSweeps: number,
      b1: number,
      s: number;
    try {
      nSweeps = numberFrom(sweeps, 'sweeps', 1, 1e6, true);
      b1 = numberFrom(beta1, 'final β', 0.11, 100);
      s = numberFrom(seed, 'seed', 0, 2 ** 32 - 1, true);
      if (graph.value === 'upload') {
        const f = file.files?.[0];
        if (!f) throw Object.assign(new Error('no file chosen: pick a Gset .txt file above'), { name: 'DataError' });
        text = await f.text();
        name = f.name;
      } else {
        const res = await fetch(`${import.meta.env.BASE_URL}graphs/${graph.value}`);
        if (!res.ok)
          throw Object.assign(
            new Error(
              `${graph.value} is not bundled with this build (HTTP ${res.status}); G1 is copied in when the build finds $SPINSNN_DATA/gset — upload it instead`,
            ),
            { name: 'DataError' },
          );
        text = await res.text();
        name = graph.value;
        best = BUNDLED.find((g) => g.file === graph.value)?.best ?? null;
      }
    } catch (e) {
      showError(err, e);
      stats.textContent = 'not running';
      return;
    }
    const pts: { x: number; y: number; series: string }[] = [];
    let g: { name: string; nodes: number; edges: number } | null = null;
    stats.textContent = `parsing ${name}…`;
    const r = runJob<{ bestCut: number; sweeps: number }>({ op: 'maxcut', text, name, sweeps: nSweeps, beta0: 0.1, beta1: b1, seed: s }, (m) => {
      if (m.graph) {
        g = m.graph as typeof g;
        return;
      }
      pts.push({ x: m.sweep as number, y: m.cut as number, series: 'current state' }, { x: m.sweep as number, y: m.best as number, series: 'best so far' });
      stats.textContent = `${g?.name}: sweep ${m.sweep} of ${nSweeps} · cut ${m.cut} · best ${m.best}${best ? ` (best known ${best})` : ''}`;
      chart.draw(
        lineSpec(pts, {
          title: `${g?.name} (${g?.nodes} nodes, ${g?.edges} edges): cut while annealing`,
          x: 'sweep (one update of every p-bit)',
          y: 'cut (edges across the partition)',
          legend: 'cut of',
          width: 640,
          height: 320,
          rules: best ? [{ y: best, label: `best known ${best}` }] : [],
        }),
      );
    });
    job = r;
    try {
      const done = await r.promise;
      results.maxcut = { graph: (g as { name: string } | null)?.name ?? name, bestCut: done.bestCut, sweeps: done.sweeps, bestKnown: best };
      stats.textContent = `${(g as { name: string } | null)?.name}: best cut ${done.bestCut} after ${done.sweeps} sweeps${best ? ` (best known ${best})` : ''}`;
    } catch (e) {
      if (!(e instanceof StoppedError)) {
        showError(err, e, 'A Gset file is a header line "n m" followed by m lines "i j w" (1-based vertices).');
        stats.textContent = 'not running';
      }
    }
  });
  stop.addEventListener('click', () => job?.stop());
}
