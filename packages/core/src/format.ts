import { format } from 'd3-format';

/**
 * Quantities as a person reads them: SI prefixes and a few significant digits
 * (`1e-4, 'A'` → `100 µA`, `1.7178e-9, 'J'` → `1.72 nJ`), the one formatter the CLI, the error
 * messages and the reports use. Numbers stay plain SI everywhere else (JSON, files, the API).
 */

/** Units a prefix must not be put in front of (a prefix would read as part of the unit). */
const NO_PREFIX = /[²³·%°]|^dB|^1$|^$/;

const formatters = new Map<string, (x: number) => string>();
function cached(spec: string): (x: number) => string {
  let f = formatters.get(spec);
  if (!f) formatters.set(spec, (f = format(spec)));
  return f;
}

/** A plain number with `digits` significant digits, whole numbers below 10⁶ as they are. */
export function formatNumber(value: number, digits = 3): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value) && Math.abs(value) < 1e6) return String(value);
  return cached(`.${digits}~g`)(value).replace('−', '-');
}

/**
 * `value` in `unit` with an SI prefix (`5000, 'Ω'` → `5 kΩ`) and `digits` significant digits.
 * Dimensionless (`'1'` or `''`) and compound units (`Ω·µm²`, `%`) get no prefix.
 */
export function formatQuantity(value: number, unit: string, digits = 3): string {
  if (NO_PREFIX.test(unit)) {
    const n = formatNumber(value, digits);
    return unit === '1' || unit === '' ? n : `${n} ${unit}`;
  }
  if (value === 0 || !Number.isFinite(value)) return `${value} ${unit}`;
  const abs = Math.abs(value);
  // beyond the prefixes (y … Y) d3 would print e.g. 1e-27 as 0.001y: keep the exponent
  if (abs < 1e-24 || abs >= 1e27) return `${cached(`.${digits}~e`)(value)} ${unit}`;
  const s = cached(`.${digits}~s`)(value).replace('−', '-');
  const m = /^(-?[\d.]+(?:e[+-]?\d+)?)(\D*)$/.exec(s);
  return m ? `${m[1]} ${m[2]}${unit}` : `${s} ${unit}`;
}
