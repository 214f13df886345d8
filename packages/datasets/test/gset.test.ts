import { describe, expect, it } from 'vitest';
import { DataError } from '@spinsnn/core';
import { cutValue, parseGset } from '@spinsnn/datasets';
import { readGset } from '@spinsnn/datasets/node';
import { dataset } from '../../../test/support/datasets.js';

const GSET = dataset('gset/');

describe('Gset parser', () => {
  it('reads the shared instances with the sizes and weights their README lists', () => {
    // README table: (n, m, total weight W); G55 has 31 isolated vertices
    const table: [string, number, number, number][] = [
      ['G1', 800, 19176, 19176],
      ['G11', 800, 1600, 34],
      ['G55', 5000, 12498, 12498],
      ['G81', 20000, 40000, 34],
    ];
    for (const [name, n, m, W] of table) {
      const g = readGset(`${GSET}${name}.txt`);
      expect([g.name, g.n, g.m]).toEqual([name, n, m]);
      expect(g.weight.reduce((s, w) => s + w, 0)).toBe(W);
    }
    const g55 = readGset(`${GSET}G55.txt`);
    const deg = new Int32Array(g55.n);
    for (let e = 0; e < g55.m; e++) {
      deg[g55.src[e]]++;
      deg[g55.dst[e]]++;
    }
    expect(deg.filter((d) => d === 0).length).toBe(31);
  });

  it('converts to 0-based vertices and evaluates cuts', () => {
    const g = parseGset('3 3 \n1 2 1\n2 3 1\n1 3 -1\n', 'tri.txt');
    expect(Array.from(g.src)).toEqual([0, 1, 0]);
    expect(Array.from(g.dst)).toEqual([1, 2, 2]);
    expect(cutValue(g, [1, -1, 1])).toBe(2); // edges 1–2 and 2–3 cut
    expect(cutValue(g, [1, 1, -1])).toBe(0); // 2–3 (+1) and 1–3 (−1)
  });

  it.each([
    ['an empty file', '', /empty file/],
    ['a bad header', 'n m\n', /line 1: "n m", expected the header "n m"/],
    ['a header with three fields', '3 2 1\n1 2 1\n2 3 1\n', /expected the header/],
    ['fewer edges than declared', '3 3\n1 2 1\n2 3 1\n', /declares 3 edges but 2 edge lines follow \(truncated\?\)/],
    ['more edges than declared', '3 1\n1 2 1\n2 3 1\n', /declares 1 edges but 2/],
    ['a vertex out of range', '3 1\n1 4 1\n', /line 2: vertex out of range 1\.\.3/],
    ['vertex 0 (0-based file)', '3 1\n0 2 1\n', /vertex out of range/],
    ['a self-loop', '3 1\n2 2 1\n', /line 2: self-loop on vertex 2/],
    ['a missing weight', '3 1\n1 2\n', /line 2: "1 2", expected "i j w"/],
  ])('rejects %s with a DataError', (_n, text, message) => {
    const run = (): unknown => parseGset(text, '/g/G0.txt');
    expect(run).toThrow(DataError);
    expect(run).toThrow(message);
    expect(run).toThrow(/^\/g\/G0\.txt: /);
  });

  it('reports a missing file', () => {
    expect(() => readGset('/no/G1.txt')).toThrow(/\/no\/G1\.txt: missing/);
  });
});
