import { mkdirSync, readFileSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { DataError } from '@spinsnn/core';
import type * as TF from '@tensorflow/tfjs';
import { tfjs } from './tfjs.js';

/**
 * Saving and loading a TF.js layers model as `model.json` + `weights.bin` in a folder, the
 * format tfjs-node's file:// handler writes, without needing tfjs-node. Both files are written
 * to temporary names and renamed, weights first, so a reader never sees a half-written model.
 */
export async function saveModel(model: TF.LayersModel, dir: string): Promise<void> {
  const tf = tfjs();
  mkdirSync(dir, { recursive: true });
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const weights = artifacts.weightData ? new Uint8Array(concat(artifacts.weightData)) : new Uint8Array(0);
      const json = {
        modelTopology: artifacts.modelTopology,
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy ?? null,
        weightsManifest: [{ paths: ['./weights.bin'], weights: artifacts.weightSpecs ?? [] }],
      };
      atomic(join(dir, 'weights.bin'), weights);
      atomic(join(dir, 'model.json'), JSON.stringify(json));
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON', weightDataBytes: weights.byteLength } };
    }),
  );
}

/** Loads a TF.js model saved by `saveModel` from a folder. */
export async function loadModel(dir: string): Promise<TF.LayersModel> {
  const mf = join(dir, 'model.json');
  const wf = join(dir, 'weights.bin');
  if (!existsSync(mf)) throw new DataError(dir, 'no model.json: not a saved spinsnn/TF.js model folder');
  if (!existsSync(wf)) throw new DataError(dir, 'no weights.bin next to model.json');
  let json: { modelTopology: object; weightsManifest: { weights: TF.io.WeightsManifestEntry[] }[] };
  try {
    json = JSON.parse(readFileSync(mf, 'utf8'));
  } catch (e) {
    throw new DataError(mf, `not valid JSON (${(e as Error).message})`);
  }
  const specs = json.weightsManifest.flatMap((g) => g.weights);
  const buf = readFileSync(wf);
  const expected = specs.reduce((s, w) => s + w.shape.reduce((a, b) => a * b, 1) * 4, 0);
  if (buf.byteLength !== expected) throw new DataError(wf, `${buf.byteLength} bytes, expected ${expected} for the weights listed in model.json (truncated?)`);
  const weightData = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
  const tf = tfjs();
  return tf.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: specs, weightData }));
}

function concat(data: ArrayBuffer | ArrayBuffer[]): ArrayBuffer {
  if (!Array.isArray(data)) return data;
  const total = data.reduce((s, b) => s + b.byteLength, 0);
  const out = new Uint8Array(total);
  let o = 0;
  for (const b of data) {
    out.set(new Uint8Array(b), o);
    o += b.byteLength;
  }
  return out.buffer;
}

function atomic(path: string, data: string | Uint8Array): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}
