import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, test } from 'vitest';
import { StylegradError } from '../../src/errors';
import { createLbfgs, type LbfgsOptions } from '../../src/optimizers/createLbfgs';
import type { Objective } from '../../src/optimizers/types';
import { mulberry32 } from '../../src/internal/mulberry32';
import { objectiveOf, quadratic, quadraticValue, rosenbrock, solve, spdMatrix } from './problems';
import { expectStylegradError } from '../helpers/expectStylegradError';

/** Runs `calls` step calls from x0 and returns the end point and the totals; disposes everything. */
function run(options: LbfgsOptions, objective: Objective, x0: number[], calls = 1) {
  const optimizer = createLbfgs(options);
  const start = tf.tensor1d(x0);
  let state = optimizer.init(start);
  start.dispose();
  const results = [];
  for (let i = 0; i < calls; i++) {
    const result = optimizer.step(state, objective);
    results.push(result);
    state = result.state;
  }
  const x = Array.from(state.x.dataSync());
  const totals = { iterations: state.iterations, evaluations: state.evaluations };
  optimizer.dispose(state);
  return { x, ...totals, results };
}

describe('createLbfgs on an n-dimensional convex quadratic', () => {
  const n = 10;
  const random = mulberry32(7);
  // A = Q diag(1..10) Qᵀ (condition number 10), minimiser c, minimum 0.
  const eigenvalues = Array.from({ length: n }, (_, i) => 1 + i);
  const a = spdMatrix(eigenvalues, random);
  const c = Array.from({ length: n }, () => random() * 2 - 1);

  test('converges in at most n + 1 iterations to f - f* <= 1e-8 with a near-exact line search (CG-like termination)', () => {
    // With exact line searches and history >= n, L-BFGS on a quadratic generates conjugate directions and
    // terminates in n steps (Nocedal & Wright, thm 6.4 / 7.x); c2 = 0.01 with cubic interpolation (exact on a
    // quadratic) comes close enough that n + 1 iterations reach the float32 noise floor.
    const at = tf.tensor2d(a);
    const ct = tf.tensor1d(c);
    const r = run({ wolfe: { c2: 0.01 }, maxIterations: n + 1, maxEvaluations: 1000, toleranceGrad: -1, toleranceChange: -1 }, objectiveOf(quadratic(at, ct)), new Array<number>(n).fill(0));
    tf.dispose([at, ct]);
    expect(r.iterations).toBe(n + 1);
    expect(quadraticValue(a, c, r.x)).toBeLessThan(1e-8);
    r.x.forEach((v, i) => expect(Math.abs(v - (c[i] ?? NaN))).toBeLessThan(1e-5));
  });

  test('with the default (torch) line search it stops on its own tolerance near the minimiser', () => {
    const at = tf.tensor2d(a);
    const ct = tf.tensor1d(c);
    const r = run({ maxIterations: 100 }, objectiveOf(quadratic(at, ct)), new Array<number>(n).fill(0));
    tf.dispose([at, ct]);
    expect(r.results[0]?.converged).toBe(true);
    expect(quadraticValue(a, c, r.x)).toBeLessThan(1e-8);
  });

  // In float32 a loss-based line search cannot see a decrease below one ulp of the loss (~4e-6 at f = 60), so
  // the box problems keep the minimum small: the multipliers at the active bounds are 1e-3, f* ~ 1e-6.
  for (const lineSearch of ['strongWolfe', 'none'] as const) {
    test(`${lineSearch}: a box-constrained (non-separable) QP reaches its KKT point to 1e-6`, () => {
      // Build the minimiser first: x* has coordinates 0..2 at the lower bound -1 (gradient there +1e-3), 3..4
      // at the upper bound 1 (gradient -1e-3), the rest free inside (gradient 0). With g* = A(x* − c), choose
      // c = x* − A⁻¹g*: x* satisfies the KKT conditions of min ½(x−c)ᵀA(x−c) on [-1, 1]ⁿ and is the unique
      // minimiser, A being positive definite.
      const xStar = [-1, -1, -1, 1, 1, 0.3, -0.2, 0.5, -0.6, 0.1];
      const gStar = [1e-3, 1e-3, 1e-3, -1e-3, -1e-3, 0, 0, 0, 0, 0];
      const shift = solve(a, gStar);
      const cBox = xStar.map((v, i) => v - (shift[i] ?? NaN));
      const at = tf.tensor2d(a);
      const ct = tf.tensor1d(cBox);
      const objective = objectiveOf(quadratic(at, ct));
      let outside = 0;
      const r = run(
        { lineSearch, learningRate: lineSearch === 'none' ? 0.5 : 1, bounds: { lower: -1, upper: 1 }, maxIterations: 200, maxEvaluations: 400, toleranceGrad: 1e-9, toleranceChange: 0 },
        (x) => {
          outside += x.dataSync().filter((v) => Math.abs(v) > 1).length;
          return objective(x);
        },
        new Array<number>(n).fill(0),
      );
      tf.dispose([at, ct]);
      expect(outside).toBe(0); // the objective was only ever evaluated inside the box
      xStar.forEach((v, i) => expect(Math.abs((r.x[i] ?? NaN) - v)).toBeLessThan(1e-6));
      expect(quadraticValue(a, cBox, r.x) - quadraticValue(a, cBox, xStar)).toBeLessThan(1e-9);
    });
  }

  test('a separable box QP lands on the clipped minimiser', () => {
    // f = Σ w_i (x_i − c_i)²: the box minimiser is clip(c, 0, 1) coordinate by coordinate.
    const w = tf.tensor1d([1, 2, 3, 4, 5, 6]);
    const ct = tf.tensor1d([-1e-3, 0.25, 1.001, 0.75, 1.002, -3e-3]);
    const r = run({ bounds: { lower: 0, upper: 1 }, maxIterations: 100 }, objectiveOf((x) => tf.sum(tf.mul(w, tf.square(tf.sub(x, ct))))), [0.5, 0.5, 0.5, 0.5, 0.5, 0.5]);
    tf.dispose([w, ct]);
    expect(r.x.slice(0, 1).concat(r.x.slice(2, 3), r.x.slice(4))).toEqual([0, 1, 1, 0]); // exactly on the bounds
    expect(Math.abs((r.x[1] ?? NaN) - 0.25)).toBeLessThan(1e-6);
    expect(Math.abs((r.x[3] ?? NaN) - 0.75)).toBeLessThan(1e-6);
    expect(r.results[0]?.converged).toBe(true);
  });
});

describe('createLbfgs step semantics', () => {
  const start = [-1.2, 1, -1.2, 1];

  test('N calls with maxIterations 1 follow the same path, with the same evaluations, as one call with maxIterations N', () => {
    const whole = run({ maxIterations: 15, maxEvaluations: 1000, historySize: 5 }, objectiveOf(rosenbrock), start);
    const single = run({ maxIterations: 1, maxEvaluations: 1000, historySize: 5 }, objectiveOf(rosenbrock), start, 15);
    expect(single.iterations).toBe(15);
    expect(single.evaluations).toBe(whole.evaluations);
    single.x.forEach((v, i) => expect(v).toBe(whole.x[i]));
  });

  test('reuseEvaluation false re-evaluates at the start of every call, as repeated torch optimizer.step() calls do', () => {
    const reused = run({ maxIterations: 1, historySize: 5 }, objectiveOf(rosenbrock), start, 10);
    const fresh = run({ maxIterations: 1, historySize: 5, reuseEvaluation: false }, objectiveOf(rosenbrock), start, 10);
    // Each strong-Wolfe iteration ends with an evaluation at the new point; torch evaluates it again next call.
    expect(fresh.evaluations).toBe(reused.evaluations + 9);
    fresh.x.forEach((v, i) => expect(v).toBe(reused.x[i]));
  });

  test('fixed step: one evaluation per iteration, the first step scaled by min(1, 1/Σ|g|)', () => {
    // f = ½ Σ x², g = x. From x0 = (3, 4): Σ|g| = 7, so the first step is t = 1/7 along d = −g:
    // x1 = x0 (1 − 1/7) = (18/7, 24/7).
    const r = run({ lineSearch: 'none', maxIterations: 1 }, objectiveOf((x) => tf.mul(0.5, tf.sum(tf.square(x)))), [3, 4]);
    expect(r.evaluations).toBe(1);
    expect(r.x[0]).toBeCloseTo(18 / 7, 6);
    expect(r.x[1]).toBeCloseTo(24 / 7, 6);
  });

  test('firstStepMaxChange: the first step moves the largest element by exactly that much', () => {
    // f = ½ Σ x², g = x, d = −g = (−3, −4): max|d| = 4, so t0 = 2/4 and x1 = x0 (1 − ½) = (1.5, 2).
    const r = run({ lineSearch: 'none', maxIterations: 1, firstStepMaxChange: 2 }, objectiveOf((x) => tf.mul(0.5, tf.sum(tf.square(x)))), [3, 4]);
    expect(r.x[0]).toBeCloseTo(1.5, 6);
    expect(r.x[1]).toBeCloseTo(2, 6);
  });

  test('firstStepMaxChange: on a large, badly scaled problem the first strong-Wolfe iteration makes progress at once', () => {
    // f = Σ c_i x_i² over 100k elements, x0 = 100: torch's first trial 1/Σ|g| is ~1e-8 of a useful step, so its
    // line search needs many extrapolations; a first trial that moves an element by 10 needs few.
    const n = 100_000;
    const scales = tf.tensor1d(Float32Array.from({ length: n }, (_, i) => 1 + (i % 7)));
    const objective = objectiveOf((x) => tf.sum(tf.mul(scales, tf.square(x))));
    const x0 = Array.from({ length: n }, () => 100);
    const torchFirst = run({ maxIterations: 1 }, objective, x0);
    const scaledFirst = run({ maxIterations: 1, firstStepMaxChange: 10 }, objective, x0);
    scales.dispose();
    const f0 = quadraticLoss(x0);
    expect(scaledFirst.evaluations).toBeLessThan(torchFirst.evaluations);
    expect(quadraticLoss(scaledFirst.x)).toBeLessThan(0.9 * f0);

    function quadraticLoss(x: number[]): number {
      return x.reduce((sum, v, i) => sum + (1 + (i % 7)) * v * v, 0);
    }
  });

  test('stops at once when the gradient is below toleranceGrad, reporting convergence', () => {
    const r = run({ toleranceGrad: 1e-3 }, objectiveOf((x) => tf.sum(tf.square(x))), [1e-4, -1e-4]);
    expect(r.results[0]).toMatchObject({ iterations: 0, evaluations: 1, reason: 'toleranceGrad', converged: true });
  });

  test('the step result reports the loss at the start and the budget used', () => {
    const r = run({ maxIterations: 3, historySize: 5 }, objectiveOf(rosenbrock), [-1.2, 1]);
    // f(−1.2, 1) = 100 (1 − 1.44)² + (2.2)² = 19.36 + 4.84 = 24.2
    expect(r.results[0]?.loss).toBeCloseTo(24.2, 4);
    expect(r.results[0]).toMatchObject({ iterations: 3, reason: 'maxIterations', converged: false });
  });
});

describe('createLbfgs on an image-shaped tensor', () => {
  for (const lineSearch of ['strongWolfe', 'none'] as const) {
    test(`${lineSearch}: keeps the [1, H, W, 3] shape and the pixel range while the loss falls`, () => {
      // Fit a smoothed image to a noisy target that spills outside 0..255: ½‖x − t‖² + 0.1·TV_l2(x).
      const target = tf.tidy(() => tf.sub(tf.mul(tf.randomUniform([1, 8, 8, 3], 0, 1, 'float32', 5), 400), 70));
      const loss = (x: tf.Tensor) =>
        tf.tidy(() => {
          const dx = tf.sub(tf.slice(x, [0, 0, 1, 0], [-1, -1, -1, -1]), tf.slice(x, [0, 0, 0, 0], [-1, -1, 7, -1]));
          const dy = tf.sub(tf.slice(x, [0, 1, 0, 0], [-1, -1, -1, -1]), tf.slice(x, [0, 0, 0, 0], [-1, 7, -1, -1]));
          return tf.add<tf.Scalar>(tf.mul(0.5, tf.sum(tf.square(tf.sub(x, target)))), tf.mul(0.1, tf.add(tf.sum(tf.square(dx)), tf.sum(tf.square(dy)))));
        });
      const optimizer = createLbfgs({ lineSearch, learningRate: lineSearch === 'none' ? 0.5 : 1, maxIterations: 1, historySize: 10, bounds: { lower: 0, upper: 255 } });
      const x0 = tf.fill([1, 8, 8, 3], 128);
      let state = optimizer.init(x0);
      const losses: number[] = [];
      for (let i = 0; i < 30; i++) {
        const result = optimizer.step(state, objectiveOf(loss));
        losses.push(result.loss);
        state = result.state;
        expect(state.x.shape).toEqual([1, 8, 8, 3]);
        const values = state.x.dataSync();
        expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
        expect(Math.max(...values)).toBeLessThanOrEqual(255);
      }
      // Both modes end at the same constrained minimum, 484513 (to 7 digits), from 1.249e6.
      expect(losses.at(-1)).toBeLessThan(0.4 * (losses[0] ?? NaN));
      if (lineSearch === 'strongWolfe') losses.slice(1).forEach((f, i) => expect(f).toBeLessThanOrEqual(losses[i] ?? NaN));
      // Some pixels sit on the bounds at the end (the target leaves the range).
      expect(Array.from(state.x.dataSync()).filter((v) => v === 0 || v === 255).length).toBeGreaterThan(0);
      optimizer.dispose(state);
      tf.dispose([x0, target]);
    });
  }
});

describe('createLbfgs with non-finite losses', () => {
  // f = Σ (x − 3)², but NaN (loss and gradient) as soon as any coordinate exceeds 2: the minimiser lies in the
  // NaN region, so every long step lands there.
  const nanBeyond2: Objective = (x) => {
    const values = x.dataSync();
    if (values.some((v) => v > 2)) return { loss: NaN, gradient: tf.fill(x.shape, NaN) };
    return objectiveOf((t) => tf.sum(tf.square(tf.sub(t, 3))))(x);
  };

  test('strong Wolfe: a NaN trial only shortens the step; x stays where the loss is finite', () => {
    const r = run({ maxIterations: 1 }, nanBeyond2, [0, 0], 20);
    for (const v of r.x) expect(v).toBeLessThanOrEqual(2);
    // Progress towards the edge of the valid region, where the finite minimum lies (f(2, 2) = 2).
    expect(Math.min(...r.x)).toBeGreaterThan(1.9);
    expect(r.results.reduce((acc, s) => acc + (s.nonFinite ?? 0), 0)).toBeGreaterThan(0);
    for (const s of r.results) expect(Number.isFinite(s.loss)).toBe(true);
  });

  test('fixed step: a step into the NaN region is halved back at the next call and the history reset', () => {
    // From (0, 0), Σ|g| = 12, so the first step is 1/12 · 6 = 0.5 per coordinate; then full L-BFGS steps of
    // learning rate 1 jump to (3, 3), in the NaN region: the next call backtracks half of that step.
    const r = run({ lineSearch: 'none', maxIterations: 1 }, nanBeyond2, [0, 0], 12);
    for (const v of r.x) expect(Number.isFinite(v)).toBe(true);
    const recovered = r.results.filter((s) => (s.nonFinite ?? 0) > 0);
    expect(recovered.length).toBeGreaterThan(0);
    // Every call started (after recovery) from a point with a finite loss, and the loss went down overall.
    for (const s of r.results) expect(Number.isFinite(s.loss)).toBe(true);
    expect(r.results.at(-1)?.loss).toBeLessThan(r.results[0]?.loss ?? NaN);
  });

  test('fixed step: if halving finds nothing finite within the budget, x returns to the previous point', () => {
    // Finite only for |x_i| < 1e-3. From x0 = (1e-4, 1e-4): g = 2e-4 each, Σ|g| = 4e-4, so the first step is
    // t = min(1, 2500)·1e4 = 1e4 along −g: x1 = (−1.9999, −1.9999), NaN. The next call halves the step 4 times
    // (budget 5 = 1 + 4; the offset is still 0.125 > 1e-3), then goes back to x0.
    const finiteNearZero: Objective = (x) => {
      if (x.dataSync().some((v) => Math.abs(v) >= 1e-3)) return { loss: NaN, gradient: tf.fill(x.shape, NaN) };
      return objectiveOf((t) => tf.sum(tf.square(t)))(x);
    };
    const r = run({ lineSearch: 'none', learningRate: 1e4, maxIterations: 1, maxEvaluations: 5 }, finiteNearZero, [1e-4, 1e-4], 2);
    expect(r.results[1]).toMatchObject({ reason: 'nonFinite', evaluations: 5, nonFinite: 5, converged: false });
    for (const v of r.x) expect(v).toBeCloseTo(1e-4, 6);
  });

  test('a non-finite loss at the starting point is reported and x is left unchanged', () => {
    const r = run({}, (x) => ({ loss: NaN, gradient: tf.zerosLike(x) }), [5, 5]);
    expect(r.results[0]).toMatchObject({ reason: 'nonFinite', evaluations: 1, iterations: 0, converged: false });
    expect(r.x).toEqual([5, 5]);
  });
});

describe('createLbfgs memory', () => {
  test('tf.memory().numTensors stays constant over 1000 steps; dispose frees everything', () => {
    const before = tf.memory().numTensors;
    const objective = objectiveOf(rosenbrock);
    for (const options of [
      { historySize: 4 },
      { historySize: 4, lineSearch: 'none', learningRate: 0.2 },
      { historySize: 4, bounds: { lower: -0.5, upper: 0.8 } },
    ] as LbfgsOptions[]) {
      const optimizer = createLbfgs({ ...options, maxIterations: 1, toleranceGrad: -1, toleranceChange: -1 });
      const x0 = tf.tensor1d([-1.2, 1, -1.2]);
      let state = optimizer.init(x0);
      x0.dispose();
      let after10 = 0;
      for (let i = 0; i < 1000 / 3; i++) {
        state = optimizer.step(state, objective).state;
        if (i === 9) after10 = tf.memory().numTensors;
      }
      expect(tf.memory().numTensors).toBe(after10);
      optimizer.dispose(state);
      expect(tf.memory().numTensors).toBe(before);
    }
  });

  test('a throwing objective leaves the state usable and leaks nothing', () => {
    const before = tf.memory().numTensors;
    const optimizer = createLbfgs({ maxIterations: 1, historySize: 3 });
    const x0 = tf.tensor1d([-1.2, 1]);
    let state = optimizer.init(x0);
    x0.dispose();
    state = optimizer.step(state, objectiveOf(rosenbrock)).state;
    const failing: Objective = () => {
      throw new Error('boom');
    };
    // The evaluation at x is reused, so the first call to `failing` is a line-search trial.
    expect(() => optimizer.step(state, failing)).toThrow('boom');
    state = optimizer.step(state, objectiveOf(rosenbrock)).state;
    expect(state.iterations).toBe(3); // the interrupted iteration is counted, as torch's n_iter would be
    optimizer.dispose(state);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('createLbfgs validation', () => {
  const bad: [LbfgsOptions | Record<string, unknown>, string][] = [
    [{ learningRate: -1 }, 'options.learningRate'],
    [{ learningRate: 0 }, 'options.learningRate'],
    [{ historySize: 0 }, 'options.historySize'],
    [{ historySize: 2.5 }, 'options.historySize'],
    [{ maxIterations: 0 }, 'options.maxIterations'],
    [{ maxEvaluations: -3 }, 'options.maxEvaluations'],
    [{ lineSearch: 'armijo' }, 'options.lineSearch'],
    [{ firstStepMaxChange: 0 }, 'options.firstStepMaxChange'],
    [{ bounds: { lower: 0, upper: Infinity } }, 'options.bounds.upper'],
    [{ bounds: { lower: NaN, upper: 1 } }, 'options.bounds.lower'],
    [{ bounds: { lower: 2, upper: 1 } }, 'options.bounds'],
    [{ wolfe: { c1: 0.5, c2: 0.1 } }, 'options.wolfe'],
    [{ lr: 1 }, 'options.lr'],
  ];
  for (const [options, argument] of bad) {
    test(`rejects ${JSON.stringify(options)} naming ${argument}`, () => {
      expectStylegradError(() => createLbfgs(options as LbfgsOptions), 'createLbfgs', argument);
    });
  }

  test('rejects a non-scalar loss, a mis-shaped gradient, a stale state; frees what it was given', () => {
    const before = tf.memory().numTensors;
    const optimizer = createLbfgs();
    const x0 = tf.tensor1d([1, 2, 3]);
    const state = optimizer.init(x0);
    x0.dispose();
    const tensorLoss = (x: tf.Tensor) => ({ loss: tf.square(x) as unknown as number, gradient: tf.onesLike(x) });
    expect(() => optimizer.step(state, tensorLoss)).toThrow(/objective\(\)\.loss must be a single number.*\[3\]/);
    expect(() => optimizer.step(state, (x) => ({ loss: 1, gradient: tf.ones([x.size + 1]) }))).toThrow(/objective\(\)\.gradient must have the shape of x/);
    const next = optimizer.step(state, objectiveOf((x) => tf.sum(tf.square(x)))).state;
    expect(() => optimizer.step(state, objectiveOf((x) => tf.sum(x)))).toThrow(/not a live state/);
    optimizer.dispose(next);
    expect(() => optimizer.dispose(next)).toThrow(StylegradError);
    // Only the tensor losses the test itself created remain (one per rejected call).
    expect(tf.memory().numTensors).toBe(before + 1);
    tf.disposeVariables();
  });

  test('init rejects non-finite values and projects into the bounds', () => {
    const optimizer = createLbfgs({ bounds: { lower: 0, upper: 1 } });
    const bad = tf.tensor1d([0, NaN]);
    expect(() => optimizer.init(bad)).toThrow(StylegradError);
    bad.dispose();
    const x0 = tf.tensor1d([-1, 0.5, 2]);
    const state = optimizer.init(x0);
    expect(Array.from(state.x.dataSync())).toEqual([0, 0.5, 1]);
    x0.dispose();
    optimizer.dispose(state);
  });
});
