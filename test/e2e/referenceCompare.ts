// Compares extractor features with a PyTorch reference summary (scripts/reference/extractors_*.py).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';
import type { FeatureExtractor } from '../../src/extractors/types';
import { tensorflowOps } from '../../src/internal/tensorflowOps';
import type { FeatureMap } from '../../src/types';

export interface LayerSummary {
  readonly shape: number[];
  readonly sum: number;
  readonly norm: number;
  readonly maxAbs: number;
  readonly samples: [number, number][];
}

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const DATA = path.resolve(ROOT, '../shared/data');

export function readJson(file: string): unknown {
  return JSON.parse(readFileSync(file, 'utf8'));
}

export function readFixture(name: string): unknown {
  return readJson(path.join(ROOT, 'test/fixtures/reference', name));
}

/** The fixture's uint8 RGB pixels as a float32 [H, W, 3] tensor. */
export function fixtureImage(input: { shape: number[]; base64: string }): tf.Tensor3D {
  const bytes = Buffer.from(input.base64, 'base64');
  return tf.tensor3d(Float32Array.from(bytes), input.shape as [number, number, number]);
}

/**
 * Relative errors of one layer: sum (vs |sum|), L2 norm (vs norm), and the worst sampled entry (vs the
 * layer's max |x|, so near-zero entries do not inflate the ratio).
 */
export function layerErrors(actual: tf.Tensor, reference: LayerSummary): { sum: number; norm: number; samples: number } {
  const values = actual.dataSync();
  let sum = 0;
  let sq = 0;
  for (const v of values) {
    sum += v;
    sq += v * v;
  }
  const samples = Math.max(...reference.samples.map(([i, v]) => Math.abs((values[i] as number) - v) / reference.maxAbs));
  return { sum: Math.abs(sum - reference.sum) / Math.abs(reference.sum), norm: Math.abs(Math.sqrt(sq) - reference.norm) / reference.norm, samples };
}

/**
 * Expects every layer of `reference` to match `features` (shape; sum, norm and sampled entries to relative
 * error < 1e-4) and returns the worst relative error seen.
 */
export function expectFeaturesMatchReference(features: FeatureMap, reference: Readonly<Record<string, LayerSummary>>): number {
  let worst = 0;
  for (const [name, ref] of Object.entries(reference)) {
    const actual = features[name] as tf.Tensor4D;
    expect(actual.shape, name).toEqual(ref.shape);
    const e = layerErrors(actual, ref);
    worst = Math.max(worst, e.sum, e.norm, e.samples);
    expect(e.sum, `${name} sum`).toBeLessThan(1e-4);
    expect(e.norm, `${name} norm`).toBeLessThan(1e-4);
    expect(e.samples, `${name} samples`).toBeLessThan(1e-4);
  }
  return worst;
}

/**
 * The input gradient of `mean(feature²)` summed over `layers`, through `fast`, compared with `stock` (the extractor
 * built with `fastInputGradient: false`) and with `fast` on the portable path (TensorFlow-specific ops off): each as
 * max |difference| / max |reference|. Frees everything it made.
 */
export function compareInputGradients(fast: FeatureExtractor, stock: FeatureExtractor, image: tf.Tensor4D, layers: readonly string[]): { vsStock: number; vsPortable: number } {
  const loss = (e: FeatureExtractor) => (x: tf.Tensor): tf.Scalar =>
    tf.addN(Object.values(e.extract(x as tf.Tensor4D, layers)).map((t) => tf.mean(tf.square(t)))) as tf.Scalar;
  const g = tf.grad(loss(fast))(image);
  const gStock = tf.grad(loss(stock))(image);
  tensorflowOps.enabled = false;
  let gPortable: tf.Tensor;
  try {
    gPortable = tf.grad(loss(fast))(image);
  } finally {
    tensorflowOps.enabled = true;
  }
  const rel = (a: tf.Tensor, b: tf.Tensor): number => tf.tidy(() => (tf.max(tf.abs(tf.sub(a, b))).dataSync()[0] as number) / (tf.max(tf.abs(b)).dataSync()[0] as number));
  const result = { vsStock: rel(g, gStock), vsPortable: rel(g, gPortable) };
  tf.dispose([g, gStock, gPortable]);
  return result;
}
