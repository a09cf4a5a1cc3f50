// The machinery every built-in extractor shares: a chain of steps (a conv, a pool, a fire module), each
// answering to one or more layer names, run only as deep as the deepest requested layer, in one pass.
import * as tf from '@tensorflow/tfjs-core';
import { StylegradError } from '../../errors';
import { describe } from '../../internal/validate';
import type { FeatureMap } from '../../types';
import { preprocessImage, type Preprocessing } from '../preprocessImage';
import type { FeatureExtractor } from '../types';
import { assertImage } from './assertImage';

/** One link of the chain. */
export interface Step {
  /** Names answered by this step's output (for convs: after the ReLU). */
  readonly names: readonly string[];
  /** Names answered by the step's output before its activation (convs only; may be empty). */
  readonly preActivationNames: readonly string[];
  /** Why the step cannot run (its weights are missing, naming the file), or undefined. */
  readonly unavailable: string | undefined;
  /** Output height (or width) for an input of `n` pixels; absent: unchanged ('same' convs). */
  readonly outputSize?: (n: number) => number;
  /** Runs the step; `pre` is returned only when `wantPre`. */
  run(x: tf.Tensor4D, wantPre: boolean): { out: tf.Tensor4D; pre?: tf.Tensor4D };
}

/** Builds a FeatureExtractor from steps; `release` frees the steps' tensors on dispose. */
export function sequentialExtractor(id: string, steps: readonly Step[], preprocessing: Preprocessing, release: () => void): FeatureExtractor {
  const where = new Map<string, { index: number; pre: boolean }>();
  const layers: string[] = [];
  steps.forEach((step, index) => {
    for (const name of step.names) {
      where.set(name, { index, pre: false });
      layers.push(name);
    }
    for (const name of step.preActivationNames) {
      where.set(name, { index, pre: true });
      layers.push(name);
    }
  });
  let disposed = false;
  const fn = `${id}.extract`;

  const extract = (image: tf.Tensor3D | tf.Tensor4D, requested: readonly string[]): FeatureMap => {
    if (disposed) throw new StylegradError(fn, 'this', 'is an extractor that has been disposed.');
    assertImage(fn, 'image', image);
    const list: unknown = requested;
    if (!Array.isArray(list) || list.length === 0) {
      throw new StylegradError(fn, 'layers', `must be a non-empty array of layer names; got ${describe(requested)}.`);
    }
    let depth = -1;
    let deepest = '';
    const preWanted = new Set<number>();
    for (const name of requested as readonly unknown[]) {
      const at = typeof name === 'string' ? where.get(name) : undefined;
      if (at === undefined) {
        throw new StylegradError(fn, 'layers', `contains unknown layer ${describe(name)} for ${id}; valid layers: ${layers.join(', ')}.`);
      }
      if (at.index > depth) deepest = name as string;
      depth = Math.max(depth, at.index);
      if (at.pre) preWanted.add(at.index);
    }
    assertLargeEnough(fn, id, steps, depth, deepest, image.shape);
    for (let i = 0; i <= depth; i++) {
      const why = steps[i]?.unavailable;
      if (why !== undefined) {
        throw new StylegradError(fn, 'layers', `needs layer '${steps[i]?.names[0] ?? '?'}' of ${id}, which cannot run: ${why}.`);
      }
    }
    return tf.tidy(fn, () => {
      const outputs = new Map<string, tf.Tensor4D>();
      let x = preprocessImage(image, preprocessing);
      for (let i = 0; i <= depth; i++) {
        const step = steps[i] as Step;
        const { out, pre } = step.run(x, preWanted.has(i));
        for (const name of step.names) outputs.set(name, out);
        if (pre !== undefined) for (const name of step.preActivationNames) outputs.set(name, pre);
        x = out;
      }
      const result: Record<string, tf.Tensor4D> = {};
      // A name asked for twice, or two aliases of one tensor, must still give the caller distinct tensors
      // that can each be disposed.
      const handedOut = new Set<tf.Tensor>();
      for (const name of requested) {
        const t = outputs.get(name) as tf.Tensor4D;
        result[name] = handedOut.has(t) ? tf.clone(t) : t;
        handedOut.add(result[name]);
      }
      return result;
    });
  };

  return {
    id,
    layers,
    extract,
    dispose: () => {
      if (disposed) return;
      disposed = true;
      release();
    },
  };
}

/** The spatial size after steps 0..depth for an input of `n` pixels per side (0 when a step has nothing left). */
function sizeAfter(steps: readonly Step[], depth: number, n: number): number {
  let size = n;
  for (let i = 0; i <= depth && size > 0; i++) size = Math.max(0, steps[i]?.outputSize?.(size) ?? size);
  return size;
}

/** Throws, naming the smallest side that works, when `shape`'s height or width is too small to reach step `depth`. */
function assertLargeEnough(fn: string, id: string, steps: readonly Step[], depth: number, layer: string, shape: readonly number[]): void {
  const [h, w] = shape.slice(-3) as [number, number];
  if (sizeAfter(steps, depth, h) >= 1 && sizeAfter(steps, depth, w) >= 1) return;
  let min = Math.max(h, w, 1);
  while (sizeAfter(steps, depth, min) < 1) min++;
  while (min > 1 && sizeAfter(steps, depth, min - 1) >= 1) min--;
  throw new StylegradError(fn, 'image', `is ${h}×${w} but layer '${layer}' of ${id} needs at least ${min}×${min} pixels (${min} per side, from its strides and pools); resize the image or request a shallower layer.`);
}
