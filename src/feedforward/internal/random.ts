// Stateless deterministic randomness for training: every draw is a hash of (seed, stream, index), so a run
// resumed at step k draws exactly what the uninterrupted run would have drawn.

/** A 32-bit mix of the integers (murmur3 finaliser over a running combination). */
export function hash32(...values: readonly number[]): number {
  let h = 0x9e3779b9;
  for (const v of values) {
    h = Math.imul(h ^ (v | 0), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}

/** A uniform integer in [0, bound). */
export function randomInt(bound: number, ...key: readonly number[]): number {
  return bound <= 1 ? 0 : hash32(...key) % bound;
}

/** The permutation of 0..n-1 used in `epoch` (Fisher–Yates on hashed draws). */
export function permutation(n: number, seed: number, epoch: number): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = randomInt(i + 1, seed, 1, epoch, i);
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  return order;
}
