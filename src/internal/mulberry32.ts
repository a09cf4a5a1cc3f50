// The library's one seeded generator, in plain JS so that a seed gives the same numbers on every backend
// (tf.random*'s seeding differs between backends): noise initialisation and sliced-Wasserstein projections.

/** A PRNG returning floats in [0, 1) from a 32-bit seed (mulberry32, T. Ettinger's public-domain generator). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
