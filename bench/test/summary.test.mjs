// Tests of bench/lib/summary.mjs (the comparison's statistics). Run: node --test bench/test/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { collided, intList, mean, median, ratio, summariseSize } from '../lib/summary.mjs';

test('median: odd and even counts, ignores missing values', () => {
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.equal(median([5, null, undefined, NaN, 1]), 3);
  assert.equal(median([]), null);
});

test('mean and ratio handle missing values', () => {
  assert.equal(mean([1, 2, null, 6]), 3);
  assert.equal(mean([null]), null);
  assert.equal(ratio(3, 2), 1.5);
  assert.equal(ratio(3, 0), null);
  assert.equal(ratio(null, 2), null);
});

test('intList parses lists and names the bad item', () => {
  assert.deepEqual(intList('--seeds', '1, 2,3', 0, 10), [1, 2, 3]);
  assert.throws(() => intList('--seeds', '1,x', 0, 10), /--seeds: "x" is not an integer/);
  assert.throws(() => intList('--neurons', '5', 10, 100), /--neurons: "5" is not an integer in \[10, 100\]/);
  assert.throws(() => intList('--seeds', '', 0, 10), RangeError);
});

test('collided: a process that got less than the threshold share of a core', () => {
  assert.equal(collided(0.5, 1.0), true);
  assert.equal(collided(0.95, 1.0), false);
  assert.equal(collided(1.3, 1.0), false); // Node's GC threads can push the share above 1
  assert.equal(collided(null, 1.0), false); // unknown CPU time: cannot judge
});

test('summariseSize: medians per side and spinsnn/Brian2 ratios', () => {
  const run = (eventsPerS, peakRssMB, meanRateHz) => ({
    eventsPerS,
    peakRssMB,
    meanRateHz,
    wallS: 1,
    buildS: 0,
    excRateHz: meanRateHz,
    inhRateHz: meanRateHz,
    synapses: 10,
    spikes: 5,
  });
  const pairs = [
    { spinsnn: run(20, 80, 5.5), brian2: run(40, 10, 5.6) },
    { spinsnn: run(30, 90, 5.7), brian2: run(40, 12, 5.6) },
    { spinsnn: run(10, 85, 5.6), brian2: run(50, 11, 5.9) },
  ];
  const s = summariseSize(4000, pairs);
  assert.equal(s.neurons, 4000);
  assert.equal(s.spinsnn.runs, 3);
  assert.equal(s.spinsnn.eventsPerSMedian, 20);
  assert.equal(s.brian2.eventsPerSMedian, 40);
  assert.equal(s.ratios.eventsPerS, 0.5);
  // paired ratios 0.5, 0.75, 0.2 → median 0.5
  assert.equal(s.ratios.eventsPerSPairedMedian, 0.5);
  assert.equal(s.ratios.peakRssMB, 85 / 11);
  assert.ok(Math.abs(s.meanRateDiffHz - (5.6 - 5.7)) < 1e-12);
});
