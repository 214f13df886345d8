/**
 * Vowel classification by the synchronisation pattern of coupled STNOs driven by two microwave
 * inputs, in the manner of Romera et al., Nature 563, 230 (2018) (docs/oscillators.md §5.4).
 * F1 and F2 are mapped to input frequencies f_A and f_B; each class owns a target configuration
 * "oscillator a_k locked to A and oscillator b_k locked to B"; the class is read from the locking
 * pattern of the simulated array; the dc-current rule moves the oscillators' free-running
 * frequencies toward the inputs they must lock to and pushes wrongly locked ones out.
 */
import { SpecError, type Rng } from '@spinsnn/core';
import { DrivenStnoArray, adlerLockingHalfWidth, type StnoParams } from '@spinsnn/backends';

/** Options of the synchronisation classifier. */
export interface SyncVowelOptions {
  /** Oscillators (Romera: 4). */
  readonly oscillators: number;
  /** Initial bias I/I_th of every oscillator; sets the band centre f_c = f(ζ0). */
  readonly zeta0: number;
  /** Half-width of the input band (Hz): standardised features in ±`clip` map to f_c ± bandHz. */
  readonly bandHz: number;
  /** Standardised feature value mapped to the band edge. */
  readonly clip: number;
  /** Analytic locking half-width (Hz) at ζ0; sets the input amplitude F (docs/oscillators.md §5.3). */
  readonly lockHz: number;
  /** Shared-line coupling: the drive each oscillator gets from one other, over the input amplitude F (0: uncoupled). */
  readonly kappa: number;
  /** Integration step, settling and measurement times (s). */
  readonly dt: number;
  readonly settle: number;
  readonly measure: number;
  /** Fraction of the frequency gap the dc-current rule closes per error. */
  readonly learningRate: number;
  /** Fraction of the missing margin by which a wrongly locked oscillator is pushed out. */
  readonly pushRate: number;
  /** Bias range allowed to the rule (I/I_th). */
  readonly zetaMin: number;
  readonly zetaMax: number;
  /** After each epoch, give every observed pattern its majority class (otherwise only the class configurations decode). */
  readonly calibrate: boolean;
}

/** Defaults of the synchronisation classifier [A] (docs/oscillators.md §5.4). */
export const SYNC_VOWEL_DEFAULTS: SyncVowelOptions = {
  oscillators: 4,
  zeta0: 1.5,
  bandHz: 200e6,
  clip: 2.5,
  lockHz: 25e6,
  kappa: 0.5,
  dt: 40e-12,
  settle: 60e-9,
  measure: 60e-9,
  learningRate: 0.3,
  pushRate: 0.3,
  zetaMin: 1.1,
  zetaMax: 3,
  calibrate: true,
};

/** One labelled sample: two features (F1, F2 in Hz) and a class index. */
export interface VowelSample {
  readonly f1: number;
  readonly f2: number;
  readonly label: number;
}

/** Per-epoch training record. */
export interface SyncEpoch {
  readonly epoch: number;
  readonly trainAccuracy: number;
  readonly unmatched: number;
  readonly zeta: number[];
}

/** The Romera-style classifier: a DrivenStnoArray, the feature → frequency map and the class configurations. */
export class SyncVowelClassifier {
  readonly array: DrivenStnoArray;
  readonly opts: SyncVowelOptions;
  /** Target configuration of class k: oscillator locked to A (a[k]) and to B (b[k]). */
  readonly targetA: Int32Array;
  readonly targetB: Int32Array;
  /** Pattern → class table (index (a+1)·(n+1) + (b+1)), calibrated on training data; −1: unassigned. */
  readonly patternClass: Int32Array;
  private mean = [0, 0];
  private std = [1, 1];
  private amplitude = 0;
  private fc = 0;

  constructor(
    params: StnoParams,
    readonly classes: number,
    opts: Partial<SyncVowelOptions> = {},
  ) {
    this.opts = { ...SYNC_VOWEL_DEFAULTS, ...opts };
    const o = this.opts;
    if (o.oscillators < 2) throw new SpecError('SyncVowelClassifier oscillators', 'at least 2', o.oscillators);
    if (classes > o.oscillators * (o.oscillators - 1)) {
      throw new SpecError(
        'SyncVowelClassifier classes',
        `at most oscillators·(oscillators−1) = ${o.oscillators * (o.oscillators - 1)} configurations`,
        classes,
      );
    }
    if (!(o.zeta0 > o.zetaMin && o.zeta0 < o.zetaMax))
      throw new SpecError('SyncVowelClassifier zeta0', `inside (zetaMin, zetaMax) = (${o.zetaMin}, ${o.zetaMax})`, o.zeta0);
    this.array = new DrivenStnoArray(o.oscillators, params);
    this.targetA = new Int32Array(classes).fill(-1);
    this.targetB = new Int32Array(classes).fill(-1);
    this.patternClass = new Int32Array((o.oscillators + 1) * (o.oscillators + 1)).fill(-1);
    const d = this.array.derived;
    this.amplitude = (2 * Math.PI * o.lockHz) / adlerLockingHalfWidth(d, o.zeta0, 1);
    const p0 = (o.zeta0 - 1) / (o.zeta0 + d.q);
    this.array.kappa = (o.kappa * this.amplitude * (o.oscillators - 1)) / Math.sqrt(p0);
    for (let i = 0; i < o.oscillators; i++) this.array.current[i] = o.zeta0 * d.ith;
    this.fc = this.array.freeOmega(0);
  }

  /** Input angular frequencies (rad/s) of a sample. */
  inputOmegas(f1: number, f2: number): [number, number] {
    const { bandHz, clip } = this.opts;
    const map = (v: number, c: number): number => {
      const z = Math.max(-clip, Math.min(clip, (v - this.mean[c]) / this.std[c]));
      return this.fc + 2 * Math.PI * bandHz * (z / clip);
    };
    return [map(f1, 0), map(f2, 1)];
  }

  /** Bias of oscillator i (I/I_th). */
  zeta(i: number): number {
    return this.array.current[i] / this.array.derived.ith;
  }

  private setOmega(i: number, omega: number): void {
    // invert ω(ζ) = ω0 + N (ζ−1)/(ζ+Q): ζ = (1 + Q x)/(1 − x), x = (ω − ω0)/N
    const d = this.array.derived;
    const x = (omega - d.omega0) / d.n;
    const z = (1 + d.q * x) / (1 - x);
    this.array.current[i] = Math.max(this.opts.zetaMin, Math.min(this.opts.zetaMax, z)) * d.ith;
  }

  /**
   * Fits the feature standardisation, places the oscillators at quantiles of the pooled input
   * frequencies and gives each class the distinct (A, B) oscillator pair nearest its medians.
   */
  initialise(train: readonly VowelSample[]): void {
    const n = this.opts.oscillators;
    for (const c of [0, 1]) {
      const v = train.map((s) => (c === 0 ? s.f1 : s.f2));
      const m = v.reduce((a, b) => a + b, 0) / v.length;
      this.mean[c] = m;
      this.std[c] = Math.sqrt(v.reduce((a, b) => a + (b - m) * (b - m), 0) / v.length) || 1;
    }
    const median = (a: number[]): number => a.sort((x, y) => x - y)[Math.floor(a.length / 2)];
    const medA: number[] = [],
      medB: number[] = [];
    for (let k = 0; k < this.classes; k++) {
      const mine = train.filter((s) => s.label === k).map((s) => this.inputOmegas(s.f1, s.f2));
      if (mine.length === 0) throw new SpecError('SyncVowelClassifier.initialise', `training samples of every class (class ${k} has none)`, 0);
      medA.push(median(mine.map((w) => w[0])));
      medB.push(median(mine.map((w) => w[1])));
    }
    const pooled: number[] = [];
    for (const s of train) pooled.push(...this.inputOmegas(s.f1, s.f2));
    pooled.sort((x, y) => x - y);
    for (let i = 0; i < n; i++) this.setOmega(i, pooled[Math.floor(((i + 0.5) / n) * pooled.length)]);
    const used = new Set<number>();
    for (let k = 0; k < this.classes; k++) {
      const ma = medA[k],
        mb = medB[k];
      let best = -1,
        bestCost = Number.POSITIVE_INFINITY;
      for (let a = 0; a < n; a++) {
        for (let b = 0; b < n; b++) {
          if (a === b || used.has(a * n + b)) continue;
          const cost = Math.abs(this.array.freeOmega(a) - ma) + Math.abs(this.array.freeOmega(b) - mb);
          if (cost < bestCost) {
            bestCost = cost;
            best = a * n + b;
          }
        }
      }
      used.add(best);
      this.targetA[k] = Math.floor(best / n);
      this.targetB[k] = best % n;
    }
    this.patternClass.fill(-1);
    for (let k = 0; k < this.classes; k++) this.patternClass[this.patternIndex(this.targetA[k], this.targetB[k])] = k;
  }

  private patternIndex(a: number, b: number): number {
    return (a + 1) * (this.opts.oscillators + 1) + (b + 1);
  }

  /**
   * Reads every training sample's pattern and gives each pattern the class most of its samples
   * have (the class configurations keep their own class); patterns never seen stay unassigned.
   */
  calibrate(samples: readonly VowelSample[]): void {
    const np = this.patternClass.length;
    const counts = new Int32Array(np * this.classes);
    for (const s of samples) {
      const p = this.pattern(s.f1, s.f2);
      counts[this.patternIndex(p.a, p.b) * this.classes + s.label]++;
    }
    for (let q = 0; q < np; q++) {
      let best = -1,
        bc = 0;
      for (let k = 0; k < this.classes; k++) {
        if (counts[q * this.classes + k] > bc) {
          bc = counts[q * this.classes + k];
          best = k;
        }
      }
      this.patternClass[q] = best;
    }
  }

  /** Simulates the array on one sample: the oscillator locked to A and to B (−1: none). */
  pattern(f1: number, f2: number): { a: number; b: number; locked: Uint8Array } {
    const [wa, wb] = this.inputOmegas(f1, f2);
    const o = this.opts;
    const r = this.array.run(
      [
        { amplitude: this.amplitude, omega: wa },
        { amplitude: this.amplitude, omega: wb },
      ],
      this.fc,
      { dt: o.dt, settle: o.settle, measure: o.measure },
    );
    const pick = (k: number, w: number): number => {
      let best = -1,
        bd = Number.POSITIVE_INFINITY;
      for (let i = 0; i < o.oscillators; i++) {
        if (!r.locked[i * 2 + k]) continue;
        const dd = Math.abs(this.array.freeOmega(i) - w);
        if (dd < bd) {
          bd = dd;
          best = i;
        }
      }
      return best;
    };
    return { a: pick(0, wa), b: pick(1, wb), locked: r.locked };
  }

  /** Class of a pattern (−1: unassigned). */
  decode(a: number, b: number): number {
    return this.patternClass[this.patternIndex(a, b)];
  }

  /** Predicted class of a sample (−1: the pattern matches no class). */
  classify(f1: number, f2: number): number {
    const p = this.pattern(f1, f2);
    return this.decode(p.a, p.b);
  }

  /**
   * The dc-current learning rule on one sample: a target oscillator not locked to its input has
   * its free-running frequency moved a fraction η toward it; another oscillator locked to that
   * input is pushed out of the locking band. Returns whether the sample was classified right.
   */
  learn(s: VowelSample): boolean {
    const p = this.pattern(s.f1, s.f2);
    const ok = this.decode(p.a, p.b) === s.label;
    if (ok) return true;
    const w = this.inputOmegas(s.f1, s.f2);
    const eta = this.opts.learningRate;
    const lock = 2 * Math.PI * this.opts.lockHz;
    for (const [k, target] of [
      [0, this.targetA[s.label]],
      [1, this.targetB[s.label]],
    ] as const) {
      for (let i = 0; i < this.opts.oscillators; i++) {
        const f = this.array.freeOmega(i);
        const isLocked = p.locked[i * 2 + k] === 1;
        if (i === target && !isLocked) this.setOmega(i, f + eta * (w[k] - f));
        else if (i !== target && isLocked) {
          const dist = w[k] - f;
          this.setOmega(i, f - this.opts.pushRate * Math.sign(dist || 1) * Math.max(0, 1.2 * lock - Math.abs(dist)));
        }
      }
    }
    return false;
  }

  /** Trains for `epochs` passes in a seeded random order; calls back after each epoch. */
  train(samples: readonly VowelSample[], epochs: number, rng: Rng, onEpoch?: (e: SyncEpoch) => void): SyncEpoch[] {
    this.initialise(samples);
    const order = Int32Array.from(samples.keys());
    const log: SyncEpoch[] = [];
    for (let e = 0; e < epochs; e++) {
      for (let i = order.length - 1; i > 0; i--) {
        const j = rng.int(i + 1);
        const t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
      for (const idx of order) this.learn(samples[idx]);
      if (this.opts.calibrate) this.calibrate(samples);
      const ev = this.evaluate(samples);
      const rec = {
        epoch: e + 1,
        trainAccuracy: ev.accuracy,
        unmatched: ev.unmatched,
        zeta: Array.from({ length: this.opts.oscillators }, (_, i) => this.zeta(i)),
      };
      log.push(rec);
      onEpoch?.(rec);
    }
    return log;
  }

  /** Accuracy and the share of samples whose pattern matches no class. */
  evaluate(samples: readonly VowelSample[]): { accuracy: number; unmatched: number; predictions: Int32Array } {
    const predictions = new Int32Array(samples.length);
    let right = 0,
      none = 0;
    for (const [i, s] of samples.entries()) {
      const c = this.classify(s.f1, s.f2);
      predictions[i] = c;
      if (c === s.label) right++;
      if (c < 0) none++;
    }
    return { accuracy: right / samples.length, unmatched: none / samples.length, predictions };
  }
}
