// One stylize scale's loss behind one interface, whole (untiledLoss, here) or tiled (tiledScaleLoss.ts).
import * as tf from '@tensorflow/tfjs-core';
import type { CombinedLoss } from '../../losses/combineLosses';
import type { Objective } from '../../optimizers/types';
import type { LossTerms } from '../types';
import { buildLoss, type TermName } from './buildLoss';
import { networkInput, type ColourPrepared } from './colourControl';
import type { StylizePlan } from './resolveOptions';

/** The loss terms of each objective evaluation, newest last. */
export type LossLog = { loss: number; terms: LossTerms }[];

/** One scale's loss, whole or tiled: the optimiser's objective, a forward-only evaluation, and its tiles. */
export interface ScaleLoss {
  /** Tiles per pass, 0 when untiled. */
  readonly tiles: number;
  /** The objective; each evaluation's terms are pushed onto `log`. */
  objective(log: LossLog): Objective;
  /** The loss terms at `x` (optimised-image channels), forward only. */
  evaluate(x: tf.Tensor4D): LossTerms;
  /** Called before each iteration (tiled scales shift their tile boundaries). */
  setIteration(iteration: number): void;
  dispose(): void;
}

/** The whole-image loss of one scale (see buildLoss). */
export function untiledLoss(plan: StylizePlan, prepared: ColourPrepared, height: number, width: number): ScaleLoss {
  const { loss, names } = buildLoss(plan, prepared, height, width);
  return {
    tiles: 0,
    objective: (log) => makeObjective(plan, prepared, loss, names, [1, height, width, prepared.channels], log),
    evaluate: (x) => evaluate(plan, loss, names, x, prepared.channels),
    setIteration: () => undefined,
    dispose: () => {
      loss.dispose();
    },
  };
}

/** [total, ...terms] of the loss at `image` (inside a tidy or a gradient scope). */
function lossVector(plan: StylizePlan, loss: CombinedLoss, names: readonly TermName[], image: tf.Tensor4D): tf.Tensor1D {
  const features = plan.extractor.extract(image, loss.layers);
  const { total, terms } = loss({ image, features });
  return tf.stack([total, ...names.map((name) => terms[name] ?? tf.scalar(0))]) as tf.Tensor1D;
}

function toTerms(values: ArrayLike<number>, names: readonly TermName[]): LossTerms {
  const out: Record<string, number> = { total: values[0] ?? Number.NaN };
  names.forEach((name, i) => {
    out[name] = values[i + 1] ?? Number.NaN;
  });
  return out as unknown as LossTerms;
}

function makeObjective(plan: StylizePlan, prepared: ColourPrepared, loss: CombinedLoss, names: readonly TermName[], shape: [number, number, number, number], log: LossLog): Objective {
  return (x) => {
    let vector: tf.Tensor1D | null = null;
    const { value, grad } = tf.valueAndGrad((t: tf.Tensor) => {
      const image = networkInput(tf.reshape(t, shape), prepared.channels);
      const v = lossVector(plan, loss, names, image);
      vector = tf.keep(v);
      return tf.reshape<tf.Rank.R0>(tf.slice(v, [0], [1]), []);
    })(x);
    value.dispose();
    const kept = vector as tf.Tensor1D | null;
    const values = kept === null ? [Number.NaN] : Array.from(kept.dataSync());
    kept?.dispose();
    const terms = toTerms(values, names);
    log.push({ loss: terms.total, terms });
    return { loss: terms.total, gradient: grad };
  };
}

/** The loss terms at `x` (optimised-image channels), forward only. */
function evaluate(plan: StylizePlan, loss: CombinedLoss, names: readonly TermName[], x: tf.Tensor4D, channels: 1 | 3): LossTerms {
  const vector = tf.tidy('scaleLoss.evaluate', () => lossVector(plan, loss, names, networkInput(x, channels)));
  const values = Array.from(vector.dataSync());
  vector.dispose();
  return toTerms(values, names);
}
