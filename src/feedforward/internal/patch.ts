// A patch is a window of one layer's activation map, placed in that layer's whole-image grid. The operations
// here run one stage of the transformation network on a patch exactly as the whole-image forward pass
// (forward.ts) would compute those pixels: the whole image's padding (reflection, or TensorFlow's 'same' zero
// padding with its size-dependent split) is added only on sides where the patch reaches the image's edge; on
// the other sides the patch's own pixels are the neighbours, and the result shrinks to the pixels whose whole
// neighbourhood was present. Every function returns new tensors and is meant to run inside a caller's tidy.
import * as tf from '@tensorflow/tfjs-core';
import type { TransformNet, TransformNetArchitecture } from '../types';
import type { ConvSpec } from './architecture';

/** A half-open interval `[start, end)` of rows or columns. */
export type Span = readonly [number, number];

/** A window of an activation map: rows × columns of a grid of `gridHeight × gridWidth` (the whole image's map). */
export interface Patch {
  /** `[1, rows, columns, channels]`. */
  readonly tensor: tf.Tensor4D;
  readonly rows: Span;
  readonly columns: Span;
  readonly gridHeight: number;
  readonly gridWidth: number;
}

/** Per-channel instance-norm statistics of the whole image and the layer's affine parameters. */
export interface NormStats {
  readonly mean: Float32Array;
  readonly variance: Float32Array;
  readonly epsilon: number;
  readonly gamma: tf.Tensor;
  readonly beta: tf.Tensor;
}

/** How the whole image's map is padded along one axis for a conv, and its output length. */
interface AxisPadding {
  readonly before: number;
  readonly after: number;
  readonly output: number;
}

function axisPadding(architecture: TransformNetArchitecture, length: number, size: number, stride: number): AxisPadding {
  if (architecture === 'pytorch-examples') {
    const p = Math.floor(size / 2);
    return { before: p, after: p, output: Math.floor((length + 2 * p - size) / stride) + 1 };
  }
  // TensorFlow 'same': output ⌈n/s⌉, total padding split with the smaller half first.
  const output = Math.ceil(length / stride);
  const total = Math.max((output - 1) * stride + size - length, 0);
  const before = Math.floor(total / 2);
  return { before, after: total - before, output };
}

/** What to pad and slice along one axis so that a 'valid' strided conv yields whole-image outputs. */
interface AxisPlan {
  readonly padBefore: number;
  readonly padAfter: number;
  readonly offset: number;
  readonly length: number;
  readonly out: Span;
}

function axisPlan(span: Span, grid: number, pad: AxisPadding, size: number, stride: number, what: string): AxisPlan {
  const [a, b] = span;
  const padBefore = a === 0 ? pad.before : 0;
  const padAfter = b === grid ? pad.after : 0;
  const first = a - padBefore; // the padded patch covers [first, last) in the padded whole-image frame
  const last = b + padAfter;
  const o0 = Math.max(0, Math.ceil((first + pad.before) / stride));
  const start = stride * o0 - pad.before;
  const count = Math.floor((last - start - size) / stride) + 1;
  if (count < 1) throw new Error(`tiled forward: a patch of ${b - a} ${what} is too small for a ${size}×${size} conv`);
  return { padBefore, padAfter, offset: start - first, length: (count - 1) * stride + size, out: [o0, o0 + count] };
}

function kernelOf(net: TransformNet, spec: ConvSpec): tf.Tensor4D {
  const kernel = net.weights[`${spec.name}/kernel`];
  if (kernel === undefined) throw new Error(`transform network has no weight '${spec.name}/kernel'`);
  return kernel as tf.Tensor as tf.Tensor4D;
}

/** A conv stage of `spec` (with its bias, before any norm) on a patch. */
export function convPatch(net: TransformNet, spec: ConvSpec, patch: Patch): Patch {
  const kernel = kernelOf(net, spec);
  let result: Patch;
  if (spec.kind === 'deconv') result = deconvPatch(kernel, spec, patch);
  else {
    const input = spec.kind === 'upconv' ? upsamplePatch(patch, spec.stride) : patch;
    const stride = spec.kind === 'upconv' ? 1 : spec.stride;
    const rowPad = axisPadding(net.architecture, input.gridHeight, spec.size, stride);
    const columnPad = axisPadding(net.architecture, input.gridWidth, spec.size, stride);
    const r = axisPlan(input.rows, input.gridHeight, rowPad, spec.size, stride, 'rows');
    const c = axisPlan(input.columns, input.gridWidth, columnPad, spec.size, stride, 'columns');
    const paddings: [number, number][] = [[0, 0], [r.padBefore, r.padAfter], [c.padBefore, c.padAfter], [0, 0]];
    const anyPadding = r.padBefore + r.padAfter + c.padBefore + c.padAfter > 0;
    const padded = !anyPadding
      ? input.tensor
      : net.architecture === 'pytorch-examples'
        ? tf.mirrorPad(input.tensor, paddings, 'reflect')
        : tf.pad(input.tensor, paddings);
    const window = tf.slice(padded, [0, r.offset, c.offset, 0], [1, r.length, c.length, -1]);
    result = { tensor: tf.conv2d(window, kernel, stride, 'valid'), rows: r.out, columns: c.out, gridHeight: rowPad.output, gridWidth: columnPad.output };
  }
  const bias = net.weights[`${spec.name}/bias`];
  return spec.bias && bias !== undefined ? { ...result, tensor: tf.add(result.tensor, bias) } : result;
}

/** Nearest-neighbour ×`factor` upsampling: exact per pixel, so the window simply scales. */
function upsamplePatch(patch: Patch, factor: number): Patch {
  const [, h, w] = patch.tensor.shape;
  return {
    tensor: tf.image.resizeNearestNeighbor(patch.tensor, [h * factor, w * factor]),
    rows: [patch.rows[0] * factor, patch.rows[1] * factor],
    columns: [patch.columns[0] * factor, patch.columns[1] * factor],
    gridHeight: patch.gridHeight * factor,
    gridWidth: patch.gridWidth * factor,
  };
}

/**
 * TensorFlow's 'same' stride-2 3×3 transposed conv. Output `j` sums inputs `i` with `j = 2i + t`, t ∈ 0..2 (the
 * padding before is 0 for every even output length, so a patch's output starting at `2a` lines up with the whole
 * map's). Output `2a` also needs input `a − 1`, which an inner patch lacks: it is dropped.
 */
function deconvPatch(kernel: tf.Tensor4D, spec: ConvSpec, patch: Patch): Patch {
  const [, h, w] = patch.tensor.shape;
  const s = spec.stride;
  const full = tf.conv2dTranspose(patch.tensor, kernel, [1, h * s, w * s, spec.outChannels], s, 'same');
  const dropTop = patch.rows[0] > 0 ? 1 : 0;
  const dropLeft = patch.columns[0] > 0 ? 1 : 0;
  return {
    tensor: tf.slice(full, [0, dropTop, dropLeft, 0], [1, h * s - dropTop, w * s - dropLeft, -1]),
    rows: [patch.rows[0] * s + dropTop, patch.rows[1] * s],
    columns: [patch.columns[0] * s + dropLeft, patch.columns[1] * s],
    gridHeight: patch.gridHeight * s,
    gridWidth: patch.gridWidth * s,
  };
}

/** Instance norm with the whole image's statistics (the same arithmetic as forward.ts), then ReLU if asked. */
export function normalizePatch(patch: Patch, stats: NormStats, relu: boolean): Patch {
  const mean = tf.tensor1d(stats.mean);
  const variance = tf.tensor1d(stats.variance);
  const normalized = tf.add(tf.mul(tf.mul(tf.sub(patch.tensor, mean), tf.rsqrt(tf.add(variance, stats.epsilon))), stats.gamma), stats.beta);
  return { ...patch, tensor: (relu ? tf.relu(normalized) : normalized) as tf.Tensor4D };
}

/** The part of `patch` inside `rows × columns` (grid coordinates); they must lie inside the patch. */
export function cropPatch(patch: Patch, rows: Span, columns: Span): Patch {
  const inside = (outer: Span, inner: Span): boolean => inner[0] >= outer[0] && inner[1] <= outer[1] && inner[0] < inner[1];
  if (!inside(patch.rows, rows) || !inside(patch.columns, columns)) {
    throw new Error(`tiled forward: rows [${rows.join(', ')}) × columns [${columns.join(', ')}) are not inside the computed patch [${patch.rows.join(', ')}) × [${patch.columns.join(', ')}); the halo is too small`);
  }
  if (rows[0] === patch.rows[0] && rows[1] === patch.rows[1] && columns[0] === patch.columns[0] && columns[1] === patch.columns[1]) return patch;
  const tensor = tf.slice(patch.tensor, [0, rows[0] - patch.rows[0], columns[0] - patch.columns[0], 0], [1, rows[1] - rows[0], columns[1] - columns[0], -1]);
  return { ...patch, tensor, rows, columns };
}
