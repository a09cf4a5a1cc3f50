import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, test } from 'vitest';
import { createAdam, type AdamOptions } from '../../src/optimizers/createAdam';
import type { Objective } from '../../src/optimizers/types';
import { objectiveOf, rosenbrock } from './problems';
import { expectStylegradError } from '../helpers/expectStylegradError';

describe('createAdam vs tf.train.adam', () => {
  // Same problem, same start, same hyper-parameters: the trajectories must agree step for step.
  const cases: [string, AdamOptions][] = [
    ['defaults (ε = 1e-7)', { learningRate: 0.01 }],
    ['custom β and ε, large step', { learningRate: 0.3, beta1: 0.5, beta2: 0.9, epsilon: 1e-3 }],
  ];
  for (const [label, options] of cases) {
    test(`${label}: 100 steps on 6-D Rosenbrock agree to 1e-6`, () => {
      const start = [-1.2, 1, -1.2, 1, 0.5, 2];
      const variable = tf.variable(tf.tensor1d(start));
      const reference = tf.train.adam(options.learningRate, options.beta1 ?? 0.9, options.beta2 ?? 0.999, options.epsilon ?? 1e-7);
      const optimizer = createAdam(options);
      const x0 = tf.tensor1d(start);
      let state = optimizer.init(x0);
      x0.dispose();
      const objective = objectiveOf(rosenbrock);
      let worst = 0;
      for (let i = 0; i < 100; i++) {
        const result = optimizer.step(state, objective);
        state = result.state;
        const cost = reference.minimize(() => rosenbrock(variable), true, [variable]);
        // step() reports the loss at the start of the step, as minimize() returns it.
        expect(result.loss).toBeCloseTo(cost?.dataSync()[0] ?? NaN, 3);
        cost?.dispose();
        const ours = state.x.dataSync();
        const theirs = variable.dataSync();
        for (let k = 0; k < start.length; k++) worst = Math.max(worst, Math.abs((ours[k] ?? NaN) - (theirs[k] ?? NaN)));
      }
      expect(worst).toBeLessThanOrEqual(1e-6);
      expect(state.iterations).toBe(100);
      optimizer.dispose(state);
      reference.dispose();
      variable.dispose();
    });
  }
});

describe('createAdam behaviour', () => {
  test('the first step moves every coordinate by the learning rate against the gradient sign', () => {
    // Step 1: m̂ = g, v̂ = g², so the update is α·g/(|g| + ε) ≈ α·sign(g).
    const optimizer = createAdam({ learningRate: 0.1, epsilon: 0 });
    const x0 = tf.tensor1d([3, -2, 0.5]);
    const slope = tf.tensor1d([1, 5, -7]);
    const result = optimizer.step(optimizer.init(x0), objectiveOf((x) => tf.sum(tf.mul(slope, x))));
    const x = Array.from(result.state.x.dataSync());
    expect(x[0]).toBeCloseTo(2.9, 5);
    expect(x[1]).toBeCloseTo(-2.1, 5);
    expect(x[2]).toBeCloseTo(0.6, 5);
    optimizer.dispose(result.state);
    tf.dispose([x0, slope]);
  });

  test('bounds: every iterate stays in the box and the separable box minimiser is reached', () => {
    // f = Σ (x − c)² with c = (−1, 0.3, 2): the box [0, 1] minimiser is (0, 0.3, 1).
    const optimizer = createAdam({ learningRate: 0.05, bounds: { lower: 0, upper: 1 } });
    const c = tf.tensor1d([-1, 0.3, 2]);
    const objective = objectiveOf((x) => tf.sum(tf.square(tf.sub(x, c))));
    const x0 = tf.tensor1d([0.5, 0.9, 0.5]);
    let state = optimizer.init(x0);
    for (let i = 0; i < 400; i++) {
      state = optimizer.step(state, objective).state;
      for (const v of state.x.dataSync()) {
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThanOrEqual(1);
      }
    }
    const x = Array.from(state.x.dataSync());
    expect(x[0]).toBe(0);
    expect(x[1]).toBeCloseTo(0.3, 3);
    expect(x[2]).toBe(1);
    optimizer.dispose(state);
    tf.dispose([c, x0]);
  });

  test('a non-finite gradient changes nothing and is reported', () => {
    const optimizer = createAdam({ learningRate: 0.1 });
    const x0 = tf.tensor1d([1, 2]);
    let state = optimizer.init(x0);
    state = optimizer.step(state, objectiveOf((x) => tf.sum(tf.square(x)))).state;
    const before = Array.from(state.x.dataSync());
    const nan: Objective = (x) => ({ loss: 1, gradient: tf.fill(x.shape, NaN) });
    const result = optimizer.step(state, nan);
    expect(result).toMatchObject({ reason: 'nonFinite', nonFinite: 1, iterations: 0, evaluations: 1 });
    expect(Array.from(result.state.x.dataSync())).toEqual(before);
    expect(result.state.iterations).toBe(1);
    optimizer.dispose(result.state);
    x0.dispose();
  });

  test('tf.memory().numTensors stays constant over 1000 steps; dispose frees everything', () => {
    const before = tf.memory().numTensors;
    const optimizer = createAdam({ learningRate: 0.01, bounds: { lower: -2, upper: 2 } });
    const x0 = tf.tensor1d([-1.2, 1, 0.5]);
    let state = optimizer.init(x0);
    x0.dispose();
    const objective = objectiveOf(rosenbrock);
    state = optimizer.step(state, objective).state;
    const during = tf.memory().numTensors;
    for (let i = 1; i < 1000; i++) state = optimizer.step(state, objective).state;
    expect(tf.memory().numTensors).toBe(during);
    optimizer.dispose(state);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('createAdam validation', () => {
  const bad: [unknown, string][] = [
    [{ learningRate: -0.1 }, 'options.learningRate'],
    [{}, 'options.learningRate'],
    [{ learningRate: 0.1, beta1: 1 }, 'options.beta1'],
    [{ learningRate: 0.1, beta2: -0.5 }, 'options.beta2'],
    [{ learningRate: 0.1, epsilon: -1 }, 'options.epsilon'],
    [{ learningRate: 0.1, bounds: { lower: 1, upper: 0 } }, 'options.bounds'],
    [{ learningRate: 0.1, bounds: { lower: -Infinity, upper: 0 } }, 'options.bounds.lower'],
    [{ learningRate: 0.1, lr: 0.1 }, 'options.lr'],
    [undefined, 'options'],
  ];
  for (const [options, argument] of bad) {
    test(`rejects ${JSON.stringify(options)} naming ${argument}`, () => {
      expectStylegradError(() => createAdam(options as AdamOptions), 'createAdam', argument);
    });
  }

  test('rejects a non-scalar loss and a stale state', () => {
    const optimizer = createAdam({ learningRate: 0.1 });
    const x0 = tf.tensor1d([1, 2]);
    const state = optimizer.init(x0);
    x0.dispose();
    const lossTensor = tf.ones([2]);
    expect(() => optimizer.step(state, (x) => ({ loss: lossTensor as unknown as number, gradient: tf.onesLike(x) }))).toThrow(/loss must be a single number/);
    lossTensor.dispose();
    const next = optimizer.step(state, objectiveOf((x) => tf.sum(x))).state;
    expect(() => optimizer.step(state, objectiveOf((x) => tf.sum(x)))).toThrow(/not a live state/);
    optimizer.dispose(next);
  });
});
