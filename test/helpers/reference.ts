// Independent float64 implementations of DESIGN.md §3's formulas, written from the formulas with plain loops
// (no tfjs), used to check the library's values and, by central finite differences, its gradients.
import { mulberry32 } from '../../src/internal/mulberry32';

export interface Nhwc {
  readonly shape: readonly [number, number, number, number];
  readonly data: Float64Array;
}

export const at = (t: Nhwc, b: number, h: number, w: number, c: number): number => {
  const [, height, width, channels] = t.shape;
  return t.data[((b * height + h) * width + w) * channels + c] as number;
};

/** G[b][i][j] = Σ_positions F[b,p,i]·F[b,p,j] / scale. */
export function referenceGram(f: Nhwc, normalization: 'none' | 'chw' | 'nm' | 'hw'): number[][][] {
  const [batch, height, width, channels] = f.shape;
  const scale = { none: 1, chw: channels * height * width, nm: channels * height * width, hw: height * width }[normalization];
  const grams: number[][][] = [];
  for (let b = 0; b < batch; b++) {
    const g: number[][] = [];
    for (let i = 0; i < channels; i++) {
      const row: number[] = [];
      for (let j = 0; j < channels; j++) {
        let s = 0;
        for (let h = 0; h < height; h++) for (let w = 0; w < width; w++) s += at(f, b, h, w, i) * at(f, b, h, w, j);
        row.push(s / scale);
      }
      g.push(row);
    }
    grams.push(g);
  }
  return grams;
}

/** Σ (F − P)² reduced; P has batch 1 (broadcast) or F's batch. */
export function referenceContent(f: Nhwc, p: Nhwc, reduction: 'halfSum' | 'mean' | 'sum'): number {
  const [batch, height, width, channels] = f.shape;
  let s = 0;
  for (let b = 0; b < batch; b++)
    for (let h = 0; h < height; h++)
      for (let w = 0; w < width; w++)
        for (let c = 0; c < channels; c++) s += (at(f, b, h, w, c) - at(p, p.shape[0] === 1 ? 0 : b, h, w, c)) ** 2;
  if (reduction === 'halfSum') return s / 2;
  return reduction === 'mean' ? s / f.data.length : s;
}

/** One layer's style term against a blended target Gram A (C×C). */
export function referenceStyleLayer(
  f: Nhwc,
  target: number[][],
  normalization: 'none' | 'chw' | 'nm' | 'hw',
  reduction: 'sum' | 'mean' | 'gatys',
): number {
  const [batch, height, width, channels] = f.shape;
  let s = 0;
  for (const g of referenceGram(f, normalization))
    for (let i = 0; i < channels; i++) for (let j = 0; j < channels; j++) s += ((g[i] as number[])[j]! - (target[i] as number[])[j]!) ** 2;
  if (reduction === 'mean') return s / (batch * channels * channels);
  if (reduction === 'gatys') return s / (4 * channels ** 2 * (height * width) ** 2);
  return s;
}

/** Σ_s w_s A_s / Σ w_s, each A_s the batch-mean Gram of style s. */
export function referenceBlendedGram(styles: readonly { f: Nhwc; weight: number }[], normalization: 'none' | 'chw' | 'nm' | 'hw'): number[][] {
  const total = styles.reduce((sum, s) => sum + s.weight, 0);
  const channels = styles[0]!.f.shape[3];
  const a = Array.from({ length: channels }, () => new Array<number>(channels).fill(0));
  for (const { f, weight } of styles) {
    const grams = referenceGram(f, normalization);
    for (const g of grams)
      for (let i = 0; i < channels; i++) for (let j = 0; j < channels; j++) a[i]![j]! += (g[i]![j]! * weight) / (total * grams.length);
  }
  return a;
}

/** Total variation, DESIGN.md §3. */
export function referenceTotalVariation(x: Nhwc, kind: 'l1' | 'l2' | 'isotropic', reduction: 'sum' | 'mean', epsilon = 1e-8): number {
  const [batch, height, width, channels] = x.shape;
  const penalty = kind === 'l1' ? Math.abs : (d: number) => d * d;
  let sx = 0, sy = 0, si = 0;
  for (let b = 0; b < batch; b++)
    for (let h = 0; h < height; h++)
      for (let w = 0; w < width; w++)
        for (let c = 0; c < channels; c++) {
          const v = at(x, b, h, w, c);
          if (w + 1 < width) sx += penalty(at(x, b, h, w + 1, c) - v);
          if (h + 1 < height) sy += penalty(at(x, b, h + 1, w, c) - v);
          if (w + 1 < width && h + 1 < height) {
            si += Math.sqrt((at(x, b, h, w + 1, c) - v) ** 2 + (at(x, b, h + 1, w, c) - v) ** 2 + epsilon);
          }
        }
  if (kind === 'isotropic') return reduction === 'mean' ? si / (batch * (height - 1) * (width - 1) * channels) : si;
  if (reduction === 'sum') return sx + sy;
  return sx / (batch * height * (width - 1) * channels) + sy / (batch * (height - 1) * width * channels);
}

/** Deterministic pseudo-random values in [lo, hi) (the library's mulberry32), so failures reproduce. */
export function randomNhwc(shape: readonly [number, number, number, number], seed: number, lo = -1, hi = 1): Nhwc {
  const next = mulberry32(seed);
  const data = new Float64Array(shape.reduce((a, b) => a * b, 1));
  for (let i = 0; i < data.length; i++) data[i] = lo + (hi - lo) * next();
  return { shape, data };
}

/** Central finite-difference gradient of a float64 function of x's entries. */
export function finiteDifferenceGradient(x: Nhwc, f: (x: Nhwc) => number, step = 1e-5): Float64Array {
  const grad = new Float64Array(x.data.length);
  for (let i = 0; i < x.data.length; i++) {
    const plus = new Float64Array(x.data);
    const minus = new Float64Array(x.data);
    plus[i]! += step;
    minus[i]! -= step;
    grad[i] = (f({ shape: x.shape, data: plus }) - f({ shape: x.shape, data: minus })) / (2 * step);
  }
  return grad;
}
