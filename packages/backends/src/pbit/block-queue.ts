/** Where a queue's arrays live (a WebAssembly arena provides the same two methods). */
export interface ArrayAllocator {
  f64(n: number): Float64Array;
  i32(n: number): Int32Array;
}

/** Plain typed arrays. */
export const plainArrays: ArrayAllocator = { f64: (n) => new Float64Array(n), i32: (n) => new Int32Array(n) };

/** Items per block: a power of two (a block's keys are two cache lines of float64). */
export const BLOCK_SIZE = 16;
const BLOCK_SHIFT = 4;

/**
 * Pending flip times as a two-level queue: items in blocks of 16 consecutive indices, each block
 * represented by its earliest item in a tournament tree (a complete binary tree whose every node
 * holds the earliest key below it and that key's block; the root is the minimum).
 *
 * Why: a flip re-keys the flipping p-bit and each neighbour. In a heap or a calendar queue of
 * items every re-key moves the item, with unpredictable branches (measured: ~150 ns per flip on
 * a 10^4-p-bit torus for a calendar queue, ~180 ns for a 4-ary heap). Here most re-keys are a
 * store and one compare with the block's minimum (a neighbour rarely becomes, or was, its block's
 * earliest); the popped block's new minimum is a 16-wide scan; and a block that changes walks
 * log2(n/16) tree levels, each a compare and a select whose sibling load does not depend on the
 * level below. Nothing needs tuning and any sequence of keys is fine (no monotone contract).
 *
 * Ties (equal keys: in practice only Infinity, a rate that underflowed) are broken by fixed rules —
 * the left child wins, a block's scan takes the lowest index — and assembly/telegraph.ts, the
 * WebAssembly twin, makes the same decisions.
 */
export class BlockedQueue {
  /** Key of each item (read-only outside the queue; change it with `update`). Padded with Infinity to whole blocks. */
  readonly key: Float64Array;
  // The layout below is read by the WebAssembly twin (flip-kernel.ts passes its pointers).
  /** The earliest item of each block. */
  readonly arg: Int32Array;
  /** Leaves of the tree: a power of two ≥ the number of blocks. Node p has children 2p, 2p + 1; block b is leaf `leaves + b`. */
  readonly leaves: number;
  /** Earliest key below each node (index 1 is the root; 0 unused). */
  readonly treeKey: Float64Array;
  /** The block that key belongs to. */
  readonly treeBlock: Int32Array;

  /** `alloc` places the arrays (e.g. in a WebAssembly memory); plain typed arrays by default. */
  constructor(
    readonly n: number,
    alloc: ArrayAllocator = plainArrays,
  ) {
    const nBlocks = Math.ceil(n / BLOCK_SIZE);
    this.key = alloc.f64(nBlocks * BLOCK_SIZE).fill(Infinity);
    this.arg = alloc.i32(Math.max(1, nBlocks));
    this.leaves = BlockedQueue.leavesFor(nBlocks);
    this.treeKey = alloc.f64(2 * this.leaves).fill(Infinity);
    this.treeBlock = alloc.i32(2 * this.leaves);
    this.build();
  }

  /** Tree leaves for `nBlocks` blocks: the power of two ≥ nBlocks (at least 1). */
  static leavesFor(nBlocks: number): number {
    let l = 1;
    while (l < nBlocks) l <<= 1;
    return l;
  }

  /** Bytes of arrays a queue of n items allocates (for sizing a WebAssembly memory; + 16 per array for alignment). */
  static bytes(n: number): number {
    const nBlocks = Math.ceil(n / BLOCK_SIZE),
      leaves = BlockedQueue.leavesFor(nBlocks);
    return 8 * nBlocks * BLOCK_SIZE + 4 * Math.max(1, nBlocks) + 12 * 2 * leaves + 4 * 16;
  }

  /** Rebuilds from the keys in `key` (fill `key.subarray(0, n)`, then call this). */
  build(): void {
    const { leaves, treeKey, treeBlock } = this;
    const nBlocks = Math.ceil(this.n / BLOCK_SIZE);
    for (let b = 0; b < leaves; b++) {
      treeKey[leaves + b] = b < nBlocks ? this.scan(b) : Infinity;
      treeBlock[leaves + b] = b;
    }
    for (let p = leaves - 1; p >= 1; p--) {
      const l = 2 * p,
        r = l + 1;
      const right = treeKey[r] < treeKey[l]; // the left child wins a tie
      treeKey[p] = right ? treeKey[r] : treeKey[l];
      treeBlock[p] = right ? treeBlock[r] : treeBlock[l];
    }
  }

  /** Item with the smallest key. */
  top(): number {
    return this.arg[this.treeBlock[1]];
  }

  topKey(): number {
    return this.treeKey[1];
  }

  /** Sets item i's key. */
  update(i: number, k: number): void {
    this.key[i] = k;
    const b = i >> BLOCK_SHIFT;
    if (k < this.treeKey[this.leaves + b]) {
      this.arg[b] = i;
      this.raise(b, k);
    } else if (i === this.arg[b]) {
      this.raise(b, this.scan(b)); // the block's earliest moved later: find the new one
    }
  }

  /**
   * Sets block b's key to k and recomputes its ancestors (the left child wins a tie), stopping
   * where an ancestor keeps its value — everything above it is then unchanged too. (The
   * WebAssembly twin walks to the root without branching; both leave the same tree.)
   */
  private raise(b: number, k: number): void {
    const tk = this.treeKey,
      tb = this.treeBlock;
    let p = this.leaves + b;
    tk[p] = k;
    while (p > 1) {
      const s = p ^ 1;
      const ks = tk[s];
      if (ks < k || (ks === k && s < p)) {
        k = ks;
        b = tb[s];
      }
      p >>= 1;
      if (tk[p] === k && tb[p] === b) return;
      tk[p] = k;
      tb[p] = b;
    }
  }

  /** Earliest item of block b (lowest index among equal keys) into arg[b]; returns its key. */
  private scan(b: number): number {
    const key = this.key;
    let best = b << BLOCK_SHIFT,
      bestKey = key[best];
    for (let i = best + 1, e = best + BLOCK_SIZE; i < e; i++) {
      const k = key[i];
      const less = k < bestKey;
      best = less ? i : best;
      bestKey = less ? k : bestKey;
    }
    this.arg[b] = best;
    return bestKey;
  }
}
