// Independent float64 versions of the spatial-control formulas (guided Grams, masked content), written from
// Gatys et al. 2017 §4 with plain loops (no tfjs), for values and, by finite differences, gradients.
import { at, type Nhwc } from './reference';

type Normalization = 'none' | 'chw' | 'nm' | 'hw';

/** Mask values by [h][w] at the feature's size. */
export type Plane = readonly (readonly number[])[];

/** G[b] = Σ_p m_p² F[b,p]ᵀ F[b,p], divided by C·M (chw, nm), M (hw) or 1 (none), M = Σ_p m_p². */
export function referenceGuidedGram(f: Nhwc, mask: Plane, normalization: Normalization): { grams: number[][][]; mass: number } {
  const [batch, height, width, channels] = f.shape;
  let mass = 0;
  for (let h = 0; h < height; h++) for (let w = 0; w < width; w++) mass += mask[h]![w]! ** 2;
  const scale = { none: 1, chw: channels * mass, nm: channels * mass, hw: mass }[normalization];
  const grams: number[][][] = [];
  for (let b = 0; b < batch; b++) {
    const g = Array.from({ length: channels }, () => new Array<number>(channels).fill(0));
    for (let h = 0; h < height; h++)
      for (let w = 0; w < width; w++)
        for (let i = 0; i < channels; i++)
          for (let j = 0; j < channels; j++) g[i]![j]! += (mask[h]![w]! ** 2 * at(f, b, h, w, i) * at(f, b, h, w, j)) / scale;
    grams.push(g);
  }
  return { grams, mass };
}

/** One region's one-layer term against target A. */
export function referenceGuidedStyleLayer(
  f: Nhwc,
  mask: Plane,
  target: readonly (readonly number[])[],
  normalization: Normalization,
  reduction: 'sum' | 'mean' | 'gatys',
): number {
  const [batch, , , channels] = f.shape;
  const { grams, mass } = referenceGuidedGram(f, mask, normalization);
  let s = 0;
  for (const g of grams) for (let i = 0; i < channels; i++) for (let j = 0; j < channels; j++) s += (g[i]![j]! - target[i]![j]!) ** 2;
  if (reduction === 'mean') return s / (batch * channels * channels);
  if (reduction === 'gatys') return s / (4 * channels ** 2 * mass ** 2);
  return s;
}

/** Batch-mean guided Gram (the style target). */
export function referenceGuidedTarget(f: Nhwc, mask: Plane, normalization: Normalization): number[][] {
  const { grams } = referenceGuidedGram(f, mask, normalization);
  return grams[0]!.map((row, i) => row.map((_, j) => grams.reduce((sum, g) => sum + g[i]![j]!, 0) / grams.length));
}

/** Σ k_p (F − P)² reduced as contentLoss does; k at the feature's size. */
export function referenceMaskedContent(f: Nhwc, p: Nhwc, k: Plane, reduction: 'halfSum' | 'mean' | 'sum'): number {
  const [batch, height, width, channels] = f.shape;
  let s = 0;
  for (let b = 0; b < batch; b++)
    for (let h = 0; h < height; h++)
      for (let w = 0; w < width; w++)
        for (let c = 0; c < channels; c++) s += k[h]![w]! * (at(f, b, h, w, c) - at(p, p.shape[0] === 1 ? 0 : b, h, w, c)) ** 2;
  if (reduction === 'halfSum') return s / 2;
  return reduction === 'mean' ? s / f.data.length : s;
}

/** The mean of `mask` over each `block × block` square (what `k` VGG 2×2 poolings see), dropping the remainder. */
export function referenceBlockMean(mask: Plane, block: number): number[][] {
  const rows = Math.floor(mask.length / block);
  const columns = Math.floor(mask[0]!.length / block);
  return Array.from({ length: rows }, (_, i) => Array.from({ length: columns }, (_, j) => {
    let s = 0;
    for (let h = 0; h < block; h++) for (let w = 0; w < block; w++) s += mask[i * block + h]![j * block + w]!;
    return s / block ** 2;
  }));
}
