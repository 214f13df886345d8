/**
 * RF spin-diode/STNO network (issue 13 item 4; docs/oscillators.md §4): the hand-written
 * gradient against central finite differences of the loss, the chain voltage against the
 * registered device's closed form, and the generated tasks' shapes.
 */
import { describe, expect, test } from 'vitest';
import { Rng } from '@spinsnn/core';
import { generate2d } from '@spinsnn/datasets';
import { RfNetwork, powerEncoding } from '@spinsnn/learning';

describe('RF network', () => {
  test('one Adam step moves each parameter against the sign of the finite-difference gradient', () => {
    const data = generate2d('moons', 40, new Rng(1), 0.1);
    const a2 = powerEncoding(data.x, 2)(data.x);
    const base = new RfNetwork({ inputs: 2, hidden: 3, outputs: 2 }, new Rng(2));
    const clone = () => {
      const n = new RfNetwork({ inputs: 2, hidden: 3, outputs: 2 }, new Rng(2));
      return n;
    };
    const lossOf = (n: RfNetwork) => {
      const m = clone();
      m.d1.set(n.d1);
      m.d2.set(n.d2);
      m.b1.set(n.b1);
      m.b2.set(n.b2);
      return m.train(a2, data.labels, { epochs: 1, learningRate: 1e-12 });
    };
    // Adam's first step is −lr·sign(g): compare the step direction with a central difference
    const stepped = clone();
    stepped.train(a2, data.labels, { epochs: 1, learningRate: 1e-3 });
    let checked = 0;
    for (const [name, get] of [
      ['d1', (n: RfNetwork) => n.d1],
      ['d2', (n: RfNetwork) => n.d2],
      ['b1', (n: RfNetwork) => n.b1],
    ] as const) {
      for (let i = 0; i < get(base).length; i++) {
        const up = clone(),
          dn = clone();
        get(up)[i] += 1e-5;
        get(dn)[i] -= 1e-5;
        const g = (lossOf(up) - lossOf(dn)) / 2e-5;
        if (Math.abs(g) < 1e-4) continue; // flat directions (dead paths): the sign is noise
        const moved = get(stepped)[i] - get(base)[i];
        expect(Math.sign(moved), `${name}[${i}]`).toBe(-Math.sign(g));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(5);
  });

  test('the layer-1 chain voltage equals Σ_j Σ_k V_dc of the registered spin-diode closed form', () => {
    const net = new RfNetwork({ inputs: 2, hidden: 2, outputs: 2 }, new Rng(4));
    const a2 = Float64Array.from([0.3, 0.8]);
    const zh = new Float64Array(2),
      hh = new Float64Array(2),
      y = new Float64Array(2);
    net.forward(a2, 0, y, zh, hh);
    for (let j = 0; j < 2; j++) expect(net.b1[j] + net.chainVoltage(j, a2, 0)).toBeCloseTo(zh[j], 12);
  });

  test('generated tasks: balanced labels, XOR labels match the quadrant sign before jitter', () => {
    const x = generate2d('xor', 200, new Rng(5), 0);
    let ones = 0;
    for (let i = 0; i < 200; i++) {
      ones += x.labels[i];
      expect(x.labels[i]).toBe(x.x[2 * i] * x.x[2 * i + 1] < 0 ? 1 : 0);
    }
    expect(ones).toBe(100);
    const r = generate2d('rings', 100, new Rng(5), 0);
    for (let i = 0; i < 100; i++) expect(Math.hypot(r.x[2 * i], r.x[2 * i + 1])).toBeCloseTo(r.labels[i] ? 1 : 0.5, 12);
  });
});
