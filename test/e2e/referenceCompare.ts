// Compares extractor features with a PyTorch reference summary (scripts/reference/extractors_*.py).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';

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
