/**
 * A 4-ary min-heap over items 0..n−1 with one key each, updated in place (decrease or increase
 * key). The asynchronous p-bit group keeps its pending flip times here, so a neighbour's flip
 * moves a key instead of pushing a new event and leaving a stale one behind. Four children per
 * node halve the depth of a binary heap; sift-down (the common case: a flipped p-bit's new time
 * is far in the future) then touches fewer levels.
 */
export class IndexedMinHeap {
  /** Key of each item. */
  readonly key: Float64Array;
  /** heap[p] = item at heap position p. */
  private readonly heap: Int32Array;
  /** pos[i] = heap position of item i. */
  private readonly pos: Int32Array;

  constructor(readonly n: number) {
    this.key = new Float64Array(n);
    this.heap = new Int32Array(n);
    this.pos = new Int32Array(n);
  }

  /** Rebuilds the heap from `keys` (may be `this.key` itself; Floyd's heapify, O(n)). */
  build(keys: ArrayLike<number>): void {
    const n = this.n;
    for (let i = 0; i < n; i++) {
      if (keys !== this.key) this.key[i] = keys[i];
      this.heap[i] = i;
      this.pos[i] = i;
    }
    for (let p = (n - 2) >> 2; p >= 0; p--) this.siftDown(p);
  }

  /** Item with the smallest key (n > 0). */
  top(): number {
    return this.heap[0];
  }

  topKey(): number {
    return this.n > 0 ? this.key[this.heap[0]] : Infinity;
  }

  /** Sets item i's key and restores the heap order. */
  update(i: number, k: number): void {
    const old = this.key[i];
    this.key[i] = k;
    if (k < old) this.siftUp(this.pos[i]);
    else if (k > old) this.siftDown(this.pos[i]);
  }

  private siftUp(p: number): void {
    const { heap, pos, key } = this;
    const item = heap[p];
    const k = key[item];
    while (p > 0) {
      const q = (p - 1) >> 2;
      const other = heap[q];
      if (key[other] <= k) break;
      heap[p] = other;
      pos[other] = p;
      p = q;
    }
    heap[p] = item;
    pos[item] = p;
  }

  private siftDown(p: number): void {
    const { heap, pos, key, n } = this;
    const item = heap[p];
    const k = key[item];
    for (;;) {
      const first = 4 * p + 1;
      if (first >= n) break;
      let c = first;
      let kc = key[heap[c]];
      const last = first + 4 < n ? first + 4 : n;
      for (let q = first + 1; q < last; q++) {
        const kq = key[heap[q]];
        if (kq < kc) {
          c = q;
          kc = kq;
        }
      }
      if (k <= kc) break;
      const other = heap[c];
      heap[p] = other;
      pos[other] = p;
      p = c;
    }
    heap[p] = item;
    pos[item] = p;
  }
}
