// Deterministic noise for `init: 'noise'`: a seeded mulberry32 generator in plain JS, so the starting image is
// the same for a seed on every backend (tf.randomUniform's seeding differs between backends).

/** A PRNG returning floats in [0, 1) from a 32-bit seed (mulberry32). */
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

/** `count` values uniform in [0, 255) from `seed`. */
export function uniformNoise(count: number, seed: number): Float32Array {
  const next = mulberry32(seed);
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = next() * 255;
  return out;
}
