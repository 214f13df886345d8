/** Where one undocumented public export is declared. */
export interface UndocumentedExport {
  entry: string;
  name: string;
  file: string;
  line: number;
}
/** The public entry points checked, as source files relative to the repo. */
export const PUBLIC_ENTRIES: string[];
/** Every undocumented export of `entries`, sorted by file and line. */
export function undocumentedExports(entries?: string[]): UndocumentedExport[];
