import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/**
 * Renders a Vega-Lite spec to SVG headlessly (no canvas or browser needed). Every plot spinsnn
 * writes into a run folder goes through here (RunFolder.writePlot), so the look is consistent.
 */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const vgSpec = compile(spec).spec;
  const view = new vega.View(vega.parse(vgSpec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** A spike raster: one dot per spike, neurons on y, time on x. */
export function rasterSpec(points: { t: number; i: number; group: string }[], title: string): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    width: 720,
    height: 360,
    data: { values: points },
    mark: { type: 'point', filled: true, size: 7, opacity: 0.8 },
    encoding: {
      x: { field: 't', type: 'quantitative', title: 'time (s)' },
      y: { field: 'i', type: 'quantitative', title: 'neuron' },
      color: { field: 'group', type: 'nominal', title: 'population' },
    },
  };
}

/** Lines y(x), one per series. */
export function lineSpec(
  points: { x: number; y: number; series: string }[],
  o: { title: string; x: string; y: string; logX?: boolean; logY?: boolean },
): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: o.title,
    width: 640,
    height: 320,
    data: { values: points },
    mark: { type: 'line', point: points.length < 200 },
    encoding: {
      x: { field: 'x', type: 'quantitative', title: o.x, scale: o.logX ? { type: 'log' } : {} },
      y: { field: 'y', type: 'quantitative', title: o.y, scale: o.logY ? { type: 'log' } : {} },
      color: { field: 'series', type: 'nominal', title: null },
    },
  };
}
