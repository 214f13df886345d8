// A Node module hook that runs the examples' TypeScript without a build step or a new
// dependency: each `.ts` file is transpiled on load with the compiler the repository already
// uses (type-only syntax is stripped; nothing is type-checked here — `npx tsc -p
// examples/tsconfig.json` does that). Registered by `register.mjs`.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export async function load(url, context, next) {
  if (!url.startsWith('file:') || !url.endsWith('.ts')) return next(url, context);
  const fileName = fileURLToPath(url);
  const { outputText } = ts.transpileModule(await readFile(fileName, 'utf8'), {
    fileName,
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true, sourceMap: false, inlineSourceMap: true },
  });
  return { format: 'module', source: outputText, shortCircuit: true };
}
