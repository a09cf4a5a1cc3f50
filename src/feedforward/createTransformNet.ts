import * as tf from '@tensorflow/tfjs-core';
import { StylegradError } from '../errors';
import { describe } from '../internal/validate';
import { weightSpecs } from './internal/architecture';
import { makeTransformNet } from './internal/makeTransformNet';
import type { TransformNet } from './types';

/**
 * Options for {@link createTransformNet}.
 *
 * @example
 * ```ts
 * const options: CreateTransformNetOptions = { seed: 42 };
 * ```
 * @category Feed-forward
 */
export interface CreateTransformNetOptions {
  /** Seed of the weight initialisation (an integer); the same seed gives the same network. Default: random. */
  readonly seed?: number;
}

/**
 * Creates an untrained `'pytorch-examples'` transformation network (Johnson et al. 2016 as in
 * pytorch/examples `fast_neural_style`): 9×9 conv 3→32, 3×3/2 convs 32→64→128, five residual blocks of
 * 128, two nearest-neighbour ×2 upsample + 3×3 convs 128→64→32, 9×9 conv 32→3; reflection padding,
 * instance norm (ε 1e-5) + ReLU after every conv but the last. Initialised as PyTorch does: kernels and
 * biases uniform in ±1/√fan_in, norm scale 1 and shift 0. Train it with {@link trainTransformNet}.
 *
 * @param options - `seed`.
 * @returns A new network owning its weights (call `dispose()`).
 * @throws {@link StylegradError} when `seed` is not an integer.
 * @example
 * ```ts
 * const net = createTransformNet({ seed: 1 });
 * const out = applyTransform(net, tf.zeros([64, 64, 3]));
 * ```
 * @category Feed-forward
 */
export function createTransformNet(options: CreateTransformNetOptions = {}): TransformNet {
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
  if (!Number.isInteger(seed)) throw new StylegradError('createTransformNet', 'options.seed', `must be an integer; got ${describe(seed)}.`);
  const tensors = tf.tidy('createTransformNet', () => {
    const out: Record<string, tf.Tensor> = {};
    const specs = weightSpecs('pytorch-examples');
    const fanIn = new Map<string, number>();
    specs.forEach(({ name, shape }, i) => {
      const stage = name.split('/')[0] ?? name;
      if (name.endsWith('/kernel')) fanIn.set(stage, (shape[0] ?? 1) * (shape[1] ?? 1) * (shape[2] ?? 1));
      if (name.endsWith('/gamma')) out[name] = tf.ones(shape);
      else if (name.endsWith('/beta')) out[name] = tf.zeros(shape);
      else {
        const bound = 1 / Math.sqrt(fanIn.get(stage) ?? 1);
        out[name] = tf.randomUniform(shape, -bound, bound, 'float32', seed + i);
      }
    });
    return out;
  });
  try {
    return makeTransformNet('pytorch-examples', tensors);
  } finally {
    tf.dispose(Object.values(tensors));
  }
}
