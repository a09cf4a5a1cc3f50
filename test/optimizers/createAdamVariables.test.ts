// createAdam over a list of variables (initVariables / stepVariables): two training steps worked out by hand,
// agreement with the single-tensor API, resuming, non-finite steps, errors and tensor counts.
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, test } from 'vitest';
import { StylegradError } from '../../src/errors';
import { createAdam, type AdamOptions } from '../../src/optimizers/createAdam';
import type { VariablesObjective } from '../../src/optimizers/types';
import { objectiveOf, rosenbrock } from './problems';

/** An objective that returns the given gradients in turn (the loss is the step's index). */
function givenGradients(steps: readonly (readonly number[][])[]): VariablesObjective {
  let call = 0;
  return () => {
    const gradients = (steps[call] ?? []).map((g) => tf.tensor1d(g as number[]));
    call += 1;
    return { loss: call, gradients };
  };
}

const maxDiff = (a: ArrayLike<number>, b: readonly number[]): number => b.reduce((m, v, i) => Math.max(m, Math.abs((a[i] ?? NaN) - v)), 0);

describe('createAdam.stepVariables', () => {
  test("two steps of the training convention (formulation 'efficient', ε 1e-8) worked out by hand", () => {
    // Variables a = [1, −2], b = [0.5]; α = 0.1, β1 = 0.9, β2 = 0.999, ε = 1e-8.
    // Update t: m ← β1·m + (1−β1)·g, v ← β2·v + (1−β2)·g², α_t = α·√(1−β2ᵗ)/(1−β1ᵗ),
    //           x ← x − α_t · m / (√v + ε·√(1−β2ᵗ)).
    //
    // Step 1, g_a = [0.2, −0.4], g_b = [3]:
    //   m = 0.1·g, v = 0.001·g², α_1 = 0.1·√0.001/0.1 = √0.001, so the move is
    //   √0.001 · 0.1g / (√0.001·|g| + 1e-8·√0.001) = 0.1·g/(|g| + 1e-8) ≈ 0.1·sign(g):
    //   a = [0.9, −1.9], b = [0.4] (the ε term changes them by < 1e-8).
    // Step 2, g_a = [−0.1, 0.3], g_b = [1]:
    //   m_a = 0.9·[0.02, −0.04] + 0.1·[−0.1, 0.3] = [0.008, −0.006]
    //   v_a = 0.999·[4e-5, 1.6e-4] + 0.001·[0.01, 0.09] = [4.996e-5, 2.4984e-4]
    //   m_b = 0.9·0.3 + 0.1·1 = 0.37,  v_b = 0.999·0.009 + 0.001·1 = 0.009991
    //   α_2 = 0.1·√(1 − 0.999²)/(1 − 0.9²) = 0.1·√0.001999/0.19 = 0.1 · 0.0447102 / 0.19 = 0.0235317
    //   equivalently (bias-corrected) m̂ = m/0.19, v̂ = v/0.001999, move = 0.1·m̂/√v̂:
    //   a0: m̂ = 0.0421053, v̂ = 0.0249925, √v̂ = 0.1580902 → move 0.0266337 → a0 = 0.9 − 0.0266337 = 0.8733663
    //   a1: m̂ = −0.0315789, v̂ = 0.1249825, √v̂ = 0.3535286 → move −0.0089325 → a1 = −1.9 + 0.0089325 = −1.8910675
    //   b:  m̂ = 1.9473684, v̂ = 4.9979990, √v̂ = 2.2356205 → move 0.0871064 → b = 0.4 − 0.0871064 = 0.3128936
    const a = tf.variable(tf.tensor1d([1, -2]));
    const b = tf.variable(tf.tensor1d([0.5]));
    const before = tf.memory().numTensors;
    const optimizer = createAdam({ learningRate: 0.1, epsilon: 1e-8, formulation: 'efficient' });
    let state = optimizer.initVariables([a, b]);
    const objective = givenGradients([
      [[0.2, -0.4], [3]],
      [[-0.1, 0.3], [1]],
    ]);
    state = optimizer.stepVariables(state, objective).state;
    expect(maxDiff(a.dataSync(), [0.9, -1.9])).toBeLessThan(1e-6);
    expect(maxDiff(b.dataSync(), [0.4])).toBeLessThan(1e-6);
    const result = optimizer.stepVariables(state, objective);
    state = result.state;
    expect(result).toMatchObject({ loss: 2, evaluations: 1, iterations: 1, reason: 'maxIterations', nonFinite: 0 });
    expect(maxDiff(a.dataSync(), [0.8733663, -1.8910675])).toBeLessThan(1e-6);
    expect(maxDiff(b.dataSync(), [0.3128936])).toBeLessThan(1e-6);
    expect(maxDiff(state.firstMoments[0]?.dataSync() ?? [], [0.008, -0.006])).toBeLessThan(1e-7);
    expect(maxDiff(state.secondMoments[1]?.dataSync() ?? [], [0.009991])).toBeLessThan(1e-8);
    expect(state.iterations).toBe(2);
    optimizer.disposeVariables(state);
    expect(tf.memory().numTensors).toBe(before);
    expect(a.isDisposed || b.isDisposed).toBe(false);
    tf.dispose([a, b]);
  });

  test("the default formulation ('tfjs') follows the single-tensor step bit for bit", () => {
    const options: AdamOptions = { learningRate: 0.05, bounds: { lower: -1.5, upper: 1.5 } };
    const start = [-1.2, 1, -1.2, 1, 0.5, 1.4];
    const x0 = tf.tensor1d(start);
    const single = createAdam(options);
    let tensorState = single.init(x0);
    const variable = tf.variable(x0);
    const listed = createAdam(options);
    let listState = listed.initVariables([variable]);
    const objective = objectiveOf(rosenbrock);
    const variablesObjective: VariablesObjective = () => {
      const { loss, gradient } = objective(variable);
      return { loss, gradients: [gradient] };
    };
    for (let i = 0; i < 30; i++) {
      tensorState = single.step(tensorState, objective).state;
      listState = listed.stepVariables(listState, variablesObjective).state;
    }
    expect(Array.from(variable.dataSync())).toEqual(Array.from(tensorState.x.dataSync()));
    single.dispose(tensorState);
    listed.disposeVariables(listState);
    tf.dispose([x0, variable]);
  });

  test('a run resumed from saved moments continues exactly where it stopped', () => {
    const run = (split: number | null): number[] => {
      const x = tf.variable(tf.tensor1d([-1.2, 1, 0.5]));
      let optimizer = createAdam({ learningRate: 0.02, epsilon: 1e-8, formulation: 'efficient' });
      const objective: VariablesObjective = () => {
        const { loss, gradient } = objectiveOf(rosenbrock)(x);
        return { loss, gradients: [gradient] };
      };
      let state = optimizer.initVariables([x]);
      for (let i = 0; i < 10; i++) {
        if (i === split) {
          const saved = { firstMoments: state.firstMoments.map((m) => m.clone()), secondMoments: state.secondMoments.map((v) => v.clone()), iterations: state.iterations };
          optimizer.disposeVariables(state);
          optimizer = createAdam({ learningRate: 0.02, epsilon: 1e-8, formulation: 'efficient' });
          state = optimizer.initVariables([x], saved);
          tf.dispose([...saved.firstMoments, ...saved.secondMoments]);
          expect(state.iterations).toBe(split);
        }
        state = optimizer.stepVariables(state, objective).state;
      }
      const values = Array.from(x.dataSync());
      optimizer.disposeVariables(state);
      x.dispose();
      return values;
    };
    expect(run(4)).toEqual(run(null));
  });

  test('a non-finite loss or gradient changes nothing and is reported', () => {
    const a = tf.variable(tf.tensor1d([1, 2]));
    const optimizer = createAdam({ learningRate: 0.1 });
    let state = optimizer.initVariables([a]);
    const result = optimizer.stepVariables(state, givenGradients([[[NaN, 1]]]));
    state = result.state;
    expect(result).toMatchObject({ iterations: 0, reason: 'nonFinite', nonFinite: 1 });
    expect(Array.from(a.dataSync())).toEqual([1, 2]);
    expect(Array.from(state.firstMoments[0]?.dataSync() ?? [])).toEqual([0, 0]);
    expect(state.iterations).toBe(0);
    optimizer.disposeVariables(state);
    a.dispose();
  });

  test('rejects bad variables, resumed moments and objectives with clear errors, leaking nothing', () => {
    const a = tf.variable(tf.tensor1d([1, 2]));
    const optimizer = createAdam({ learningRate: 0.1 });
    const before = tf.memory().numTensors;
    expect(() => optimizer.initVariables([])).toThrow(/^adam.initVariables: variables must be a non-empty array of float32 tf.Variables; got /);
    const plain = tf.tensor1d([1]);
    expect(() => optimizer.initVariables([plain] as unknown as tf.Variable[])).toThrow(StylegradError);
    plain.dispose();
    const wrong = tf.zeros([3]);
    expect(() => optimizer.initVariables([a], { firstMoments: [wrong], secondMoments: [wrong], iterations: 1 })).toThrow(/resume.firstMoments must hold one tensor per variable with its shape; entry 0/);
    expect(() => optimizer.initVariables([a], { firstMoments: [], secondMoments: [], iterations: -1 })).toThrow(/resume.iterations must be a non-negative integer/);
    wrong.dispose();
    const state = optimizer.initVariables([a]);
    const counted = tf.memory().numTensors;
    expect(() => optimizer.stepVariables(state, givenGradients([[[1, 2], [3]]]))).toThrow(/objective\(\).gradients must be an array of 1 tensors, one per variable/);
    expect(() => optimizer.stepVariables(state, givenGradients([[[1, 2, 3]]]))).toThrow(/objective\(\).gradients\[0\] must be a new live tensor with the shape of variables\[0\] \[2\]/);
    expect(tf.memory().numTensors).toBe(counted);
    expect(() => createAdam({ learningRate: 0.1, formulation: 'torch' as 'tfjs' })).toThrow(/createAdam: options.formulation/);
    optimizer.disposeVariables(state);
    expect(() => optimizer.disposeVariables(state)).toThrow(/adam.disposeVariables: state is not a live state/);
    expect(tf.memory().numTensors).toBe(before);
    a.dispose();
  });
});
