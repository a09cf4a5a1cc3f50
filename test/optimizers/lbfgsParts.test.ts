// The parts createLbfgs's iteration is built from, checked on hand-worked numbers: the projected-path line
// trial and the non-finite recovery.
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, test } from 'vitest';
import { resolveLbfgsOptions } from '../../src/optimizers/internal/lbfgsOptions';
import { createLbfgsSession } from '../../src/optimizers/internal/lbfgsSession';
import { disposeLbfgsPrivate, type LbfgsPrivate } from '../../src/optimizers/internal/lbfgsState';
import { projectedTrial } from '../../src/optimizers/internal/projectedTrial';
import { recoverNonFinite } from '../../src/optimizers/internal/recoverNonFinite';
import type { LbfgsOptions } from '../../src/optimizers/createLbfgs';
import type { Objective } from '../../src/optimizers/types';

function privateAt(x: number[], lastStep: number[] | null): LbfgsPrivate {
  return {
    x: tf.tensor1d(x),
    pairs: [],
    gamma: tf.scalar(1),
    prevGrad: null,
    lastStep: lastStep === null ? null : tf.tensor1d(lastStep),
    cached: null,
    fresh: false,
    iterations: 0,
    evaluations: 0,
  };
}

/** f(x) = ½ Σ x², gradient x. */
const halfSquares: Objective = (x) => ({ loss: 0.5 * Array.from(x.dataSync()).reduce((s, v) => s + v * v, 0), gradient: tf.clone(x) });

function trialAt(options: LbfgsOptions, t: number) {
  const before = tf.memory().numTensors;
  const p = privateAt([0.5, 0.9], null);
  const session = createLbfgsSession(p, halfSquares, resolveLbfgsOptions(options));
  const xFlat = tf.tensor1d([0.5, 0.9]);
  const d = tf.tensor1d([1, 1]);
  const g = tf.tensor1d([0.5, 0.9]);
  // g·d = 1.4
  const trial = projectedTrial(session, xFlat, d, g, 1.4)(t);
  const result = { f: trial.f, gtd: trial.gtd, decrease: trial.decrease, g: Array.from(trial.g.dataSync()), evaluations: session.evaluations };
  tf.dispose([trial.g, xFlat, d, g]);
  session.release();
  disposeLbfgsPrivate(p);
  expect(tf.memory().numTensors).toBe(before);
  return result;
}

describe('projectedTrial from x = (0.5, 0.9) along d = (1, 1) on f = ½|x|²', () => {
  test('without bounds: the plain point, g(t)·d and t·g·d', () => {
    // x(0.2) = (0.7, 1.1): f = ½(0.49 + 1.21) = 0.85, g(t)·d = 0.7 + 1.1 = 1.8, decrease = 0.2 · 1.4 = 0.28.
    const r = trialAt({}, 0.2);
    expect(r.f).toBeCloseTo(0.85, 6);
    expect(r.gtd).toBeCloseTo(1.8, 6);
    expect(r.decrease).toBeCloseTo(0.28, 12);
    expect(r.evaluations).toBe(1);
  });

  test('in the box [0, 1]: the clipped point, the derivative along the free part of d, g·(x(t) − x)', () => {
    // raw = (0.7, 1.1) → x(0.2) = (0.7, 1.0); f = ½(0.49 + 1) = 0.745; only the first component is still inside,
    // so g(t)·d_inside = 0.7·1 + 1.0·0 = 0.7; the move is (0.2, 0.1): decrease = 0.5·0.2 + 0.9·0.1 = 0.19.
    const r = trialAt({ bounds: { lower: 0, upper: 1 } }, 0.2);
    expect(r.f).toBeCloseTo(0.745, 6);
    expect(r.g[0]).toBeCloseTo(0.7, 6);
    expect(r.g[1]).toBeCloseTo(1, 6);
    expect(r.gtd).toBeCloseTo(0.7, 6);
    expect(r.decrease).toBeCloseTo(0.19, 6);
  });
});

describe('recoverNonFinite from x = 4 after a step of 2 (previous point 2)', () => {
  /** x² while x <= limit, NaN beyond. */
  const nanBeyond = (limit: number): Objective => (x) => {
    const v = x.dataSync()[0] ?? NaN;
    return { loss: v <= limit ? v * v : NaN, gradient: tf.clone(x) };
  };

  test('halves the step back until the loss is finite, then resets the history', () => {
    // x = 4 − 1 = 3 (NaN), x = 3 − 0.5 = 2.5 (finite: 6.25). nonFinite: the call's own 1 + the one at 3.
    const before = tf.memory().numTensors;
    const p = privateAt([4], [2]);
    const session = createLbfgsSession(p, nanBeyond(2.5), resolveLbfgsOptions({}));
    const info = recoverNonFinite(session);
    expect(info?.finite).toBe(true);
    expect(Array.from(p.x.dataSync())).toEqual([2.5]);
    expect(Array.from(p.lastStep?.dataSync() ?? [])).toEqual([0.5]);
    expect(p.cached?.loss).toBe(6.25);
    expect(p.fresh).toBe(true);
    expect([session.evaluations, session.nonFinite, p.evaluations]).toEqual([2, 2, 2]);
    session.release();
    disposeLbfgsPrivate(p);
    expect(tf.memory().numTensors).toBe(before);
  });

  test('within a budget of 3 evaluations finds nothing finite and returns to the previous point', () => {
    // x = 3, 2.5, 2.25 are all NaN (limit 1); the remaining step 0.25 is undone: x = 2, no cache, no last step.
    const before = tf.memory().numTensors;
    const p = privateAt([4], [2]);
    const session = createLbfgsSession(p, nanBeyond(1), resolveLbfgsOptions({ maxEvaluations: 3 }));
    expect(recoverNonFinite(session)).toBeNull();
    expect(Array.from(p.x.dataSync())).toEqual([2]);
    expect(p.lastStep).toBeNull();
    expect(p.cached).toBeNull();
    expect([session.evaluations, session.nonFinite]).toEqual([3, 4]);
    session.release();
    disposeLbfgsPrivate(p);
    expect(tf.memory().numTensors).toBe(before);
  });
});
