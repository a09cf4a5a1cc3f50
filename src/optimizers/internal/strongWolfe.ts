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

/** Below this bracket width (times max|d|) the zoom stops: torch's `tolerance_change` for the line search. */
const TOLERANCE_CHANGE = 1e-9;

/** A trial point, with the first-order decrease the Armijo test compares against. */
type Trial = Point & { decrease: number };

/** The objective along the path and the bookkeeping both phases share. */
interface Search {
  /** Evaluates x(t); a non-finite loss or gradient becomes f = Infinity ("too far"). */
  readonly trial: (t: number) => Trial;
  /** f(t) > f0 + c1·decrease(t): the sufficient-decrease condition fails. */
  readonly armijoFails: (p: { f: number; decrease: number }) => boolean;
  /** |gtd(t)| <= c2·|gtd0|: the strong curvature condition holds. */
  readonly curvatureHolds: (p: Point) => boolean;
  readonly maxLs: number;
  readonly dNorm: number;
  /** Every gradient the trials returned (disposed at the end, except the accepted one). */
  readonly owned: Set<tf.Tensor>;
  evaluations: number;
  iteration: number;
  nonFinite: number;
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
  const search = createSearch(evaluate, origin, dNorm, maxLs, c1, c2);
  const start: Point = { t: 0, f: origin.f, gtd: origin.gtd, g: origin.g };
  try {
    const { bracket, done } = bracketPhase(search, start, t0);
    const best = zoomPhase(search, bracket, done);
    search.owned.delete(best.g);
    for (const g of search.owned) g.dispose();
    return { t: best.t, f: best.f, g: best.g, evaluations: search.evaluations, nonFinite: search.nonFinite };
  } catch (error) {
    for (const g of search.owned) g.dispose();
    throw error;
  }
}

/** The shared state of one line search: trials, the two Wolfe tests, counters and owned gradients. */
function createSearch(
  evaluate: (t: number) => LineTrial,
  origin: { readonly f: number; readonly gtd: number },
  dNorm: number,
  maxLs: number,
  c1: number,
  c2: number,
): Search {
  const { f: f0, gtd: gtd0 } = origin;
  const search: Search = {
    trial: (t) => {
      const r = evaluate(t);
      search.owned.add(r.g);
      search.evaluations += 1;
      if (Number.isFinite(r.f) && Number.isFinite(r.gtd)) return { t, f: r.f, gtd: r.gtd, g: r.g, decrease: r.decrease };
      search.nonFinite += 1;
      return { t, f: Infinity, gtd: NaN, g: r.g, decrease: r.decrease };
    },
    armijoFails: (p) => p.f > f0 + c1 * p.decrease,
    curvatureHolds: (p) => Math.abs(p.gtd) <= -c2 * gtd0,
    maxLs,
    dNorm,
    owned: new Set<tf.Tensor>(),
    evaluations: 0,
    iteration: 0,
    nonFinite: 0,
  };
  return search;
}

/**
 * The bracketing phase: extrapolates from `t0` (cubic interpolation inside [t + 0.01 (t − t_prev), 10 t]) until
 * a trial brackets an acceptable point, or is one (`done`). Out of budget while still extrapolating, the bracket
 * is the origin and the last trial.
 */
function bracketPhase(search: Search, start: Point, t0: number): { bracket: [Point, Point]; done: boolean } {
  let current = search.trial(t0);
  let previous: Point = start;
  while (search.iteration < search.maxLs) {
    if (search.armijoFails(current) || (search.iteration > 1 && current.f >= previous.f)) return { bracket: [previous, current], done: false };
    if (search.curvatureHolds(current)) return { bracket: [current, current], done: true }; // a single accepted point
    if (current.gtd >= 0) return { bracket: [previous, current], done: false };
    const lo = current.t + 0.01 * (current.t - previous.t);
    const hi = current.t * 10;
    const t = cubicInterpolate(previous.t, previous.f, previous.gtd, current.t, current.f, current.gtd, lo, hi);
    previous = current;
    current = search.trial(t);
    search.iteration += 1;
  }
  return { bracket: [start, current], done: false };
}

/** The indices of the bracket's low (lower f; the first on a tie) and high ends. */
function order(bracket: [Point, Point]): [0 | 1, 0 | 1] {
  return bracket[0].f <= bracket[1].f ? [0, 1] : [1, 0];
}

/**
 * The zoom phase: shrinks the bracket by cubic interpolation until a trial satisfies both Wolfe conditions, the
 * bracket is too small or the budget is spent, and returns the bracket's low end (the best point found).
 */
function zoomPhase(search: Search, bracket: [Point, Point], done: boolean): Point {
  let insufficientProgress = false;
  let [low, high] = order(bracket);
  let accepted = done;
  while (!accepted && search.iteration < search.maxLs) {
    const [a, b] = bracket;
    if (Math.abs(b.t - a.t) * search.dNorm < TOLERANCE_CHANGE) break;
    const next = zoomTrialStep(a, b, insufficientProgress);
    insufficientProgress = next.insufficientProgress;
    const p = search.trial(next.t);
    search.iteration += 1;
    if (search.armijoFails(p) || p.f >= bracket[low].f) {
      bracket[high] = p;
      [low, high] = order(bracket);
    } else {
      if (search.curvatureHolds(p)) accepted = true;
      else if (p.gtd * (bracket[high].t - bracket[low].t) >= 0) bracket[high] = bracket[low];
      bracket[low] = p;
    }
  }
  return bracket[low];
}

/**
 * The next zoom trial: the cubic's minimiser inside the bracket [a, b], moved to 10% of the bracket from an end
 * when it lands closer than that to it at a bound or for the second time in a row (`insufficientProgress`).
 */
function zoomTrialStep(a: Point, b: Point, insufficientProgress: boolean): { t: number; insufficientProgress: boolean } {
  const bMin = Math.min(a.t, b.t);
  const bMax = Math.max(a.t, b.t);
  const t = cubicInterpolate(a.t, a.f, a.gtd, b.t, b.f, b.gtd, bMin, bMax);
  const eps = 0.1 * (bMax - bMin);
  if (!(Math.min(bMax - t, t - bMin) < eps)) return { t, insufficientProgress: false };
  if (insufficientProgress || t >= bMax || t <= bMin) {
    return { t: Math.abs(t - bMax) < Math.abs(t - bMin) ? bMax - eps : bMin + eps, insufficientProgress: false };
  }
  return { t, insufficientProgress: true };
}
