// Independent float64 implementations of the distribution style losses (moments, Gaussian W2 with a Jacobi
// eigen-decomposition for the matrix square root, sliced W2), written from the formulas with plain loops.
import type { Nhwc } from './reference';

type Matrix = number[][];

/** The position rows (C-vectors) of image `b`, or of every image when `b` is undefined. */
export function positionRows(x: Nhwc, b?: number): number[][] {
  const [batch, height, width, channels] = x.shape;
  const rows: number[][] = [];
  for (let i = b ?? 0; i < (b === undefined ? batch : b + 1); i++)
    for (let p = 0; p < height * width; p++) rows.push(Array.from(x.data.subarray((i * height * width + p) * channels, (i * height * width + p + 1) * channels)));
  return rows;
}

/** Mean and population covariance (÷ P) of rows. */
export function moments(rows: readonly number[][]): { mean: number[]; cov: Matrix } {
  const c = rows[0]!.length;
  const mean = new Array<number>(c).fill(0);
  for (const r of rows) for (let i = 0; i < c; i++) mean[i]! += r[i]! / rows.length;
  const cov = Array.from({ length: c }, () => new Array<number>(c).fill(0));
  for (const r of rows) for (let i = 0; i < c; i++) for (let j = 0; j < c; j++) cov[i]![j]! += ((r[i]! - mean[i]!) * (r[j]! - mean[j]!)) / rows.length;
  return { mean, cov };
}

/** Eigenvalues and eigenvectors (columns of `vectors`) of a symmetric matrix, by cyclic Jacobi rotations. */
export function jacobiEigen(matrix: Matrix): { values: number[]; vectors: Matrix } {
  const n = matrix.length;
  const a = matrix.map((row) => [...row]);
  const v: number[][] = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
  const total = matrix.reduce((s, row) => s + row.reduce((t, x) => t + x * x, 0), 0);
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p]![q]! ** 2;
    if (off <= 1e-28 * total) break; // off-diagonal norm at float64 round-off relative to ‖A‖
    for (let p = 0; p < n; p++)
      for (let q = p + 1; q < n; q++) {
        if (Math.abs(a[p]![q]!) < 1e-300) continue;
        const theta = (a[q]![q]! - a[p]![p]!) / (2 * a[p]![q]!);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1), s = t * c;
        for (let k = 0; k < n; k++) { // A ← A J (columns p, q)
          const akp = a[k]![p]!, akq = a[k]![q]!;
          a[k]![p] = c * akp - s * akq; a[k]![q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) { // A ← Jᵀ A (rows p, q)
          const apk = a[p]![k]!, aqk = a[q]![k]!;
          a[p]![k] = c * apk - s * aqk; a[q]![k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k]![p]!, vkq = v[k]![q]!;
          v[k]![p] = c * vkp - s * vkq; v[k]![q] = s * vkp + c * vkq;
        }
      }
  }
  return { values: a.map((row, i) => row[i]!), vectors: v };
}

/** √A = V diag(√max(λ, 0)) Vᵀ for symmetric PSD A. */
export function sqrtmEigen(matrix: Matrix): Matrix {
  const { values, vectors } = jacobiEigen(matrix);
  const n = matrix.length;
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => {
    let s = 0;
    for (let k = 0; k < n; k++) s += vectors[i]![k]! * Math.sqrt(Math.max(values[k]!, 0)) * vectors[j]![k]!;
    return s;
  }));
}

export const matMul = (a: Matrix, b: Matrix): Matrix =>
  a.map((row) => b[0]!.map((_, j) => row.reduce((s, x, k) => s + x * b[k]![j]!, 0)));
const trace = (m: Matrix): number => m.reduce((s, row, i) => s + row[i]!, 0);

/** ‖μ₁ − μ₂‖² + tr(Σ₁ + Σ₂ − 2 (Σ₂^{1/2} Σ₁ Σ₂^{1/2})^{1/2}). */
export function gaussianW2(a: { mean: number[]; cov: Matrix }, b: { mean: number[]; cov: Matrix }): number {
  const root = sqrtmEigen(b.cov);
  const cross = sqrtmEigen(matMul(matMul(root, a.cov), root));
  return a.mean.reduce((s, m, i) => s + (m - b.mean[i]!) ** 2, 0) + trace(a.cov) + trace(b.cov) - 2 * trace(cross);
}

/** Σ w_s m_s / Σ w_s of means and covariances. */
export function blendMoments(items: readonly { m: { mean: number[]; cov: Matrix }; weight: number }[]): { mean: number[]; cov: Matrix } {
  const total = items.reduce((s, i) => s + i.weight, 0);
  const first = items[0]!.m;
  return {
    mean: first.mean.map((_, i) => items.reduce((s, { m, weight }) => s + (m.mean[i]! * weight) / total, 0)),
    cov: first.cov.map((row, i) => row.map((_, j) => items.reduce((s, { m, weight }) => s + (m.cov[i]![j]! * weight) / total, 0))),
  };
}

/** Sorted (descending) projections of rows on each column of `directions` (C × K row-major). */
function sortedProjections(rows: readonly number[][], directions: Float32Array, k: number): number[][] {
  return Array.from({ length: k }, (_, d) =>
    rows.map((r) => r.reduce((s, x, c) => s + x * directions[c * k + d]!, 0)).sort((x, y) => y - x));
}

/** Sorted values read at n evenly spaced quantiles, linear interpolation. */
function quantiles(sorted: readonly number[], n: number): number[] {
  const m = sorted.length;
  return Array.from({ length: n }, (_, i) => {
    const t = n === 1 ? (m - 1) / 2 : (i * (m - 1)) / (n - 1);
    const lo = Math.floor(t), hi = Math.min(lo + 1, m - 1);
    return sorted[lo]! * (1 - (t - lo)) + sorted[hi]! * (t - lo);
  });
}

/** mean_{k,i} (sort(g·v_k)_i − Σ_s w_s q_k^s(i) / Σ w)² for one image's rows. */
export function slicedW2(rows: readonly number[][], styles: readonly { rows: number[][]; weight: number }[], directions: Float32Array, k: number): number {
  const total = styles.reduce((s, x) => s + x.weight, 0);
  const generated = sortedProjections(rows, directions, k);
  const targets = styles.map((s) => sortedProjections(s.rows, directions, k).map((q) => quantiles(q, rows.length)));
  let sum = 0;
  generated.forEach((g, d) => g.forEach((x, i) => {
    const t = styles.reduce((s, style, si) => s + (targets[si]![d]![i]! * style.weight) / total, 0);
    sum += (x - t) ** 2;
  }));
  return sum / (k * rows.length);
}
