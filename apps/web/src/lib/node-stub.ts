/**
 * Stand-ins for the few `node:fs` / `node:path` names that browser-safe source modules import
 * beside their pure functions (e.g. @spinsnn/datasets' gset.ts: parseGset is pure, readGset reads
 * a file). vite.config.ts aliases the node modules here for the page; a file read throws.
 */
function noFs(): never {
  throw new Error('files cannot be read by path in the browser: pick or drop the file instead');
}
/** Like node:path basename: the last path segment, without `ext` when it ends with it. */
export function basename(p: string, ext?: string): string {
  const b =
    p
      .replace(/[\\/]+$/, '')
      .split(/[\\/]/)
      .pop() ?? '';
  return ext && b.endsWith(ext) ? b.slice(0, -ext.length) : b;
}
/** Like node:path join, for the page's relative paths. */
export function join(...parts: string[]): string {
  return parts.filter(Boolean).join('/').replace(/\/+/g, '/');
}
/** Like node:path dirname. */
export function dirname(p: string): string {
  const i = p.lastIndexOf('/');
  return i <= 0 ? (i === 0 ? '/' : '.') : p.slice(0, i);
}
/** Not available in the page. */
export const existsSync = (): boolean => false;
/** Not available in the page. */
export const readFileSync = noFs;
/** Not available in the page. */
export const statSync = noFs;
/** Not available in the page. */
export const readdirSync = noFs;
/** Not available in the page. */
export const createRequire = noFs;
/** Not available in the page. */
export const deflateSync = noFs;
export default { basename, join, dirname, existsSync, readFileSync, statSync, readdirSync, createRequire, deflateSync };
