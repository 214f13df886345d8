// Path helpers for the browser-safe modules (node:path is not available in a page). Only used in
// error messages and clip names; node:path's join/basename give the same strings for plain paths.

/** The last segment of a path (after the last / or \\). */
export const baseName = (file: string): string => file.replace(/^.*[\\/]/, '');

/** `dir/name`, without doubling a trailing slash of `dir`. */
export const joinPath = (dir: string, name: string): string => (dir === '' ? name : /[\\/]$/.test(dir) ? dir + name : `${dir}/${name}`);
