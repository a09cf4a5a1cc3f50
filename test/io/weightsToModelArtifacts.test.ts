import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { weightsToModelArtifacts } from '../../src/io/weightsToModelArtifacts';
import { loadTfjsWeights } from '../../src/io/loadTfjsWeights';

describe('weightsToModelArtifacts', () => {
  const values = [1, -2, 65504, 1e-8, 0.1, 6.1035156e-5, 3, 0];

  it('float32 round-trips exactly through tf.io.fromMemory and loadTfjsWeights', async () => {
    const t = tf.tensor2d(values, [2, 4]);
    const artifacts = await weightsToModelArtifacts({ 'a/kernel': t });
    expect(artifacts.weightSpecs).toEqual([{ name: 'a/kernel', shape: [2, 4], dtype: 'float32' }]);
    const w = await loadTfjsWeights(tf.io.fromMemory(artifacts));
    expect(Array.from(w.tensors['a/kernel']?.dataSync() ?? [])).toEqual(Array.from(Float32Array.from(values)));
    tf.dispose([t, ...Object.values(w.tensors)]);
  });

  it('float16 stores IEEE half values (hand-checked) that tfjs decodes', async () => {
    const t = tf.tensor1d(values);
    const artifacts = await weightsToModelArtifacts({ v: t }, { quantize: 'float16' });
    const bits = Array.from(new Uint16Array(artifacts.weightData as ArrayBuffer));
    // 1 → 0x3c00; −2 → 0xc000; 65504 (largest half) → 0x7bff; 1e-8 underflows → 0; 0.1 → 0x2e66 (0.0999755859375);
    // 2^-14 ≈ 6.1035156e-5 (smallest normal) → 0x0400; 3 → 0x4200; 0 → 0.
    expect(bits).toEqual([0x3c00, 0xc000, 0x7bff, 0, 0x2e66, 0x0400, 0x4200, 0]);
    const w = await loadTfjsWeights(tf.io.fromMemory(artifacts));
    expect(Array.from(w.tensors.v?.dataSync() ?? []).map((x) => Number(x.toPrecision(6)))).toEqual([1, -2, 65504, 0, 0.0999756, 0.0000610352, 3, 0]);
    tf.dispose([t, ...Object.values(w.tensors)]);
  });

  it('uint8 stores q with value = q·scale + min, within scale/2 of the original', async () => {
    // min −2, max 10: scale = 12/255; 1 → q = round(3/scale) = round(63.75) = 64.
    const t = tf.tensor1d([-2, 1, 10, 4]);
    const artifacts = await weightsToModelArtifacts({ v: t }, { quantize: 'uint8' });
    const spec = artifacts.weightSpecs?.[0];
    expect(spec?.quantization).toEqual({ dtype: 'uint8', scale: 12 / 255, min: -2 });
    expect(Array.from(new Uint8Array(artifacts.weightData as ArrayBuffer))).toEqual([0, 64, 255, 128]);
    const w = await loadTfjsWeights(tf.io.fromMemory(artifacts));
    const back = Array.from(w.tensors.v?.dataSync() ?? []);
    [-2, 1, 10, 4].forEach((v, i) => expect(Math.abs((back[i] as number) - v)).toBeLessThanOrEqual(6 / 255 + 1e-6));
    tf.dispose([t, ...Object.values(w.tensors)]);
  });

  it('rejects unknown quantization and non-float32 tensors', async () => {
    const i = tf.tensor1d([1], 'int32');
    await expect(weightsToModelArtifacts({ i }, { quantize: 'int4' as 'uint8' })).rejects.toThrow(/options.quantize must be one of 'float32', 'float16', 'uint8'/);
    await expect(weightsToModelArtifacts({ i })).rejects.toThrow("weightsToModelArtifacts: weights has weight 'i' of dtype int32; only float32 weights can be encoded.");
    i.dispose();
  });
});
