// A tiny deterministic two-layer conv network implementing FeatureExtractor, for fast stylize unit tests on the
// cpu and wasm backends (the real VGG-19 runs in test/e2e).
import * as tf from '@tensorflow/tfjs-core';
import type { FeatureExtractor } from '../../src/extractors/types';
import type { FeatureMap } from '../../src/types';

function weights(shape: [number, number, number, number], phase: number): tf.Tensor4D {
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor4d(Array.from({ length: n }, (_, i) => Math.sin(i * 1.7 + phase) * 0.3), shape);
}

export function tinyExtractor(): FeatureExtractor {
  const k1 = weights([3, 3, 3, 4], 0.1);
  const k2 = weights([3, 3, 4, 8], 0.7);
  return {
    id: 'tiny',
    layers: ['a', 'b'],
    extract(image, layers): FeatureMap {
      return tf.tidy(() => {
        const x = image.rank === 3 ? tf.expandDims<tf.Tensor4D>(image, 0) : (image as tf.Tensor4D);
        const a = tf.relu(tf.conv2d(tf.div<tf.Tensor4D>(tf.sub(x, 120), 4), k1, 1, 'same'));
        const out: Record<string, tf.Tensor4D> = {};
        if (layers.includes('a')) out.a = a;
        if (layers.includes('b')) out.b = tf.relu(tf.conv2d(tf.avgPool<tf.Tensor4D>(a, 2, 2, 'valid'), k2, 1, 'same'));
        return out;
      });
    },
    dispose() {
      tf.dispose([k1, k2]);
    },
  };
}

/** A 16×16 RGB test image: smooth gradients plus a pattern that depends on `phase`. */
export function testImage(phase: number, size = 16): tf.Tensor3D {
  const values: number[] = [];
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      for (let c = 0; c < 3; c++) values.push(127.5 + 100 * Math.sin((x * (c + 1) + y * 2) * 0.4 + phase));
    }
  }
  return tf.tensor3d(values, [size, size, 3]);
}
