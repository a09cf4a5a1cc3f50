// A strong-Wolfe line search with cubic interpolation: the bracketing phase (extrapolate by cubic
// interpolation inside [t + 0.01 (t - t_prev), 10 t] until the step brackets an acceptable point) followed by
// a zoom phase (cubic interpolation inside the bracket, kept at least 10% of the bracket away from its ends).
// Same conditions, constants and budget as torch.optim.LBFGS(line_search_fn='strong_wolfe'), written from the
// algorithm (Nocedal & Wright, Numerical Optimization, alg. 3.5/3.6). A trial with a non-finite loss or gradient
// is treated as "too far": it can only become the far end of the bracket, never the accepted point.
import type * as tf from '@tensorflow/tfjs-core';

/** What the line search needs to know about the objective at `x(t)`. */
export interface LineTrial {
  /** Loss at x(t). */
  readonly f: number;
  /** Directional derivative of t ↦ f(x(t)) at t. */
  readonly gtd: number;
  /** The first-order decrease predicted at t: g(0)·(x(t) − x(0)) (= t·gtd(0) on a straight path). */
  readonly decrease: number;
  /** The gradient at x(t), flattened; the line search takes ownership. */
  readonly g: tf.Tensor;
}

/** The point the line search accepted. `g` is owned by the caller unless it is the origin's gradient. */
export interface LineSearchResult {
  readonly t: number;
  readonly f: number;
  readonly g: tf.Tensor;
  readonly evaluations: number;
  readonly nonFinite: number;
}

interface Point {
  t: number;
  f: number;
  gtd: number;
  g: tf.Tensor;
}

/**
 * The minimiser of the cubic through (x1, f1, g1) and (x2, f2, g2), clamped to [lo, hi]; the midpoint of
 * [lo, hi] when the cubic has no minimiser or an input is not finite.
 */
export function cubicInterpolate(x1: number, f1: number, g1: number, x2: number, f2: number, g2: number, lo: number, hi: number): number {
  const d1 = g1 + g2 - (3 * (f1 - f2)) / (x1 - x2);
  const d2Square = d1 * d1 - g1 * g2;
  if (!(d2Square >= 0)) return (lo + hi) / 2;
  const d2 = Math.sqrt(d2Square);
  const minPos = x1 <= x2 ? x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2)) : x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2));
  if (!Number.isFinite(minPos)) return (lo + hi) / 2;
  return Math.min(Math.max(minPos, lo), hi);
}

/**
 * Searches t > 0 along a path x(t) from the origin (f0, g0, gtd0 < 0), starting at `t0`, for a point that
 * satisfies the strong Wolfe conditions f(t) <= f0 + c1·decrease(t) and |gtd(t)| <= c2·|gtd0|, using at most
 * `maxLs + 1` trials (torch's `max_ls`, which it sets to the evaluations left in the budget, so a search may
 * end one evaluation over budget exactly as torch's does). `dNorm` is max|d|, for the interval-too-small stop.
 */
export function strongWolfe(
  evaluate: (t: number) => LineTrial,
  origin: { readonly f: number; readonly g: tf.Tensor; readonly gtd: number },
  t0: number,
  dNorm: number,
  maxLs: number,
  c1: number,
  c2: number,
): LineSearchResult {
  const toleranceChange = 1e-9;
  const owned = new Set<tf.Tensor>();
  let nonFinite = 0;
  const { f: f0, gtd: gtd0 } = origin;
  const start: Point = { t: 0, f: f0, gtd: gtd0, g: origin.g };
  const trial = (t: number): Point & { decrease: number } => {
    const r = evaluate(t);
    owned.add(r.g);
    if (Number.isFinite(r.f) && Number.isFinite(r.gtd)) return { t, f: r.f, gtd: r.gtd, g: r.g, decrease: r.decrease };
    nonFinite += 1;
    return { t, f: Infinity, gtd: NaN, g: r.g, decrease: r.decrease };
  };
  const armijoFails = (p: { f: number; decrease: number }): boolean => p.f > f0 + c1 * p.decrease;

  try {
    let current = trial(t0);
    let evaluations = 1;
    let previous: Point = start;
    let bracket: [Point, Point] | null = null;
    let done = false;
    let iteration = 0;
    while (iteration < maxLs) {
      if (armijoFails(current) || (iteration > 1 && current.f >= previous.f)) {
        bracket = [previous, current];
        break;
      }
      if (Math.abs(current.gtd) <= -c2 * gtd0) {
        bracket = [current, current]; // a single accepted point
        done = true;
        break;
      }
      if (current.gtd >= 0) {
        bracket = [previous, current];
        break;
      }
      const lo = current.t + 0.01 * (current.t - previous.t);
      const hi = current.t * 10;
      const t = cubicInterpolate(previous.t, previous.f, previous.gtd, current.t, current.f, current.gtd, lo, hi);
      previous = current;
      current = trial(t);
      evaluations += 1;
      iteration += 1;
    }
    // Out of budget while still extrapolating: choose between the origin and the last trial.
    bracket ??= [start, current];

    let insufficientProgress = false;
    const order = (b: [Point, Point]): [0 | 1, 0 | 1] => (b[0].f <= b[1].f ? [0, 1] : [1, 0]);
    let [low, high] = order(bracket);
    while (!done && iteration < maxLs) {
      const [a, b] = bracket;
      if (Math.abs(b.t - a.t) * dNorm < toleranceChange) break;
      const bMin = Math.min(a.t, b.t);
      const bMax = Math.max(a.t, b.t);
      let t = cubicInterpolate(a.t, a.f, a.gtd, b.t, b.f, b.gtd, bMin, bMax);
      const eps = 0.1 * (bMax - bMin);
      if (Math.min(bMax - t, t - bMin) < eps) {
        if (insufficientProgress || t >= bMax || t <= bMin) {
          t = Math.abs(t - bMax) < Math.abs(t - bMin) ? bMax - eps : bMin + eps;
          insufficientProgress = false;
        } else {
          insufficientProgress = true;
        }
      } else {
        insufficientProgress = false;
      }
      const p = trial(t);
      evaluations += 1;
      iteration += 1;
      if (armijoFails(p) || p.f >= bracket[low].f) {
        bracket[high] = p;
        [low, high] = order(bracket);
      } else {
        if (Math.abs(p.gtd) <= -c2 * gtd0) done = true;
        else if (p.gtd * (bracket[high].t - bracket[low].t) >= 0) bracket[high] = bracket[low];
        bracket[low] = p;
      }
    }
    const best = bracket[low];
    owned.delete(best.g);
    for (const g of owned) g.dispose();
    return { t: best.t, f: best.f, g: best.g, evaluations, nonFinite };
  } catch (error) {
    for (const g of owned) g.dispose();
    throw error;
  }
}
