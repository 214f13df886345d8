/**
 * Charts of the page: the same Vega-Lite specs and theme as the CLI's SVGs (@spinsnn/plot), drawn
 * into an element with vega's canvas renderer (a live raster has thousands of marks). A chart asked to redraw while it is drawing keeps only the latest spec.
 */
import { renderInto, type DrawnChart, type TopLevelSpec } from '@spinsnn/plot';

/** A chart in `el` that draws the latest spec it is given. */
/** Pause between two draws of one chart (ms). */
const MIN_GAP_MS = 400;

export class Chart {
  /** Draws completed. */
  draws = 0;
  private pending: TopLevelSpec | null = null;
  private busy = false;
  private view: DrawnChart | null = null;
  /** Resolves when the chart has drawn everything it was given. */
  idle: Promise<void> = Promise.resolve();
  private resolveIdle: (() => void) | null = null;
  constructor(readonly el: HTMLElement) {}
  /** Draws `spec` (or, if a draw is running, draws it next, replacing any spec still waiting). */
  draw(spec: TopLevelSpec): void {
    this.pending = spec;
    if (this.busy) return;
    this.idle = new Promise((r) => (this.resolveIdle = r));
    void this.loop();
  }
  private async loop(): Promise<void> {
    this.busy = true;
    try {
      while (this.pending) {
        const s = this.pending;
        this.pending = null;
        const next = document.createElement('div');
        const view = await renderInto(s, next);
        this.view?.finalize();
        this.el.replaceChildren(next);
        this.view = view;
        this.draws++;
        // leave the page's thread free between draws (a live chart redraws at most ~2 times a second)
        if (this.pending) await new Promise((r) => setTimeout(r, MIN_GAP_MS));
      }
    } finally {
      this.busy = false;
      this.resolveIdle?.();
    }
  }
}

/** A `div.chart` appended to `parent`, with its Chart. */
export function chartIn(parent: HTMLElement, testId: string): Chart {
  const d = document.createElement('div');
  d.className = 'chart';
  d.dataset.testid = testId;
  parent.appendChild(d);
  return new Chart(d);
}
