/** Panel (b): the device explorer — any registered device and preset, parameters edited live, its curves. */
import { characterisationPlot } from '@spinsnn/plot';
import { chartIn } from '../chart.js';
import { errorBox, field, h, results, showError } from '../dom.js';
import { runJob } from '../protocol.js';

interface ParamInfo {
  name: string;
  unit: string;
  default: number | boolean | string;
  min: number | null;
  max: number | null;
  description: string;
}
interface ModelInfo {
  id: string;
  kind: string;
  description: string;
  params: ParamInfo[];
  presets: { name: string; description: string; params: Record<string, unknown> }[];
}

/** Mounts the panel in `el`. */
export async function devicePanel(el: HTMLElement): Promise<void> {
  const model = h('select', { 'data-testid': 'device-model' });
  const preset = h('select', { 'data-testid': 'device-preset' });
  const seed = h('input', { type: 'number', value: 1, min: 0, step: 1, style: 'width:6em' });
  const apply = h('button', { 'data-testid': 'device-run' }, 'compute curves');
  const desc = h('p', {});
  const params = h('div', { class: 'params', 'data-testid': 'device-params' });
  const err = errorBox('device-error');
  const status = h('div', { class: 'stats', 'data-testid': 'device-status' }, 'loading the registry…');
  const charts = h('div', { class: 'charts' });
  el.append(
    h(
      'p',
      {},
      'Every registered device model with a characterisation (synapses, p-bits, oscillators), computed by the same code as `spinsnn device <model> --json`. Change a parameter and the curves are computed again.',
    ),
    h('div', { class: 'controls' }, field('model', model), field('preset', preset), field('seed', seed), apply),
    desc,
    params,
    err,
    status,
    charts,
  );
  const chart = chartIn(charts, 'device-chart');
  let models: ModelInfo[] = [];
  try {
    models = (await runJob<{ models: ModelInfo[] }>({ op: 'models' }).promise).models;
  } catch (e) {
    showError(err, e);
    return;
  }
  for (const m of models) model.append(h('option', { value: m.id }, `${m.id} (${m.kind})`));
  const inputs = new Map<string, HTMLInputElement>();
  const current = () => models.find((m) => m.id === model.value)!;
  const fillParams = () => {
    const m = current();
    const p = m.presets.find((x) => x.name === preset.value);
    params.replaceChildren();
    inputs.clear();
    for (const q of m.params) {
      if (typeof q.default !== 'number') continue;
      const v = p && typeof p.params[q.name] === 'number' ? (p.params[q.name] as number) : q.default;
      const inp = h('input', { type: 'text', value: String(v), 'data-param': q.name, title: q.description });
      inp.addEventListener('change', compute);
      inputs.set(q.name, inp);
      const range = q.min !== null || q.max !== null ? ` [${q.min ?? '−∞'}, ${q.max ?? '∞'}]` : '';
      params.append(field(`${q.name} (${q.unit || '1'})${range}`, inp));
    }
  };
  const fillPresets = () => {
    const m = current();
    preset.replaceChildren(h('option', { value: '' }, '(defaults)'), ...m.presets.map((p) => h('option', { value: p.name }, p.name)));
    if (m.presets.length > 0) preset.value = m.presets[0].name;
    desc.textContent = m.description;
    fillParams();
  };
  let seq = 0;
  async function compute(): Promise<void> {
    const m = current();
    const given: Record<string, number> = {};
    const p = m.presets.find((x) => x.name === preset.value);
    for (const [name, inp] of inputs) {
      const q = m.params.find((x) => x.name === name)!;
      const v = Number(inp.value);
      const base = p && typeof p.params[name] === 'number' ? p.params[name] : q.default;
      if (inp.value.trim() === '' || !Number.isFinite(v)) {
        err.textContent = `ParamError: ${name} must be a number in ${q.unit || 'units of 1'}, got "${inp.value}"`;
        status.textContent = 'not computed: fix the parameter above';
        return;
      }
      if (v !== base) given[name] = v;
    }
    const my = ++seq;
    err.textContent = '';
    status.textContent = `computing ${m.id}…`;
    const t0 = performance.now();
    try {
      const r = await runJob<{
        result: {
          model: string;
          preset: string | null;
          curves: { name: string; x: string; xUnit: string; y: string; yUnit: string; points: [number, number][] }[];
        };
      }>({ op: 'device', id: m.id, preset: preset.value || undefined, params: given, seed: Number(seed.value) || 1 }).promise;
      if (my !== seq) return;
      results.device = r.result;
      status.textContent = `${r.result.model}${r.result.preset ? ` (${r.result.preset})` : ''}: ${r.result.curves.length} curves in ${((performance.now() - t0) / 1000).toFixed(2)} s`;
      chart.draw(characterisationPlot(r.result, { width: 620 }));
    } catch (e) {
      if (my !== seq) return;
      showError(err, e, 'Set the parameter inside its range (shown beside its name) and try again.');
      status.textContent = 'not computed';
    }
  }
  model.addEventListener('change', () => {
    fillPresets();
    void compute();
  });
  preset.addEventListener('change', () => {
    fillParams();
    void compute();
  });
  apply.addEventListener('click', () => void compute());
  model.value = models.some((m) => m.id === 'sot/multilevel') ? 'sot/multilevel' : models[0].id;
  fillPresets();
  await compute();
}
