import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { loadKerasH5Weights } from '../../src/io/loadKerasH5Weights';
import { writeKerasH5 } from './writeKerasH5';

describe('loadKerasH5Weights', () => {
  it('reads Keras 2 and Keras 1 weight names as <layer>/kernel and <layer>/bias, with exact values', async () => {
    const k = tf.tensor4d([1, 2, 3, 4, 5, 6], [1, 1, 2, 3]);
    const b = tf.tensor1d([-1, 0.5, 7]);
    const bytes = await writeKerasH5({
      input_1: [],
      conv1: [['conv1_3/kernel:0', k], ['conv1_3/bias:0', b]], // SqueezeNet-style numeric suffix
      'fire2/squeeze1x1': [['fire2/squeeze1x1_3/kernel:0', k], ['fire2/squeeze1x1_3/bias:0', b]], // nested layer name
      old: [['old_W_1:0', k], ['old_b_1:0', b]], // Keras 1
    });
    const before = tf.memory().numTensors;
    const w = await loadKerasH5Weights(bytes, 'test.h5');
    expect(Object.keys(w.tensors).sort()).toEqual(['conv1/bias', 'conv1/kernel', 'fire2/squeeze1x1/bias', 'fire2/squeeze1x1/kernel', 'old/bias', 'old/kernel']);
    expect(w.tensors['fire2/squeeze1x1/kernel']?.shape).toEqual([1, 1, 2, 3]);
    expect(Array.from(w.tensors['old/kernel']?.dataSync() ?? [])).toEqual([1, 2, 3, 4, 5, 6]);
    expect(Array.from(w.tensors['conv1/bias']?.dataSync() ?? [])).toEqual([-1, 0.5, 7]);
    expect(w.source).toBe('test.h5');
    tf.dispose(Object.values(w.tensors));
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([k, b]);
  });

  it('says so when the bytes are not HDF5, or HDF5 without Keras layer names', async () => {
    const json = new TextEncoder().encode('{"weightsManifest": []}');
    await expect(loadKerasH5Weights(json)).rejects.toThrow(
      'loadKerasH5Weights: bytes is not an HDF5 file: the .h5 file does not start with the HDF5 signature 89 48 44 46 0d 0a 1a 0a (got 7b 22 77 65 69 67 68 74).',
    );
    const h5wasm = (await import('h5wasm')).default;
    const { FS } = await h5wasm.ready;
    const f = new h5wasm.File('/plain.h5', 'w');
    f.create_dataset({ name: 'x', data: new Float32Array([1]), shape: [1], dtype: '<f4' });
    f.close();
    const plain = FS.readFile('/plain.h5');
    FS.unlink('/plain.h5');
    await expect(loadKerasH5Weights(plain, 'plain.h5')).rejects.toThrow("plain.h5 is HDF5 but not a Keras weights file: it has no 'layer_names' attribute.");
  });
});
