// Shared by the unit and e2e pretrained-network tests: compares stylegrad's output to the PyTorch
// float64 reference of scripts/reference/feedforward_pretrained.py on the fixture's real pixels.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';
import { applyTransform } from '../../src/feedforward/applyTransform';
import { transformForward } from '../../src/feedforward/internal/forward';
import type { TransformNet } from '../../src/feedforward/types';

export const DATA = path.resolve(import.meta.dirname, '../../../shared/data');
export interface StyleRef { uncroppedShape: number[]; channelMean: number[]; channelStd: number[]; clippedMean: number; preTanh: number[]; preClip: number[] }
export interface CaseRef { shape: [number, number, number, number]; pixels: number[]; positions: [number, number, number, number][]; styles: Record<string, StyleRef> }
export const reference = JSON.parse(
  readFileSync(path.resolve(import.meta.dirname, '../fixtures/reference/feedforward_pretrained.json'), 'utf8'),
) as { cases: Record<string, CaseRef> };

/** ‖actual − expected‖ / ‖expected‖. */
export function relativeError(actual: readonly number[], expected: readonly number[]): number {
  let num = 0;
  let den = 0;
  expected.forEach((e, i) => {
    num += ((actual[i] as number) - e) ** 2;
    den += e ** 2;
  });
  return Math.sqrt(num / den);
}

/** Runs `net` on the case's pixels, asserts every comparison below 1e-4 and returns the errors. */
export function expectMatchesReference(net: TransformNet, ref: CaseRef, style: string): Record<string, number> {
  const expected = ref.styles[style] as StyleRef;
  const [, h, w] = ref.shape;
  const flat = (shape: readonly number[], [b, i, j, c]: readonly number[]): number =>
    (((b as number) * (shape[1] as number) + (i as number)) * (shape[2] as number) + (j as number)) * 3 + (c as number);
  const input = tf.tensor4d(ref.pixels, ref.shape, 'float32');
  const raw = transformForward(net, input, true);
  expect(raw.shape.slice(1)).toEqual(expected.uncroppedShape.slice(1));
  const rawValues = raw.dataSync();
  const styledT = applyTransform(net, input);
  expect(styledT.shape).toEqual(ref.shape);
  const styled = styledT.dataSync();
  const preTanh = ref.positions.map((p) => rawValues[flat(raw.shape, p)] as number);
  const preClip = preTanh.map((y) => Math.tanh(y) * 150 + 127.5);
  // The returned image is the clipped pre-clip output at the same positions.
  ref.positions.forEach((p, k) => {
    expect(styled[flat(ref.shape, p)]).toBeCloseTo(Math.min(255, Math.max(0, expected.preClip[k] as number)), 2);
  });
  const [mean, std] = tf.tidy(() => {
    const out = tf.slice(tf.add(tf.mul(tf.tanh(raw), 150), 127.5), [0, 0, 0, 0], [-1, h, w, 3]);
    const m = tf.moments(out, [0, 1, 2]);
    return [m.mean.arraySync() as number[], tf.sqrt(m.variance).arraySync() as number[]];
  });
  const clippedMean = tf.tidy(() => tf.mean(styledT).dataSync()[0] as number);
  const errors = {
    preTanh: relativeError(preTanh, expected.preTanh),
    preClip: relativeError(preClip, expected.preClip),
    channelMean: relativeError(mean, expected.channelMean),
    channelStd: relativeError(std, expected.channelStd),
    clippedMean: Math.abs(clippedMean - expected.clippedMean) / expected.clippedMean,
  };
  for (const value of Object.values(errors)) expect(value).toBeLessThan(1e-4);
  tf.dispose([input, raw, styledT]);
  return errors;
}
