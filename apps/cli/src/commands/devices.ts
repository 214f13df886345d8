import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { join } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import { rangeText } from '@spinsnn/core';
import { backendList, characteriseDevice, deviceId, deviceModels, type Characterisation, type Curve, type DeviceModel } from '@spinsnn/backends';
import { writePlot } from '../plot.js';
import { intArg, runFolder, splitNameValue, writeFileAtomic } from '../util.js';

/** `spinsnn devices`: what is registered. `spinsnn device <backend>/<model>`: its characterisation. */
export function registerDevices(program: Command): void {
  program
    .command('devices')
    .description('list device backends, their models, parameters (SI units, ranges, sources) and presets')
    .option('--json', 'print exactly one JSON line and nothing else on stdout')
    .action((opts: { json?: boolean }) => {
      const listing = backendList().map((b) => ({
        backend: b.name,
        description: b.description,
        models: deviceModels(b.name).map(describeModel),
      }));
      if (opts.json) process.stdout.write(JSON.stringify({ backends: listing }) + '\n');
      else process.stdout.write(humanListing(deviceModels()) + '\n');
    });

  program
    .command('device')
    .description('characterise one device model: conductance vs pulse number (with variation bands), switching probability vs current and pulse width, … ; writes JSON and an SVG plot into a run folder')
    .argument('<model>', 'backend/model, e.g. sot/multilevel (see `spinsnn devices`)')
    .option('--preset <name>', 'named parameter set from a paper')
    .option('--param <name=value>', 'override one parameter in SI units (repeatable), e.g. --param tmr=2', collectParam, {})
    .option('--seed <n>', 'random seed of the Monte-Carlo ensembles', intArg(0, 2 ** 32 - 1), 1)
    .option('--llg', 'overlay a macrospin-LLG ensemble (models with an LLG calibration only)')
    .option('--out <dir>', 'run folder to write into (default runs/device-<time>)')
    .option('--json', 'print exactly one JSON line and nothing else on stdout')
    .addHelpText('after', '\nExamples:\n  spinsnn device sot/multilevel --preset hsin2025 --json\n  spinsnn device sot/binary --preset li2023-joule --param thermalTime=5e-8')
    .action(async (id: string, opts: { preset?: string; param: Record<string, number>; seed: number; llg?: boolean; out?: string; json?: boolean }) => {
      // validate and compute before creating any folder: a bad parameter leaves nothing behind
      const result = characteriseDevice(id, { preset: opts.preset, params: opts.param, seed: opts.seed, llg: opts.llg });
      const dir = runFolder('device', opts.out);
      writeFileAtomic(join(dir, 'characterisation.json'), JSON.stringify(result, null, 1) + '\n');
      writeFileAtomic(join(dir, 'config.json'), JSON.stringify({ command: 'device', model: id, preset: opts.preset ?? null, params: result.params, seed: opts.seed, llg: !!opts.llg }, null, 1) + '\n');
      const svg = join(dir, 'characterisation.svg');
      await writePlot(svg, characterisationPlot(result));
      if (opts.json) process.stdout.write(JSON.stringify(result) + '\n');
      else {
        process.stdout.write(`${result.model}${result.preset ? ` (preset ${result.preset})` : ''}: ${result.curves.length} curves\n`);
        for (const c of result.curves) process.stdout.write(`  ${c.name}  [${c.points.length} points; ${c.x} (${c.xUnit}) → ${c.y} (${c.yUnit})]\n`);
        process.stdout.write(`wrote ${join(dir, 'characterisation.json')}\n      ${svg}\n`);
      }
    });
}

function collectParam(value: string, acc: Record<string, number>): Record<string, number> {
  const nv = splitNameValue(value);
  if (!nv) throw new InvalidArgumentError(`expected name=value (e.g. tmr=2), got "${value}"`);
  const v = Number(nv.value);
  if (!Number.isFinite(v)) throw new InvalidArgumentError(`expected a finite number for ${nv.name}, got "${nv.value}"`);
  return { ...acc, [nv.name]: v };
}

function describeModel(m: DeviceModel) {
  return {
    id: deviceId(m),
    kind: m.kind,
    description: m.description,
    params: m.params.map((p) => ({ name: p.name, unit: p.unit, default: p.default, min: p.min ?? null, max: p.max ?? null, integer: !!p.integer, description: p.description, source: p.source ?? null })),
    presets: m.presets.map((p) => ({ name: p.name, description: p.description, source: p.source, params: p.params })),
  };
}

function humanListing(models: DeviceModel[]): string {
  const lines: string[] = [];
  for (const b of backendList()) {
    lines.push(`${b.name}  ${b.description}`);
    for (const m of models.filter((x) => x.backend === b.name)) {
      lines.push(`  ${deviceId(m)}  (${m.kind})  ${m.description}`);
      for (const p of m.params) {
        const range = rangeText(p);
        lines.push(`      ${p.name.padEnd(18)} ${String(p.default).padEnd(12)} ${p.unit.padEnd(4)} ${range}  ${p.description}${p.source ? `  — ${p.source}` : ''}`);
      }
      for (const pr of m.presets) lines.push(`    preset ${pr.name}: ${pr.description}  — ${pr.source}`);
    }
  }
  return lines.join('\n');
}

/** One panel per axis pair (e.g. all P_sw-vs-current curves together), stacked vertically. */
export function characterisationPlot(c: Characterisation): TopLevelSpec {
  const groups = new Map<string, Curve[]>();
  for (const cv of c.curves) {
    const key = `${cv.x}|${cv.xUnit}|${cv.y}|${cv.yUnit}`;
    groups.set(key, [...(groups.get(key) ?? []), cv]);
  }
  const panels = [...groups.values()].map((cs) => {
    const first = cs[0];
    const values = cs.flatMap((cv) => cv.points.map(([x, y]) => ({ x, y, series: cv.name })));
    const positive = values.every((v) => v.x > 0);
    const spread = positive ? Math.max(...values.map((v) => v.x)) / Math.min(...values.map((v) => v.x)) : 1;
    return {
      title: `${first.y} vs ${first.x}`,
      width: 560,
      height: 240,
      data: { values },
      mark: { type: 'line' as const, point: true },
      encoding: {
        x: { field: 'x', type: 'quantitative' as const, title: `${first.x} (${first.xUnit})`, scale: spread > 50 ? { type: 'log' as const } : { zero: false } },
        y: { field: 'y', type: 'quantitative' as const, title: `${first.y} (${first.yUnit})`, scale: { zero: false } },
        color: { field: 'series', type: 'nominal' as const, title: null },
      },
    };
  });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: `${c.model}${c.preset ? ` — preset ${c.preset}` : ''}`,
    vconcat: panels,
    resolve: { scale: { color: 'independent' } },
  } as TopLevelSpec;
}
