import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { backendInfo, backendOf, formatQuantity, rangeText, registeredModels, type ModelDef } from '@spinsnn/core';
import { characteriseDevice } from '@spinsnn/backends';
import { characterisationPlot } from '../plot.js';
import { CommandOutput, RunFolder } from '../run-folder.js';
import { ArgumentError, intArg, splitNameValue } from '../util.js';

/** `spinsnn devices`: what is registered. */
export function registerDevices(program: Command): void {
  program
    .command('devices')
    .description(
      'list every registered model — neurons, synapse devices, plasticity rules, oscillators — by backend, with parameters (SI units, ranges, sources) and presets',
    )
    .option('--kind <kind>', 'only models of one kind: neuron, synapse, plasticity, array, oscillator, cell')
    .option('--json', 'print exactly one JSON line and nothing else on stdout')
    .action((opts: { kind?: string; json?: boolean }) => {
      const kinds = ['neuron', 'synapse', 'plasticity', 'array', 'oscillator', 'cell'];
      if (opts.kind !== undefined && !kinds.includes(opts.kind)) throw new ArgumentError('--kind', `expected one of ${kinds.join(', ')}, got "${opts.kind}"`);
      const models = registeredModels().filter((m) => opts.kind === undefined || m.kind === opts.kind);
      const names = [...new Set(models.map((m) => backendOf(m.id)))];
      const listing = names.map((name) => ({
        backend: name,
        description: backendInfo(name).description,
        models: models.filter((m) => backendOf(m.id) === name).map(describeModel),
      }));
      new CommandOutput({ json: opts.json }).finish({ backends: listing }, () => humanListing(models));
    });
}

/** `spinsnn device <backend>/<model>`: its characterisation, into a run folder. */
export function registerDevice(program: Command): void {
  program
    .command('device')
    .description(
      'characterise one device model: conductance vs pulse number (with variation bands), switching probability vs current and pulse width, … ; writes JSON and an SVG plot into a run folder',
    )
    .argument('<model>', 'backend/model, e.g. sot/multilevel (see `spinsnn devices`)')
    .option('--preset <name>', 'named parameter set from a paper')
    .option('--param <name=value>', 'override one parameter in SI units (repeatable), e.g. --param tmr=2', collectParam, {})
    .option('--seed <n>', 'random seed of the Monte-Carlo ensembles', intArg(0, 2 ** 32 - 1), 1)
    .option('--llg', 'overlay a macrospin-LLG ensemble (models with an LLG calibration only)')
    .option('--out <dir>', 'run folder to write into (default runs/device-<time>)')
    .option('--force', 'write into a non-empty --out (its files are overwritten)')
    .option('--json', 'print exactly one JSON line and nothing else on stdout')
    .addHelpText(
      'after',
      '\nExamples:\n  spinsnn device sot/multilevel --preset hsin2025 --json\n  spinsnn device sot/binary --preset li2023-joule --param thermalTime=5e-8',
    )
    .action(
      async (
        id: string,
        opts: { preset?: string; param: Record<string, number>; seed: number; llg?: boolean; out?: string; force?: boolean; json?: boolean },
      ) => {
        // the output is checked first; a bad parameter throws next (the empty folder is removed on exit)
        const run = new RunFolder('device', { out: opts.out, json: opts.json });
        run.prepare({ force: opts.force });
        const result = characteriseDevice(id, { preset: opts.preset, params: opts.param, seed: opts.seed, llg: opts.llg });
        run.writeJson('characterisation.json', result, 1);
        run.writeConfig({ command: 'device', model: id, preset: opts.preset ?? null, params: result.params, seed: opts.seed, llg: !!opts.llg });
        await run.writePlot('characterisation.svg', characterisationPlot(result));
        run.finish(result, () =>
          [
            `${result.model}${result.preset ? ` (preset ${result.preset})` : ''}: ${result.curves.length} curves`,
            ...result.curves.map((c) => `  ${c.name}  [${c.points.length} points; ${c.x} (${c.xUnit}) → ${c.y} (${c.yUnit})]`),
            `wrote ${run.path('characterisation.json')}`,
            `      ${run.path('characterisation.svg')}`,
          ].join('\n'),
        );
      },
    );
}

function collectParam(value: string, acc: Record<string, number>): Record<string, number> {
  const nv = splitNameValue(value);
  if (!nv) throw new InvalidArgumentError(`expected name=value (e.g. tmr=2), got "${value}"`);
  const v = Number(nv.value);
  if (!Number.isFinite(v)) throw new InvalidArgumentError(`expected a finite number for ${nv.name}, got "${nv.value}"`);
  return { ...acc, [nv.name]: v };
}

function describeModel(m: ModelDef) {
  return {
    id: m.id,
    kind: m.kind,
    aliases: m.aliases ?? [],
    description: m.description,
    characterisable: m.characterise !== undefined,
    ...(m.kind === 'neuron' ? { integrations: m.integrations, receptors: m.receptors, weightUnit: m.weightUnit, stateNames: m.stateNames } : {}),
    params: m.params.map((p) => ({
      name: p.name,
      unit: p.unit,
      default: p.default,
      min: p.min ?? null,
      max: p.max ?? null,
      integer: !!p.integer,
      description: p.description,
      source: p.source ?? null,
    })),
    presets: (m.presets ?? []).map((p) => ({ name: p.name, description: p.description, source: p.source, params: p.params })),
  };
}

function humanListing(models: ModelDef[]): string {
  const lines: string[] = [];
  for (const name of [...new Set(models.map((m) => backendOf(m.id)))]) {
    lines.push(`${name}  ${backendInfo(name).description}`);
    for (const m of models.filter((x) => backendOf(x.id) === name)) {
      lines.push(`  ${m.id}  (${m.kind}${m.aliases?.length ? `; formerly ${m.aliases.join(', ')}` : ''})  ${m.description}`);
      for (const p of m.params) {
        const range = rangeText(p);
        lines.push(
          `      ${p.name.padEnd(18)} ${formatQuantity(p.default, p.unit, 4).padEnd(14)} ${range}  ${p.description}${p.source ? `  — ${p.source}` : ''}`,
        );
      }
      for (const pr of m.presets ?? []) lines.push(`    preset ${pr.name}: ${pr.description}  — ${pr.source}`);
    }
  }
  lines.push('', SOURCE_TAGS);
  return lines.join('\n');
}

/** What the tags after a source mean (docs/physics.md, "Status tags"). */
export const SOURCE_TAGS =
  'Sources: [V] verified — read in the cited paper or file; [D] derived here from verified figures (re-derived in a test); [U] unverified — assumed or from a secondary summary, not a test oracle (docs/physics.md, Status tags). Defaults in SI with prefixes; --json gives plain SI numbers.';

/** One panel per axis pair (e.g. all P_sw-vs-current curves together), stacked vertically (from `@spinsnn/plot`). */
export { characterisationPlot } from '../plot.js';
