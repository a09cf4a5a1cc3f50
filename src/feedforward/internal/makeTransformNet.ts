// Builds a TransformNet from named tensors, checking that exactly the layout's weights are present with
// the layout's shapes.
import * as tf from '@tensorflow/tfjs-core';
import { StylegradError } from '../../errors';
import type { TransformNet, TransformNetArchitecture } from '../types';
import { weightSpecs } from './architecture';

/** Checks `shapes` against the layout; throws a StylegradError naming the weight and both shapes. */
export function checkWeightShapes(
  fn: string,
  argument: string,
  architecture: TransformNetArchitecture,
  shapes: Readonly<Record<string, readonly number[]>>,
  nameOf: (weight: string) => string = (w) => `'${w}'`,
): void {
  const specs = weightSpecs(architecture);
  for (const { name, shape } of specs) {
    const got = shapes[name];
    if (got === undefined) {
      throw new StylegradError(fn, argument, `lacks weight ${nameOf(name)} (shape [${shape.join(', ')}]) of the ${architecture} architecture.`);
    }
    if (got.length !== shape.length || got.some((d, i) => d !== shape[i])) {
      throw new StylegradError(
        fn,
        argument,
        `has weight ${nameOf(name)} of shape [${got.join(', ')}], but the ${architecture} architecture needs [${shape.join(', ')}].`,
      );
    }
  }
  const known = new Set(specs.map((s) => s.name));
  const extra = Object.keys(shapes).filter((n) => !known.has(n));
  if (extra.length > 0) {
    throw new StylegradError(fn, argument, `has weights the ${architecture} architecture does not use: ${extra.map(nameOf).join(', ')}.`);
  }
}

/** Wraps the given tensors (copied into new variables; the caller keeps its tensors) as a TransformNet. */
export function makeTransformNet(architecture: TransformNetArchitecture, tensors: Readonly<Record<string, tf.Tensor>>): TransformNet {
  const weights: Record<string, tf.Variable> = {};
  for (const { name } of weightSpecs(architecture)) {
    const t = tensors[name];
    if (t === undefined) throw new Error(`makeTransformNet: missing '${name}'`);
    weights[name] = tf.variable(t, true);
  }
  let disposed = false;
  return {
    architecture,
    weights,
    dispose() {
      if (disposed) return;
      disposed = true;
      for (const v of Object.values(weights)) v.dispose();
    },
  };
}
