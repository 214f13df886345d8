/** The page: five panels in tabs; the CUBA panel starts at once. */
import { results } from './dom.js';
import { cubaPanel } from './panels/cuba.js';
import { devicePanel } from './panels/device.js';
import { maxcutPanel } from './panels/maxcut.js';
import { stdpPanel } from './panels/stdp.js';
import { viewerPanel } from './panels/viewer.js';

const t0 = performance.now();
results.loadStartMs = t0;
const panels: Record<string, (el: HTMLElement) => void> = { cuba: cubaPanel, device: devicePanel, maxcut: maxcutPanel, stdp: stdpPanel, viewer: viewerPanel };
const started = new Set<string>();
function show(name: string): void {
  for (const b of document.querySelectorAll<HTMLButtonElement>('#tabs button')) b.classList.toggle('active', b.dataset.panel === name);
  for (const p of document.querySelectorAll<HTMLElement>('.panel')) p.classList.toggle('active', p.id === `panel-${name}`);
  if (!started.has(name)) {
    started.add(name);
    panels[name](document.getElementById(`panel-${name}`)!);
  }
  history.replaceState(null, '', `#${name}`);
}
for (const b of document.querySelectorAll<HTMLButtonElement>('#tabs button')) b.addEventListener('click', () => show(b.dataset.panel!));
show(location.hash.slice(1) in panels ? location.hash.slice(1) : 'cuba');
// for the browser tests and the console: run a worker job directly (e.g. the spike digest)
import { runJob } from './protocol.js';
(globalThis as unknown as { spinsnnRun: (j: Parameters<typeof runJob>[0]) => Promise<unknown> }).spinsnnRun = (j) => runJob(j).promise;
