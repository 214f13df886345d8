/**
 * A 4-ary min-heap over items 0..n−1 with one key each, updated in place (decrease or increase
 * key). The asynchronous p-bit group used it for its pending flips before `BlockedQueue` (about
 * twice as fast there); it stays as a general indexed heap and as the independent reference the
 * blocked queue is tested against.
 *
 * Layout, for speed: keys are stored twice — by item (`key`, what callers read) and in heap order
 * (`hk`), so a sift compares the four children of a node in one cache line instead of chasing
 * item indices. Four children per node halve the depth of a binary heap.
 */
export class IndexedMinHeap {
  /** Key of each item (read-only outside the heap; change it with `update`). */
  readonly key: Float64Array;
  /** hk[p] = key of the item at heap position p. */
  private readonly hk: Float64Array;
  /** heap[p] = item at heap position p. */
  private readonly heap: Int32Array;
  /** pos[i] = heap position of item i. */
  private readonly pos: Int32Array;

  constructor(readonly n: number) {
    this.key = new Float64Array(n);
    this.hk = new Float64Array(n);
    this.heap = new Int32Array(n);
    this.pos = new Int32Array(n);
  }

  /** Rebuilds the heap from `keys` (may be `this.key` itself; Floyd's heapify, O(n)). */
  build(keys: ArrayLike<number>): void {
    const n = this.n;
    for (let i = 0; i < n; i++) {
      if (keys !== this.key) this.key[i] = keys[i];
      this.hk[i] = this.key[i];
      this.heap[i] = i;
      this.pos[i] = i;
    }
    for (let p = (n - 2) >> 2; p >= 0; p--) this.siftDown(p, this.hk[p], this.heap[p]);
  }

  /** Item with the smallest key (n > 0). */
  top(): number {
    return this.heap[0];
  }

  topKey(): number {
    return this.n > 0 ? this.hk[0] : Infinity;
  }

  /** Sets item i's key and restores the heap order. */
  update(i: number, k: number): void {
    const old = this.key[i];
    this.key[i] = k;
    if (k < old) this.siftUp(this.pos[i], k, i);
    else if (k > old) this.siftDown(this.pos[i], k, i);
    else this.hk[this.pos[i]] = k;
  }

  /** Moves (key k, item) from position p towards the root. */
  private siftUp(p: number, k: number, item: number): void {
    const { heap, pos, hk } = this;
    while (p > 0) {
      const q = (p - 1) >> 2;
      const kq = hk[q];
      if (kq <= k) break;
      const other = heap[q];
      hk[p] = kq;
      heap[p] = other;
      pos[other] = p;
      p = q;
    }
    hk[p] = k;
    heap[p] = item;
    pos[item] = p;
  }

  /** Moves (key k, item) from position p towards the leaves. */
  private siftDown(p: number, k: number, item: number): void {
    const { heap, pos, hk, n } = this;
    for (;;) {
      const first = 4 * p + 1;
      if (first >= n) break;
      let c = first;
      let kc = hk[first];
      const last = first + 4 < n ? first + 4 : n;
      for (let q = first + 1; q < last; q++) {
        const kq = hk[q];
        if (kq < kc) {
          c = q;
          kc = kq;
        }
      }
      if (k <= kc) break;
      const other = heap[c];
      hk[p] = kc;
      heap[p] = other;
      pos[other] = p;
      p = c;
    }
    hk[p] = k;
    heap[p] = item;
    pos[item] = p;
  }
}
