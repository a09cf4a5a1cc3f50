// Deterministic noise for `init: 'noise'`: the same starting image for a seed on every backend.
import { mulberry32 } from '../../internal/mulberry32';

/** `count` values uniform in [0, 255) from `seed`. */
export function uniformNoise(count: number, seed: number): Float32Array {
  const next = mulberry32(seed);
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = next() * 255;
  return out;
}
