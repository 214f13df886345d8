/** Small DOM helpers of the page's panels, and the results object the browser tests read. */

/** An element with attributes (strings; `on*` functions become listeners) and children. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, unknown> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v as EventListener);
    else if (v !== undefined && v !== false) el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) el.append(c);
  return el;
}

/** A labelled control. */
export function field(label: string, control: HTMLElement): HTMLLabelElement {
  return h('label', {}, label, control);
}

/** An element showing an error message (empty = hidden). */
export function errorBox(testId: string): HTMLDivElement {
  return h('div', { class: 'error', 'data-testid': testId, role: 'alert' });
}

/** Shows an error's name and message, with a hint; never leaves the panel blank. */
export function showError(box: HTMLElement, e: unknown, hint = ''): void {
  const err = e as Error;
  box.textContent = `${err.name && err.name !== 'Error' ? `${err.name}: ` : ''}${err.message ?? String(e)}${hint ? `\n${hint}` : ''}`;
}

/** The numbers every panel publishes for the browser tests (window.spinsnn). */
export const results: Record<string, unknown> = {};
(globalThis as unknown as { spinsnn: Record<string, unknown> }).spinsnn = results;

/** A finite number from an input, or an error naming the field and the range. */
export function numberFrom(input: HTMLInputElement, name: string, min: number, max: number, integer = false): number {
  const v = Number(input.value);
  if (input.value.trim() === '' || !Number.isFinite(v) || v < min || v > max || (integer && !Number.isInteger(v))) {
    const e = new Error(`${name} must be ${integer ? 'a whole number' : 'a number'} in [${min}, ${max}], got "${input.value}"`);
    e.name = 'ParamError';
    throw e;
  }
  return v;
}
