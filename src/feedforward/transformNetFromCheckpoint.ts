import * as tf from '@tensorflow/tfjs-core';
import { StylegradError } from '../errors';
import type { DeeplearnCheckpoint } from '../io/loadDeeplearnCheckpoint';
import { describe } from '../internal/validate';
import { assertFiniteArray } from '../internal/assertFiniteWeights';
import { weightSpecs } from './internal/architecture';
import { checkWeightShapes, makeTransformNet } from './internal/makeTransformNet';
import type { TransformNet } from './types';

const FN = 'transformNetFromCheckpoint';

/**
 * Builds a `'lengstrom'` {@link TransformNet} from a deeplearn.js checkpoint of a pretrained fast-style
 * network (lengstrom/fast-style-transfer, as published by reiinakano and ml5). The checkpoint's variables
 * `Variable`, `Variable_1` … `Variable_47` are taken in creation order: for each conv its kernel, then
 * the instance-norm shift (beta), then the scale (gamma); conv1, conv2, conv3, the five residual blocks
 * (conv a then conv b), the two transposed convs (kernels `[3, 3, out, in]`) and the output conv.
 *
 * @param checkpoint - From {@link loadDeeplearnCheckpoint}.
 * @returns A new network owning its weights (call `dispose()`).
 * @throws {@link StylegradError} when a variable is missing, a shape does not match the architecture
 * (naming the variable, its role and both shapes), there are extra variables, or a variable's values are
 * not a Float32Array of the shape's size or hold NaN or ±Infinity.
 * @example
 * ```ts
 * const checkpoint = await loadDeeplearnCheckpoint(manifest, fetchBytes);
 * const net = transformNetFromCheckpoint(checkpoint);
 * const styled = applyTransform(net, image);
 * net.dispose();
 * ```
 * @category Feed-forward
 */
export function transformNetFromCheckpoint(checkpoint: DeeplearnCheckpoint): TransformNet {
  if (typeof checkpoint !== 'object' || checkpoint === null) {
    throw new StylegradError(FN, 'checkpoint', `must be the object loadDeeplearnCheckpoint returns; got ${describe(checkpoint)}.`);
  }
  const specs = weightSpecs('lengstrom');
  const variableOf = (i: number): string => (i === 0 ? 'Variable' : `Variable_${i}`);
  const weightToVariable = new Map(specs.map((s, i) => [s.name, variableOf(i)]));
  const variableToWeight = new Map(specs.map((s, i) => [variableOf(i), s.name]));
  const shapes: Record<string, readonly number[]> = {};
  for (const [variable, entry] of Object.entries(checkpoint)) {
    shapes[variableToWeight.get(variable) ?? variable] = entry.shape;
  }
  checkWeightShapes(FN, 'checkpoint', 'lengstrom', shapes, (w) => {
    const v = weightToVariable.get(w);
    return v === undefined ? `'${w}'` : `'${v}' ('${w}')`;
  });
  for (const [variable, entry] of Object.entries(checkpoint)) checkValues(variable, entry);
  const tensors = tf.tidy('transformNetFromCheckpoint', () =>
    Object.fromEntries(
      specs.map((s, i) => {
        const entry = checkpoint[variableOf(i)];
        if (entry === undefined) throw new Error(`missing ${variableOf(i)}`);
        return [s.name, tf.tensor(entry.values, [...entry.shape], 'float32')];
      }),
    ),
  );
  try {
    return makeTransformNet('lengstrom', tensors);
  } finally {
    tf.dispose(Object.values(tensors));
  }
}

/** Throws unless `entry.values` is a Float32Array of `product(shape)` finite values. */
function checkValues(variable: string, entry: DeeplearnCheckpoint[string]): void {
  const count = entry.shape.reduce((a, b) => a * b, 1);
  if (!(entry.values instanceof Float32Array) || entry.values.length !== count) {
    throw new StylegradError(FN, `checkpoint.${variable}.values`, `must be a Float32Array of ${count} values (shape [${entry.shape.join(', ')}]); got ${describe(entry.values)}.`);
  }
  assertFiniteArray(FN, `checkpoint.${variable}`, variable, entry.values, 'the checkpoint');
}
