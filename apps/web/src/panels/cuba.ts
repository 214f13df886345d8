/** Panel (a): a CUBA/COBA network (Brette et al. 2007) with a live raster, population rates and events/s. */
import { lineSpec, rasterSpec } from '@spinsnn/plot';
import { chartIn } from '../chart.js';
import { errorBox, field, h, numberFrom, results, showError } from '../dom.js';
import { StoppedError, runJob } from '../protocol.js';

/** Mounts the panel in `el` and starts a 1,000-neuron CUBA network. */
export function cubaPanel(el: HTMLElement): void {
  const kind = h(
    'select',
    { 'data-testid': 'cuba-kind' },
    h('option', { value: 'cuba' }, 'CUBA (current-based)'),
    h('option', { value: 'coba' }, 'COBA (conductance-based)'),
  );
  const size = h('input', { type: 'range', min: 500, max: 8000, step: 500, value: 1000, 'data-testid': 'cuba-size' });
  const sizeOut = h('span', {}, '1000');
  size.addEventListener('input', () => (sizeOut.textContent = size.value));
  const seed = h('input', { type: 'number', value: 1, min: 0, step: 1, style: 'width:6em', 'data-testid': 'cuba-seed' });
  const duration = h('input', { type: 'number', value: 2, min: 0.1, max: 60, step: 0.1, style: 'width:6em', 'data-testid': 'cuba-duration' });
  const start = h('button', { 'data-testid': 'cuba-start' }, 'run');
  const stop = h('button', {}, 'stop');
  const bench = h('button', { 'data-testid': 'cuba-bench' }, 'benchmark 4,000 neurons');
  const stats = h('div', { class: 'stats', 'data-testid': 'cuba-stats' }, 'starting…');
  const err = errorBox('cuba-error');
  const charts = h('div', { class: 'charts' });
  el.append(
    h(
      'p',
      {},
      'The benchmark networks of Brette et al. (2007): 80 % excitatory and 20 % inhibitory leaky integrate-and-fire neurons, 2 % random connectivity, simulated by the event kernel of @spinsnn/core in a Web Worker.',
    ),
    h(
      'div',
      { class: 'controls' },
      field('network', kind),
      field('neurons', h('span', {}, size, ' ', sizeOut)),
      field('seed', seed),
      field('simulated time (s)', duration),
      start,
      stop,
      bench,
    ),
    err,
    stats,
    charts,
  );
  const raster = chartIn(charts, 'cuba-raster');
  const rate = chartIn(charts, 'cuba-rate');
  let job: { stop: () => void } | null = null;
  const run = () => {
    job?.stop();
    err.textContent = '';
    let n: number, s: number, d: number;
    try {
      n = numberFrom(size, 'neurons', 500, 8000, true);
      s = numberFrom(seed, 'seed', 0, 2 ** 32 - 1, true);
      d = numberFrom(duration, 'simulated time', 0.1, 60);
    } catch (e) {
      showError(err, e);
      stats.textContent = 'not running: fix the parameter above';
      return;
    }
    const k = kind.value as 'cuba' | 'coba';
    const pts: { t: number; i: number; group: string }[] = [];
    stats.textContent = `building ${n} neurons…`;
    const r = runJob({ op: 'cuba', kind: k, neurons: n, seed: s, duration: d, chunk: 0.05 }, (m) => {
      const sp = m.spikes as { t: number[]; i: number[]; g: number[] };
      for (let q = 0; q < sp.t.length; q++) pts.push({ t: sp.t[q], i: sp.i[q], group: sp.g[q] === 0 ? 'excitatory' : 'inhibitory' });
      const t = m.t as number;
      while (pts.length > 0 && pts[0].t < t - 1) pts.shift();
      const eps = m.eventsPerS as number;
      stats.textContent = `t = ${t.toFixed(2)} s · ${m.spikeCount} spikes · mean rate ${((m.spikeCount as number) / n / t).toFixed(2)} Hz · ${(eps / 1e6).toFixed(2)} M synaptic events/s · ${m.synapses} synapses`;
      raster.draw(
        rasterSpec(pts, `${k.toUpperCase()}, ${n} neurons: spikes of the first 160 excitatory and 40 inhibitory (last second)`, {
          width: 640,
          height: 300,
          tMax: Math.max(1, t),
        }),
      );
      const rp = (m.rates as { name: string; bin: number; rates: number[] }[]).flatMap((x) =>
        x.rates.map((y, b) => ({ x: (b + 0.5) * x.bin, y, series: x.name === 'exc' ? 'excitatory' : 'inhibitory' })),
      );
      rate.draw(lineSpec(rp, { title: 'population rate (10 ms bins)', x: 'time (s)', y: 'rate (Hz)', legend: 'population', width: 520, height: 300 }));
      results.cuba = { t, spikes: m.spikeCount, eventsPerS: eps, frames: ((results.cuba as { frames?: number })?.frames ?? 0) + 1, kind: k, neurons: n };
      if (results.firstFrameMs === undefined) results.firstFrameMs = performance.now() - (results.loadStartMs as number);
    });
    job = r;
    r.promise.then(
      () => {
        results.cubaDone = true;
      },
      (e) => {
        if (!(e instanceof StoppedError)) showError(err, e);
      },
    );
  };
  start.addEventListener('click', run);
  stop.addEventListener('click', () => {
    job?.stop();
    stats.textContent += ' · stopped';
  });
  bench.addEventListener('click', async () => {
    job?.stop();
    stats.textContent = 'benchmarking CUBA, 4,000 neurons, 1 s simulated after 0.2 s warm-up…';
    try {
      const r = await runJob<{ eventsPerS: number; events: number; wallS: number }>({ op: 'bench', kind: 'cuba', neurons: 4000, duration: 1 }).promise;
      results.bench = r;
      stats.textContent = `CUBA 4,000 neurons: ${(r.eventsPerS / 1e6).toFixed(2)} M synaptic events/s (${r.events} events in ${r.wallS.toFixed(2)} s)`;
    } catch (e) {
      showError(err, e);
    }
  });
  run();
}
