import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { createSqueezeNetExtractor } from '../../src/extractors/createSqueezeNetExtractor';
import { FIRES, randomSqueezeNetWeights } from './squeezeNetWeights';
import { pick } from './vggWeights';

describe('createSqueezeNetExtractor', () => {
  const weights = randomSqueezeNetWeights();
  afterAll(() => tf.dispose(Object.values(weights)));

  it('has the SqueezeNet 1.1 layers with Keras shapes (3×3/2 valid conv and pools, floor)', () => {
    const squeeze = createSqueezeNetExtractor(weights);
    expect(squeeze.id).toBe('squeezenet1.1');
    expect(squeeze.layers).toEqual(['conv1', 'pool1', 'fire2', 'fire3', 'pool3', 'fire4', 'fire5', 'pool5', 'fire6', 'fire7', 'fire8', 'fire9']);
    // 35 → conv1 floor((35−3)/2)+1 = 17 → pool1 floor((17−3)/2)+1 = 8 → pool3 3 → pool5 1.
    const image = tf.randomUniform([35, 35, 3], 0, 255, 'float32', 2) as tf.Tensor3D;
    const f = squeeze.extract(image, squeeze.layers);
    const shapes = Object.fromEntries(Object.entries(f).map(([k, v]) => [k, v.shape]));
    expect(shapes).toEqual({
      conv1: [1, 17, 17, 64], pool1: [1, 8, 8, 64], fire2: [1, 8, 8, 128], fire3: [1, 8, 8, 128], pool3: [1, 3, 3, 128],
      fire4: [1, 3, 3, 256], fire5: [1, 3, 3, 256], pool5: [1, 1, 1, 256], fire6: [1, 1, 1, 384], fire7: [1, 1, 1, 384],
      fire8: [1, 1, 1, 512], fire9: [1, 1, 1, 512],
    });
    tf.dispose([image, ...Object.values(f)]);
    squeeze.dispose();
  });

  it('concatenates a fire module as [expand1x1, expand3x3] after ReLU', () => {
    // Zero kernels: every output is relu(bias). expand1x1 bias 5, expand3x3 bias 7, or −1 (→ 0 after ReLU).
    const w: Record<string, tf.Tensor> = { ...weights };
    const [, cin, sq, ex] = FIRES[0] as [string, number, number, number];
    const made = [
      (w['fire2/squeeze1x1/kernel'] = tf.zeros([1, 1, cin, sq])),
      (w['fire2/expand1x1/kernel'] = tf.zeros([1, 1, sq, ex])),
      (w['fire2/expand3x3/kernel'] = tf.zeros([3, 3, sq, ex])),
      (w['fire2/expand1x1/bias'] = tf.concat([tf.fill([ex - 1], 5), tf.tensor1d([-1])])),
      (w['fire2/expand3x3/bias'] = tf.fill([ex], 7)),
    ];
    const squeeze = createSqueezeNetExtractor(w);
    const image = tf.randomUniform([1, 16, 16, 3], 0, 255) as tf.Tensor4D;
    const fire2 = pick(squeeze.extract(image, ['fire2']), 'fire2');
    const pixel = Array.from(fire2.dataSync().slice(0, 2 * ex));
    expect(pixel).toEqual([...Array<number>(ex - 1).fill(5), 0, ...Array<number>(ex).fill(7)]);
    tf.dispose([image, fire2, ...made]);
    squeeze.dispose();
  });

  it('fast input gradient equals the stock gradient', () => {
    const fast = createSqueezeNetExtractor(weights);
    const stock = createSqueezeNetExtractor(weights, { fastInputGradient: false });
    const image = tf.randomUniform([1, 23, 23, 3], 0, 255, 'float32', 3) as tf.Tensor4D;
    const loss = (e: typeof fast) => (x: tf.Tensor): tf.Scalar => tf.sum(tf.square(pick(e.extract(x as tf.Tensor4D, ['fire5']), 'fire5')));
    const a = tf.grad(loss(fast))(image);
    const b = tf.grad(loss(stock))(image);
    const scale = tf.max(tf.abs(b)).dataSync()[0] as number;
    expect(scale).toBeGreaterThan(0);
    expect(tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]).toBeLessThanOrEqual(1e-5 * scale);
    tf.dispose([image, a, b]);
    fast.dispose();
    stock.dispose();
  });

  it('reports misshapen weights and unknown layers; leaks nothing', () => {
    const before = tf.memory().numTensors;
    const bad = tf.zeros([1, 1, 64, 8]);
    expect(() => createSqueezeNetExtractor({ ...weights, 'fire2/squeeze1x1/kernel': bad })).toThrow(
      "createSqueezeNetExtractor: weights has weight 'fire2/squeeze1x1/kernel' of shape [1, 1, 64, 8], but squeezenet1.1 needs [1, 1, 64, 16].",
    );
    bad.dispose();
    const squeeze = createSqueezeNetExtractor(weights, { pooling: 'average' });
    const image = tf.randomUniform([16, 16, 3], 0, 255) as tf.Tensor3D;
    expect(() => squeeze.extract(image, ['fire10'])).toThrow(/unknown layer 'fire10' for squeezenet1\.1; valid layers: conv1, pool1, fire2,/);
    tf.dispose(Object.values(squeeze.extract(image, ['conv1', 'fire3'])));
    const g = tf.grad((x: tf.Tensor) => tf.sum(pick(squeeze.extract(x as tf.Tensor3D, ['fire4']), 'fire4')))(image);
    tf.dispose([g, image]);
    squeeze.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
