/**
 * @spinsnn/plot: the one plotting module of the CLI and the web page. Every chart is a Vega-Lite
 * spec built here (labelled axes with units, a title, a legend where there are series) and drawn
 * to SVG by `renderSvg` with one theme of readable fonts, so a figure written by `spinsnn …` into
 * a run folder and the chart the page draws from the same numbers look the same. Pure: vega and
 * vega-lite run in Node and in browsers (no canvas, no DOM needed).
 */
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

export type { TopLevelSpec } from 'vega-lite';

/** Vega-Lite schema every spec here names. */
export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** Font stack of every chart: system sans-serif fonts, so an SVG needs no font file to view. */
export const PLOT_FONT = 'Helvetica, Arial, "Liberation Sans", sans-serif';

/** Font sizes (px) of the theme: large enough to read on a slide at the chart's natural size. */
export const PLOT_FONT_SIZES = { title: 17, subtitle: 13, axisTitle: 14, axisLabel: 12, legendTitle: 13, legendLabel: 12 } as const;

/** The theme `renderSvg` merges under every spec's own `config` (a spec's settings win). */
export const PLOT_THEME = {
  font: PLOT_FONT,
  background: 'white',
  padding: 8,
  title: { fontSize: PLOT_FONT_SIZES.title, subtitleFontSize: PLOT_FONT_SIZES.subtitle, anchor: 'start', offset: 10, fontWeight: 'bold', limit: 900 },
  axis: {
    titleFontSize: PLOT_FONT_SIZES.axisTitle,
    labelFontSize: PLOT_FONT_SIZES.axisLabel,
    titleFontWeight: 'normal',
    titlePadding: 8,
    grid: true,
    gridOpacity: 0.5,
  },
  legend: { titleFontSize: PLOT_FONT_SIZES.legendTitle, labelFontSize: PLOT_FONT_SIZES.legendLabel, labelLimit: 360, symbolSize: 120 },
  header: { titleFontSize: PLOT_FONT_SIZES.axisTitle, labelFontSize: PLOT_FONT_SIZES.axisLabel },
  view: { stroke: '#ccc' },
  range: { category: ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'] },
} as const;

type Config = Record<string, unknown>;

function merge(base: Config, over: Config | undefined): Config {
  if (!over) return base;
  const out: Config = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    out[k] = b && typeof b === 'object' && !Array.isArray(b) && v && typeof v === 'object' && !Array.isArray(v) ? merge(b as Config, v as Config) : v;
  }
  return out;
}

/** The spec with the theme applied (what `renderSvg` compiles). */
export function themed(spec: TopLevelSpec): TopLevelSpec {
  const s = spec as TopLevelSpec & { config?: Config };
  return { ...s, config: merge(PLOT_THEME as unknown as Config, s.config) } as TopLevelSpec;
}

/**
 * Renders a Vega-Lite spec to SVG headlessly (no canvas or browser needed) with the theme. The
 * CLI's run folders (RunFolder.writePlot), the demo report and the web page all draw through here.
 */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const vgSpec = compile(themed(spec)).spec;
  const view = new vega.View(vega.parse(vgSpec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** A drawn chart in a page (a vega View): `finalize()` releases it before the next draw. */
export interface DrawnChart {
  finalize(): void;
}

/**
 * Draws a spec into a page element (browsers only) with vega's canvas renderer (default: one
 * canvas, cheap for thousands of marks, e.g. a live raster) or its SVG renderer; same theme and
 * spec as `renderSvg`. `container` is a DOM element.
 */
export async function renderInto(spec: TopLevelSpec, container: unknown, renderer: 'canvas' | 'svg' = 'canvas'): Promise<DrawnChart> {
  const view = new vega.View(vega.parse(compile(themed(spec)).spec), { renderer, container: container as never, hover: false });
  await view.runAsync();
  return view;
}

/** A spike raster: one dot per spike, neurons on y, time on x, colour by population. */
export function rasterSpec(
  points: { t: number; i: number; group: string }[],
  title: string,
  o: { width?: number; height?: number; tMax?: number } = {},
): TopLevelSpec {
  return {
    $schema: VEGA_LITE_SCHEMA,
    title,
    width: o.width ?? 720,
    height: o.height ?? 360,
    data: { values: points },
    mark: { type: 'point', filled: true, size: 7, opacity: 0.8 },
    encoding: {
      x: { field: 't', type: 'quantitative', title: 'time (s)', ...(o.tMax !== undefined ? { scale: { domain: [Math.max(0, o.tMax - 1), o.tMax] } } : {}) },
      y: { field: 'i', type: 'quantitative', title: 'neuron index' },
      color: { field: 'group', type: 'nominal', title: 'population' },
    },
  };
}

/** Options of `lineSpec`: title, axis titles (with units), log scales, size. */
export interface LineOptions {
  title: string;
  /** x-axis title, with the unit in parentheses (e.g. "time (s)"). */
  x: string;
  /** y-axis title, with the unit in parentheses. */
  y: string;
  logX?: boolean;
  logY?: boolean;
  /** Legend title (default none: the series names say it). */
  legend?: string;
  width?: number;
  height?: number;
  /** Fixed y domain. */
  yDomain?: [number, number];
  /** Horizontal reference lines, e.g. a best-known value, drawn dashed with their label. */
  rules?: { y: number; label: string }[];
}

/** Lines y(x), one per series, with a legend naming the series. */
export function lineSpec(points: { x: number; y: number; series: string }[], o: LineOptions): TopLevelSpec {
  const line = {
    mark: { type: 'line' as const, point: points.length < 200 },
    encoding: {
      x: { field: 'x', type: 'quantitative' as const, title: o.x, scale: o.logX ? { type: 'log' as const } : { zero: false } },
      y: {
        field: 'y',
        type: 'quantitative' as const,
        title: o.y,
        scale: o.logY ? { type: 'log' as const } : o.yDomain ? { domain: o.yDomain } : { zero: false },
      },
      color: { field: 'series', type: 'nominal' as const, title: o.legend ?? null },
    },
  };
  const rules = o.rules ?? [];
  if (rules.length === 0)
    return { $schema: VEGA_LITE_SCHEMA, title: o.title, width: o.width ?? 640, height: o.height ?? 320, data: { values: points }, ...line } as TopLevelSpec;
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: o.title,
    width: o.width ?? 640,
    height: o.height ?? 320,
    layer: [
      { data: { values: points }, ...line },
      { data: { values: rules }, mark: { type: 'rule', strokeDash: [6, 4], color: '#555' }, encoding: { y: { field: 'y', type: 'quantitative' } } },
      {
        data: { values: rules },
        mark: { type: 'text', align: 'right', dy: -7, fontSize: 12, color: '#333' },
        encoding: { y: { field: 'y', type: 'quantitative' }, x: { value: o.width ?? 640 }, text: { field: 'label' } },
      },
    ],
  } as TopLevelSpec;
}

/** Horizontal bars, one per row (e.g. test accuracy per model), value written beside each bar. */
export function barSpec(
  rows: { label: string; value: number; group?: string }[],
  o: { title: string; x: string; xDomain?: [number, number]; format?: string; width?: number },
): TopLevelSpec {
  const fmt = o.format ?? '.3f';
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: o.title,
    width: o.width ?? 560,
    height: { step: 34 },
    data: { values: rows.map((r) => ({ ...r, group: r.group ?? r.label })) },
    encoding: {
      y: { field: 'label', type: 'nominal', sort: null, title: null, axis: { labelLimit: 320 } },
      x: { field: 'value', type: 'quantitative', title: o.x, ...(o.xDomain ? { scale: { domain: o.xDomain } } : {}) },
    },
    layer: [
      { mark: { type: 'bar', height: 22 }, encoding: { color: { field: 'group', type: 'nominal', title: 'kind' } } },
      { mark: { type: 'text', align: 'left', dx: 4, fontSize: 12 }, encoding: { text: { field: 'value', type: 'quantitative', format: fmt } } },
    ],
  } as TopLevelSpec;
}

/** One curve of a device characterisation (the shape `characteriseDevice` returns). */
export interface PlotCurve {
  name: string;
  x: string;
  xUnit: string;
  y: string;
  yUnit: string;
  points: readonly (readonly [number, number])[];
}

/** A characterisation: a model id, its preset and its curves. */
export interface PlotCharacterisation {
  model: string;
  preset?: string | null;
  curves: readonly PlotCurve[];
}

/** A unit as an axis title shows it: "1" (dimensionless) is left out. */
function axisTitle(name: string, unit: string): string {
  return unit === '' || unit === '1' ? name : `${name} (${unit})`;
}

/** Tick labels with SI prefixes (80µ, 2n, 1.5G) where the values are very small or very large. */
function siAxis(values: number[]): { axis?: { format: string } } {
  let max = 0;
  for (const v of values) if (Number.isFinite(v)) max = Math.max(max, Math.abs(v));
  return max > 0 && (max < 1e-2 || max >= 1e5) ? { axis: { format: '~s' } } : {};
}

/**
 * A device characterisation: one panel per axis pair (e.g. all P_sw-vs-current curves together),
 * stacked vertically, log x where the x values span more than a factor 50.
 */
export function characterisationPlot(c: PlotCharacterisation, o: { width?: number } = {}): TopLevelSpec {
  const groups = new Map<string, PlotCurve[]>();
  for (const cv of c.curves) {
    const key = `${cv.x}|${cv.xUnit}|${cv.y}|${cv.yUnit}`;
    groups.set(key, [...(groups.get(key) ?? []), cv]);
  }
  const panels = [...groups.values()].map((cs) => {
    const first = cs[0];
    const values = cs.flatMap((cv) => cv.points.map(([x, y]) => ({ x, y, series: cv.name })));
    const positive = values.every((v) => v.x > 0);
    const spread = positive ? Math.max(...values.map((v) => v.x)) / Math.min(...values.map((v) => v.x)) : 1;
    const xAxis = siAxis(values.map((v) => v.x)),
      yAxis = siAxis(values.map((v) => v.y));
    return {
      title: `${first.y} vs ${first.x}`,
      width: o.width ?? 560,
      height: 240,
      data: { values },
      mark: { type: 'line' as const, point: true },
      encoding: {
        x: {
          field: 'x',
          type: 'quantitative' as const,
          title: axisTitle(first.x, first.xUnit),
          scale: spread > 50 ? { type: 'log' as const } : { zero: false },
          ...xAxis,
        },
        y: { field: 'y', type: 'quantitative' as const, title: axisTitle(first.y, first.yUnit), scale: { zero: false }, ...yAxis },
        color: { field: 'series', type: 'nominal' as const, title: 'curve' },
      },
    };
  });
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: `${c.model}${c.preset ? ` — preset ${c.preset}` : ''}`,
    vconcat: panels,
    resolve: { scale: { color: 'independent' } },
  } as TopLevelSpec;
}
