/**
 * The CLI's plots come from the shared plotting module `@spinsnn/plot` (also used by the web
 * page): Vega-Lite specs with labelled axes, titles, legends and one theme of readable fonts,
 * rendered to SVG headlessly. Re-exported here so commands import from one place.
 */
export { barSpec, characterisationPlot, lineSpec, rasterSpec, renderSvg, themed } from '@spinsnn/plot';
