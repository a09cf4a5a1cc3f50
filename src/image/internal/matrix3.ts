// Small dense 3×3 linear algebra in float64 on row-major arrays of 9 numbers, for colour statistics
// (3×3 covariances read back from the GPU/CPU tensor once per call).

/** a · b. */
export function multiply3x3(a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 3; j++) {
      let s = 0;
      for (let k = 0; k < 3; k++) s += at(a, i, k) * at(b, k, j);
      out.push(s);
    }
  }
  return out;
}

/** a⁻¹ by the adjugate; throws on a singular matrix. */
export function invert3x3(a: readonly number[]): number[] {
  const [m00, m01, m02, m10, m11, m12, m20, m21, m22] = a as [number, number, number, number, number, number, number, number, number];
  const c00 = m11 * m22 - m12 * m21;
  const c01 = m12 * m20 - m10 * m22;
  const c02 = m10 * m21 - m11 * m20;
  const det = m00 * c00 + m01 * c01 + m02 * c02;
  if (det === 0 || !Number.isFinite(det)) throw new Error('invert3x3: singular matrix');
  return [
    c00 / det, (m02 * m21 - m01 * m22) / det, (m01 * m12 - m02 * m11) / det,
    c01 / det, (m00 * m22 - m02 * m20) / det, (m02 * m10 - m00 * m12) / det,
    c02 / det, (m01 * m20 - m00 * m21) / det, (m00 * m11 - m01 * m10) / det,
  ];
}

/** Lower-triangular L with L Lᵀ = a, for a symmetric positive-definite a. */
export function cholesky3x3(a: readonly number[]): number[] {
  const l = new Array<number>(9).fill(0);
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j <= i; j++) {
      let s = at(a, i, j);
      for (let k = 0; k < j; k++) s -= at(l, i, k) * at(l, j, k);
      l[i * 3 + j] = i === j ? Math.sqrt(Math.max(s, 0)) : s / at(l, j, j);
    }
  }
  return l;
}

/**
 * Symmetric matrix power a^p (p = 0.5 or −0.5 for square roots) by Jacobi eigen-decomposition:
 * a = V diag(λ) Vᵀ → V diag(λ^p) Vᵀ.
 */
export function symmetricPower3x3(a: readonly number[], p: number): number[] {
  const m = [...a];
  const v = [1, 0, 0, 0, 1, 0, 0, 0, 1];
  for (let sweep = 0; sweep < 50; sweep++) {
    const off = at(m, 0, 1) ** 2 + at(m, 0, 2) ** 2 + at(m, 1, 2) ** 2;
    if (off < 1e-30 * (at(m, 0, 0) ** 2 + at(m, 1, 1) ** 2 + at(m, 2, 2) ** 2 + 1e-300)) break;
    for (const [pi, qi] of [[0, 1], [0, 2], [1, 2]] as const) {
      const apq = at(m, pi, qi);
      if (apq === 0) continue;
      const theta = (at(m, qi, qi) - at(m, pi, pi)) / (2 * apq);
      const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
      const c = 1 / Math.sqrt(t * t + 1);
      const s = t * c;
      // m ← Jᵀ m J, v ← v J for the rotation J in the (p, q) plane.
      for (let k = 0; k < 3; k++) {
        const mkp = at(m, k, pi);
        const mkq = at(m, k, qi);
        m[k * 3 + pi] = c * mkp - s * mkq;
        m[k * 3 + qi] = s * mkp + c * mkq;
      }
      for (let k = 0; k < 3; k++) {
        const mpk = at(m, pi, k);
        const mqk = at(m, qi, k);
        m[pi * 3 + k] = c * mpk - s * mqk;
        m[qi * 3 + k] = s * mpk + c * mqk;
      }
      for (let k = 0; k < 3; k++) {
        const vkp = at(v, k, pi);
        const vkq = at(v, k, qi);
        v[k * 3 + pi] = c * vkp - s * vkq;
        v[k * 3 + qi] = s * vkp + c * vkq;
      }
    }
  }
  const powered = [0, 1, 2].map((i) => Math.max(at(m, i, i), 0) ** p);
  const out: number[] = [];
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 3; j++) {
      let s = 0;
      for (let k = 0; k < 3; k++) s += at(v, i, k) * (powered[k] ?? 0) * at(v, j, k);
      out.push(s);
    }
  }
  return out;
}

function at(a: readonly number[], i: number, j: number): number {
  return a[i * 3 + j] ?? 0;
}
