/**
 * A calendar queue (Brown 1988) of pending flip times, one key per item, with O(1) re-keying.
 *
 * Why: in the asynchronous p-bit group every flip re-keys the flipping p-bit and its neighbours.
 * In a heap each re-key is a sift whose comparisons are unpredictable branches (~100 ns per
 * flip for 10^4 p-bits); here it is an unlink and a link. Keys are times: bucket b holds the
 * items whose key falls in [origin + (y·nb + b)·w, … + w) for any "year" y; the minimum is found
 * by scanning buckets from the current one and taking, within the first bucket that has keys in
 * the current year, the smallest of those — exactly the heap's minimum (ties aside).
 *
 * The queue must be monotone, as the next-reaction method is: no key is ever set below the last
 * minimum found. The width w is re-estimated from the keys when scans grow long (rebuild, O(n)).
 *
 * Filing is lazy: an item is filed under a window `win` no later than its key's own window. A key
 * that grows (a slower rate, the popped item's next flip) stays where it is and is moved when the
 * scan reaches its old window; a key that shrinks moves only if it falls before the window it is
 * filed under. So most re-keys are one store — an item is relinked once however often its key
 * changed in between — and the scan still meets every item at or before its key's window.
 */
export class CalendarQueue {
  /** Key of each item (read-only outside the queue; change it with `update`). */
  readonly key: Float64Array;
  private readonly next: Int32Array;
  private readonly prev: Int32Array;
  /** Absolute window each item is filed under (≤ its key's window, ≥ curIdx); its bucket is this mod nb. */
  private readonly win: Float64Array;
  private head: Int32Array;
  private nb = 1;
  private mask = 0;
  private width = 1;
  private inv = 1;
  private origin = 0;
  /** Absolute window index ⌊(key − origin)/w⌋ of the last minimum (its bucket is this mod nb). */
  private curIdx = 0;
  /** Cached minimum item (−1: unknown). */
  private minItem = -1;
  /** Scan statistics since the last rebuild, to decide when to rebuild. */
  private finds = 0;
  private scanned = 0;

  constructor(readonly n: number) {
    this.key = new Float64Array(n);
    this.next = new Int32Array(n);
    this.prev = new Int32Array(n);
    this.win = new Float64Array(n);
    this.head = new Int32Array(1).fill(-1);
  }

  /** Rebuilds from `keys` (may be `this.key` itself), choosing the bucket width from them. */
  build(keys: ArrayLike<number>): void {
    const n = this.n;
    let lo = Infinity, sum = 0;
    for (let i = 0; i < n; i++) {
      const k = keys[i];
      if (keys !== this.key) this.key[i] = k;
      if (k < lo) lo = k;
      if (Number.isFinite(k)) sum += k;
    }
    if (n === 0) return;
    // keys lie about a mean wait D ahead of the minimum: density n/D near it, mean gap D/n
    const meanAhead = sum / n - lo;
    this.width = meanAhead > 0 && Number.isFinite(meanAhead) ? meanAhead / n : 1;
    this.inv = 1 / this.width;
    let nb = 1;
    while (nb < 4 * n) nb <<= 1; // a year of ~4 mean waits: few keys beyond it
    if (nb !== this.nb) this.head = new Int32Array(nb);
    this.nb = nb;
    this.mask = nb - 1;
    this.head.fill(-1);
    this.origin = Number.isFinite(lo) ? lo : 0; // all keys infinite: any origin at or before the clock
    for (let i = 0; i < n; i++) this.link(i, this.window(this.key[i]));
    this.curIdx = 0;
    this.minItem = -1;
    this.finds = 0;
    this.scanned = 0;
  }

  /** Item with the smallest key. */
  top(): number {
    if (this.minItem < 0) this.findMin();
    return this.minItem;
  }

  topKey(): number {
    return this.n > 0 ? this.key[this.top()] : Infinity;
  }

  /** Sets item i's key (never below the current minimum's key). */
  update(i: number, k: number): void {
    const mi = this.minItem;
    const minKey = mi >= 0 ? this.key[mi] : Infinity;
    this.key[i] = k;
    const w = this.window(k);
    if (w < this.win[i]) {
      this.unlink(i);
      this.link(i, w);
    }
    if (mi >= 0) {
      if (k < minKey) this.minItem = i;
      else if (i === mi && k > minKey) this.minItem = -1;
    }
  }

  /** The absolute window ⌊(k − origin)/w⌋ of key k (exact below 2^53; Infinity for an infinite key). */
  private window(k: number): number {
    return Math.floor((k - this.origin) * this.inv);
  }

  /** Files item i under window w (bucket w mod nb: ToInt32 wraps it mod 2^32, & mask mod nb). */
  private link(i: number, w: number): void {
    const b = w & this.mask;
    const h = this.head[b];
    this.win[i] = w;
    this.prev[i] = -1;
    this.next[i] = h;
    if (h >= 0) this.prev[h] = i;
    this.head[b] = i;
  }

  private unlink(i: number): void {
    const p = this.prev[i], q = this.next[i];
    if (p >= 0) this.next[p] = q;
    else this.head[this.win[i] & this.mask] = q;
    if (q >= 0) this.prev[q] = p;
  }

  /**
   * Scans windows curIdx, curIdx + 1, … (bucket = window mod nb). Items filed under the window
   * being scanned are either due there (their key's window, computed exactly as `window` does, is
   * this one) or filed early, and are then moved to their key's window; every item is filed at or
   * before its key's window and at or after curIdx, so the first window with a due item holds the
   * minimum.
   */
  private findMin(): void {
    const { head, next, key, win, mask, nb, origin, inv } = this;
    let idx = this.curIdx;
    let scanned = 0;
    for (let step = 0; step < nb; step++) {
      let best = -1, bestKey = Infinity;
      for (let i = head[idx & mask]; i >= 0;) {
        scanned++;
        const after = next[i];
        if (win[i] === idx) {
          const k = key[i];
          const w = Math.floor((k - origin) * inv);
          if (w === idx) {
            if (k < bestKey) {
              best = i;
              bestKey = k;
            }
          } else {
            this.unlink(i);
            this.link(i, w);
          }
        }
        i = after;
      }
      if (best >= 0) {
        this.minItem = best;
        this.curIdx = idx;
        this.noteScan(scanned);
        return;
      }
      idx++;
    }
    // nothing due within a year: refile everything from the global minimum (O(n), rare)
    let best = 0;
    for (let i = 1; i < this.n; i++) if (key[i] < key[best]) best = i;
    if (!(key[best] < Infinity)) {
      this.minItem = best; // no finite key: nothing is ever due until a key is set
      return;
    }
    this.build(key);
    this.findMin();
  }

  /** Rebuilds with a fresh width when finds have scanned many entries on average. */
  private noteScan(scanned: number): void {
    this.scanned += scanned;
    if (++this.finds < this.n) return;
    const perFind = this.scanned / this.finds;
    this.finds = 0;
    this.scanned = 0;
    if (perFind > 8) {
      const min = this.minItem;
      this.build(this.key);
      this.minItem = min; // unchanged by a rebuild
      const k = this.key[min];
      this.curIdx = Number.isFinite(k) ? Math.floor((k - this.origin) * this.inv) : 0;
    }
  }
}
