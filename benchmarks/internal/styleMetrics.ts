// Scores for comparing style losses that none of the losses optimises directly, written here in plain float64
// JavaScript so that they share no code with the library's losses:
// - a sliced Wasserstein distance between VGG feature distributions with its own random projections (its own
//   generator and seed, drawn once; the library's sliced-Wasserstein loss redraws its projections every evaluation
//   from a different generator);
// - the colour-histogram distance to the style: per RGB channel, the 1-D Wasserstein-1 distance between the two
//   images' 256-bin intensity distributions (Σ |CDF_a − CDF_b| over bins, in grey levels), averaged over channels;
// - the content distance: mean squared difference of VGG `conv4_2` features (Gatys et al. 2016's content layer).

/** Features of one layer as rows of C values: `rows` positions × `channels`. */
export interface FeatureRows {
  readonly values: Float32Array;
  readonly rows: number;
  readonly channels: number;
}

/** splitmix32: a seeded generator of its own (the library's projections use mulberry32), floats in [0, 1). */
function generator(seed: number): () => number {
  let state = seed | 0;
  return () => {
    state = (state + 0x9e3779b9) | 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return ((z ^ (z >>> 16)) >>> 0) / 4294967296;
  };
}

/** `count` unit vectors in R^channels, Gaussian directions by Box–Muller, normalised. */
function unitDirections(channels: number, count: number, seed: number): Float64Array[] {
  const random = generator(seed);
  return Array.from({ length: count }, () => {
    const v = new Float64Array(channels);
    for (let c = 0; c < channels; c += 1) v[c] = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    const norm = Math.hypot(...v);
    return v.map((x) => x / norm);
  });
}

/** Sorted projections of every row onto `direction`. */
function sortedProjection(features: FeatureRows, direction: Float64Array): Float64Array {
  const out = new Float64Array(features.rows);
  for (let r = 0; r < features.rows; r += 1) {
    let sum = 0;
    for (let c = 0; c < features.channels; c += 1) sum += features.values[r * features.channels + c]! * direction[c]!;
    out[r] = sum;
  }
  return out.sort();
}

/** The q-quantile (0..1) of sorted values, linear between order statistics. */
function quantile(sorted: Float64Array, q: number): number {
  const position = q * (sorted.length - 1);
  const low = Math.floor(position);
  const high = Math.min(low + 1, sorted.length - 1);
  return sorted[low]! + (position - low) * (sorted[high]! - sorted[low]!);
}

/**
 * Sliced 2-Wasserstein distance squared between two feature sets of equal channel count: the mean over `count`
 * random directions of ∫₀¹ (F_a⁻¹(q) − F_b⁻¹(q))² dq, integrated at the larger set's order statistics.
 */
export function slicedWasserstein(a: FeatureRows, b: FeatureRows, count: number, seed: number): number {
  if (a.channels !== b.channels) throw new Error(`channel mismatch ${String(a.channels)} vs ${String(b.channels)}`);
  const samples = Math.max(a.rows, b.rows);
  let total = 0;
  for (const direction of unitDirections(a.channels, count, seed)) {
    const pa = sortedProjection(a, direction);
    const pb = sortedProjection(b, direction);
    let sum = 0;
    for (let i = 0; i < samples; i += 1) {
      const q = samples === 1 ? 0 : i / (samples - 1);
      sum += (quantile(pa, q) - quantile(pb, q)) ** 2;
    }
    total += sum / samples;
  }
  return total / count;
}

/** Per-channel 256-bin histograms' Wasserstein-1 distance in grey levels, averaged over R, G, B. */
export function colourHistogramDistance(a: Float32Array, b: Float32Array): number {
  let total = 0;
  for (let channel = 0; channel < 3; channel += 1) {
    const ha = new Float64Array(256);
    const hb = new Float64Array(256);
    for (let i = channel; i < a.length; i += 3) ha[Math.min(255, Math.max(0, Math.round(a[i]!)))]! += 3 / a.length;
    for (let i = channel; i < b.length; i += 3) hb[Math.min(255, Math.max(0, Math.round(b[i]!)))]! += 3 / b.length;
    let ca = 0;
    let cb = 0;
    for (let bin = 0; bin < 256; bin += 1) {
      ca += ha[bin]!;
      cb += hb[bin]!;
      total += Math.abs(ca - cb);
    }
  }
  return total / 3;
}

/** Mean squared difference of two equal-length feature arrays. */
export function meanSquaredDifference(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) throw new Error(`length mismatch ${String(a.length)} vs ${String(b.length)}`);
  let sum = 0;
  for (let i = 0; i < a.length; i += 1) sum += (a[i]! - b[i]!) ** 2;
  return sum / a.length;
}
