/** Panel (e): a viewer for run folders — drop summary.json / metrics.jsonl / config.json to see the numbers and plots. */
import { lineSpec } from '@spinsnn/plot';
import { chartIn } from '../chart.js';
import { errorBox, h, results, showError } from '../dom.js';

/** Flattens nested objects into dotted keys for a table. */
function flat(o: unknown, prefix = '', out: [string, string][] = []): [string, string][] {
  if (o && typeof o === 'object' && !Array.isArray(o)) for (const [k, v] of Object.entries(o)) flat(v, prefix ? `${prefix}.${k}` : k, out);
  else out.push([prefix, Array.isArray(o) ? JSON.stringify(o).slice(0, 200) : String(o)]);
  return out;
}

/** The metrics rows of a metrics.jsonl text; a line that is not a JSON object is an error naming it. */
export function parseMetrics(text: string, file: string): Record<string, unknown>[] {
  const rows: Record<string, unknown>[] = [];
  text.split(/\r?\n/).forEach((line, k) => {
    if (line.trim() === '') return;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch {
      throw Object.assign(new Error(`${file} line ${k + 1}: not JSON ("${line.slice(0, 60)}"); metrics.jsonl holds one JSON object per line`), {
        name: 'DataError',
      });
    }
    if (!v || typeof v !== 'object' || Array.isArray(v)) throw Object.assign(new Error(`${file} line ${k + 1}: expected a JSON object`), { name: 'DataError' });
    rows.push(v as Record<string, unknown>);
  });
  return rows;
}

/** Mounts the panel in `el`. */
export function viewerPanel(el: HTMLElement): void {
  const input = h('input', { type: 'file', multiple: true, accept: '.json,.jsonl', 'data-testid': 'viewer-files' });
  const drop = h(
    'div',
    { class: 'drop', 'data-testid': 'viewer-drop' },
    'Drop summary.json, metrics.jsonl or config.json of a run folder here, or pick them: ',
    input,
  );
  const err = errorBox('viewer-error');
  const out = h('div', { 'data-testid': 'viewer-out' });
  el.append(
    h(
      'p',
      {},
      'Every spinsnn command writes a run folder (runs/<command>-<time>/). Its summary is shown as a table; each numeric column of metrics.jsonl is plotted against the step, epoch or sample column.',
    ),
    drop,
    err,
    out,
  );
  const load = async (files: File[]) => {
    err.textContent = '';
    out.replaceChildren();
    const shown: Record<string, unknown> = {};
    for (const f of files) {
      try {
        const text = await f.text();
        if (f.name.endsWith('.jsonl')) {
          const rows = parseMetrics(text, f.name);
          if (rows.length === 0) throw Object.assign(new Error(`${f.name} has no rows`), { name: 'DataError' });
          const keys = Object.keys(rows[0]);
          const xKey = ['epoch', 'step', 'done', 'sample', 'sweep', 't'].find((k) => keys.includes(k));
          const numeric = keys.filter((k) => k !== xKey && rows.every((r) => typeof r[k] === 'number'));
          out.append(h('h3', {}, `${f.name}: ${rows.length} rows`));
          const charts = h('div', { class: 'charts' });
          out.append(charts);
          for (const k of numeric) {
            const pts = rows.map((r, i) => ({ x: xKey ? (r[xKey] as number) : i + 1, y: r[k] as number, series: k }));
            chartIn(charts, `viewer-chart-${k}`).draw(
              lineSpec(pts, { title: `${k} vs ${xKey ?? 'row'}`, x: xKey ?? 'row (line of metrics.jsonl)', y: k, width: 420, height: 220 }),
            );
          }
          shown[f.name] = { rows: rows.length, plotted: numeric };
        } else {
          let v: unknown;
          try {
            v = JSON.parse(text);
          } catch (e) {
            throw Object.assign(new Error(`${f.name} is not valid JSON (${(e as Error).message})`), { name: 'DataError' });
          }
          const rows = flat(v);
          out.append(h('h3', {}, f.name), h('table', {}, ...rows.map(([k, val]) => h('tr', {}, h('th', {}, k), h('td', {}, val)))));
          shown[f.name] = { keys: rows.length };
        }
      } catch (e) {
        showError(err, e, 'A run folder holds summary.json and config.json (JSON objects) and metrics.jsonl (one JSON object per line).');
      }
    }
    results.viewer = shown;
  };
  input.addEventListener('change', () => void load([...(input.files ?? [])]));
  drop.addEventListener('dragover', (e) => {
    e.preventDefault();
    drop.classList.add('over');
  });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    void load([...(e.dataTransfer?.files ?? [])]);
  });
}
