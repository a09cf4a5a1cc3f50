// The custom tfjs-layers classes a saved transformation network needs beyond the stock ones (Conv2D,
// Conv2DTranspose, UpSampling2D, ReLU, Add): reflection padding, instance normalisation and the output
// mapping. Registered with tf.serialization so tf.loadLayersModel can rebuild them (in a browser too,
// once registerTransformNetLayers has run).
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

type Shape = (number | null)[];

function single(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor4D {
  return (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
}

/** Reflection padding of `padding` pixels on each spatial side (PyTorch's ReflectionPad2d). */
export class ReflectionPad2D extends tfl.layers.Layer {
  static readonly className = 'StylegradReflectionPad2D';
  readonly padding: number;

  constructor(args: { padding: number; name?: string }) {
    super(args);
    this.padding = args.padding;
  }

  override computeOutputShape(inputShape: Shape): Shape {
    const p = this.padding;
    const grow = (d: number | null | undefined): number | null => (d == null ? null : d + 2 * p);
    return [inputShape[0] ?? null, grow(inputShape[1]), grow(inputShape[2]), inputShape[3] ?? null];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const p = this.padding;
    return tf.mirrorPad(single(inputs), [[0, 0], [p, p], [p, p], [0, 0]], 'reflect');
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), padding: this.padding };
  }
}

/** Instance normalisation over H, W per image and channel, with learned `gamma` (scale) and `beta` (shift). */
export class InstanceNorm extends tfl.layers.Layer {
  static readonly className = 'StylegradInstanceNorm';
  readonly epsilon: number;
  private gamma: tfl.LayerVariable | undefined;
  private beta: tfl.LayerVariable | undefined;

  constructor(args: { epsilon: number; name?: string }) {
    super(args);
    this.epsilon = args.epsilon;
  }

  override build(inputShape: Shape): void {
    const channels = inputShape[inputShape.length - 1];
    if (typeof channels !== 'number') throw new Error('InstanceNorm needs a known channel count');
    this.gamma = this.addWeight('gamma', [channels], 'float32', tfl.initializers.ones());
    this.beta = this.addWeight('beta', [channels], 'float32', tfl.initializers.zeros());
    this.built = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy('InstanceNorm.call', () => {
      if (this.gamma === undefined || this.beta === undefined) throw new Error('InstanceNorm used before build');
      const x = single(inputs);
      const { mean, variance } = tf.moments(x, [1, 2], true);
      const normalized = tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, this.epsilon)));
      return tf.add(tf.mul(normalized, this.gamma.read()), this.beta.read());
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), epsilon: this.epsilon };
  }
}

/** The output mapping: `tanh(y)·150 + 127.5` (`'tanh'`) or `y` (`'linear'`), then clipped to 0..255. */
export class TransformOutput extends tfl.layers.Layer {
  static readonly className = 'StylegradTransformOutput';
  readonly mode: 'tanh' | 'linear';

  constructor(args: { mode: 'tanh' | 'linear'; name?: string }) {
    super(args);
    this.mode = args.mode;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy('TransformOutput.call', () => {
      const y = single(inputs);
      const image = this.mode === 'tanh' ? tf.add(tf.mul(tf.tanh(y), 150), 127.5) : y;
      return tf.clipByValue(image, 0, 255);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), mode: this.mode };
  }
}

let registered = false;

/** Registers the three classes with tf.serialization (idempotent). */
export function registerLayerClasses(): void {
  if (registered) return;
  registered = true;
  tf.serialization.registerClass(ReflectionPad2D);
  tf.serialization.registerClass(InstanceNorm);
  tf.serialization.registerClass(TransformOutput);
}
