// Seeded random unit directions for sliced Wasserstein projections, drawn in plain JS so that a seed gives the
// same directions on every backend (tf.randomNormal's seeding differs between backends).
import { mulberry32 } from '../../internal/mulberry32';

/**
 * A stateful sampler: each call returns `count` fresh unit vectors in R^`dimension` as a `dimension × count`
 * row-major array (column k is direction k), Gaussian samples (Box–Muller) normalised to length 1, which makes
 * them uniform on the sphere. The sequence of calls is a function of `seed` alone.
 */
export function seededDirections(seed: number): (dimension: number, count: number) => Float32Array {
  const next = mulberry32(seed);
  const normal = (): number => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
  return (dimension, count) => {
    const out = new Float32Array(dimension * count);
    for (let k = 0; k < count; k++) {
      const draw = Array.from({ length: dimension }, normal);
      const length = Math.hypot(...draw) || 1;
      draw.forEach((value, c) => { out[c * count + k] = value / length; });
    }
    return out;
  };
}
