// Peak memory of a `stylize` run, from a model fitted to measurements (whole-process peak RSS, `/usr/bin/time -v`,
// the stylegrad CLI on tfjs-node 4.22 / libtensorflow 2.21 CPU, single scale, 2 cores):
//   VGG-19, L-BFGS, 512×384:                     2.0 GB   (measured 2026-11-30)
//   VGG-19, L-BFGS, 1024×768:                    6.0 GB   (measured 2026-11-30)
//   VGG-19, L-BFGS, 768×576, 2 iterations:       3.76 GB  (measured 2026-11-30 for this model; model: 3.67 GB)
//   SqueezeNet 1.1, Adam (cs231n preset), 512×384: 1.04 GB (measured 2026-11-30 for this model; model: 0.91 GB)
// The two first points give a fixed part (≈ 0.67 GB: tfjs-node maps ~850 MB of libraries, partly shared) and a
// cost per output pixel (≈ 6.8 kB), taken as proportional to the network's activations: float32 values per input
// pixel summed over every layer up to the deepest one (VGG-19 ≈ 326, VGG-16 ≈ 300, SqueezeNet 1.1 ≈ 58), × 4 bytes,
// × ≈ 5.2 (forward values kept for the backward pass, their gradients, temporaries and the allocator's slack).
// Those runs were short, so L-BFGS had stored few curvature pairs; its history is added on top, as a worst case
// once it is full: 2 × historySize vectors of the image (3 float32 per pixel), 2 × 100 × 12 B = 2.4 kB per pixel.
// Adam keeps 3 such vectors (x, m, v): 36 B per pixel.
// Other backends (wasm, cpu) load no native library: their fixed part is taken as 0.2 GB (not measured); wasm's
// heap is also capped at 4 GB by WebAssembly's 32-bit addresses.
import { StylegradError } from '../errors';
import { assertOneOf, describe } from '../internal/validate';

/**
 * What {@link estimateStylizeMemory} needs to know about a run.
 *
 * @example
 * ```ts
 * const options: StylizeMemoryOptions = { width: 1024, height: 768, extractor: 'vgg19', optimizer: 'lbfgs' };
 * ```
 * @category Node
 */
export interface StylizeMemoryOptions {
  /** Width of the largest scale in pixels. */
  readonly width: number;
  /** Height of the largest scale in pixels. */
  readonly height: number;
  /** The feature network. */
  readonly extractor: 'vgg19' | 'vgg16' | 'squeezenet1.1';
  /** The optimiser. */
  readonly optimizer: 'lbfgs' | 'adam';
  /** L-BFGS curvature pairs kept (default 100, the optimiser's default). */
  readonly historySize?: number;
  /**
   * Iterations the run makes at this size, when known: L-BFGS then holds at most `min(historySize, iterations)`
   * pairs. Default: unknown, the history counted full (the worst case).
   */
  readonly iterations?: number;
  /** The tfjs backend (default `'tfjs-node'`, where the model was measured). */
  readonly backend?: 'tfjs-node' | 'tfjs-node-gpu' | 'wasm' | 'cpu';
}

/**
 * The estimate, in bytes, and its parts.
 *
 * @example
 * ```ts
 * const { bytes, breakdown } = estimateStylizeMemory({ width: 512, height: 384, extractor: 'vgg19', optimizer: 'lbfgs' });
 * ```
 * @category Node
 */
export interface StylizeMemoryEstimate {
  /** The estimated whole-process peak resident memory. */
  readonly bytes: number;
  /** Fixed part (runtime, libraries, weights), network activations and gradients, optimiser state. */
  readonly breakdown: {
    /** Runtime, native libraries and weights, independent of the size. */
    readonly fixed: number;
    /** The network's activations, their gradients and temporaries. */
    readonly activations: number;
    /** The optimiser's state (L-BFGS history, or Adam's moments). */
    readonly optimizer: number;
  };
}

/** float32 activations per input pixel, every layer up to the deepest (outputs of conv, ReLU folded, pools). */
const ACTIVATIONS_PER_PIXEL: Readonly<Record<StylizeMemoryOptions['extractor'], number>> = {
  // 64·2 + 64/4 + 128·2/4 + 128/16 + 256·4/16 + 256/64 + 512·4/64 + 512/256 + 512·4/256
  vgg19: 128 + 16 + 64 + 8 + 64 + 4 + 32 + 2 + 8,
  // 64·2 + 64/4 + 128·2/4 + 128/16 + 256·3/16 + 256/64 + 512·3/64 + 512/256 + 512·3/256
  vgg16: 128 + 16 + 64 + 8 + 48 + 4 + 24 + 2 + 6,
  // conv1 64/4, pool1 64/16, fire2-3 (16+128)/16, pool3 128/64, fire4-5 (32+256)/64, pool5 256/256,
  // fire6-7 (48+384)/256, fire8-9 (64+512)/256
  'squeezenet1.1': 16 + 4 + 2 * 9 + 2 + 2 * 4.5 + 1 + 2 * 1.6875 + 2 * 2.25,
};

const NODE_FIXED_BYTES = 0.667e9;
const OTHER_FIXED_BYTES = 0.2e9;
const MEASURED_BYTES_PER_PIXEL = 6782; // VGG-19, L-BFGS: (6.0 GB − 2.0 GB) / (1024·768 − 512·384)
const LBFGS_BYTES_PER_PIXEL = (historySize: number): number => 2 * historySize * 3 * 4;
const ADAM_BYTES_PER_PIXEL = 3 * 3 * 4;
const ACTIVATION_FACTOR = MEASURED_BYTES_PER_PIXEL / (ACTIVATIONS_PER_PIXEL.vgg19 * 4);

/**
 * Estimates the peak memory (whole-process resident set) of a single-scale `stylize` run at `width × height`,
 * from a model fitted to measurements on tfjs-node (see the source header): a fixed part plus, per pixel, the
 * network's activations and gradients and the optimiser's state. Multi-scale runs peak at their largest scale.
 * Use it to refuse a run that cannot fit before loading anything (the CLI does, with `--max-memory`).
 *
 * @param options - Size, network, optimiser, L-BFGS history and backend; see {@link StylizeMemoryOptions}.
 * @returns Bytes and their breakdown; measured runs came within ±15% (L-BFGS counted with a full history).
 * @throws {@link StylegradError} for a size that is not a positive integer, or an unknown extractor or optimiser.
 * @example
 * ```ts
 * import { estimateStylizeMemory } from 'stylegrad/node';
 * estimateStylizeMemory({ width: 1024, height: 768, extractor: 'vgg19', optimizer: 'lbfgs' }).bytes; // ≈ 7.9e9 (6.0e9 + full L-BFGS history)
 * ```
 * @category Node
 */
export function estimateStylizeMemory(options: StylizeMemoryOptions): StylizeMemoryEstimate {
  const fn = 'estimateStylizeMemory';
  assertPositiveInteger(fn, 'options.width', options.width);
  assertPositiveInteger(fn, 'options.height', options.height);
  assertOneOf(fn, 'options.extractor', options.extractor, ['vgg19', 'vgg16', 'squeezenet1.1'] as const);
  assertOneOf(fn, 'options.optimizer', options.optimizer, ['lbfgs', 'adam'] as const);
  if (options.historySize !== undefined) assertPositiveInteger(fn, 'options.historySize', options.historySize);
  if (options.iterations !== undefined) assertPositiveInteger(fn, 'options.iterations', options.iterations);
  const pixels = options.width * options.height;
  const backend = options.backend ?? 'tfjs-node';
  const fixed = backend === 'tfjs-node' || backend === 'tfjs-node-gpu' ? NODE_FIXED_BYTES : OTHER_FIXED_BYTES;
  const activations = pixels * ACTIVATIONS_PER_PIXEL[options.extractor] * 4 * ACTIVATION_FACTOR;
  const pairs = Math.min(options.historySize ?? 100, options.iterations ?? Number.POSITIVE_INFINITY);
  const optimizer = pixels * (options.optimizer === 'lbfgs' ? LBFGS_BYTES_PER_PIXEL(pairs) : ADAM_BYTES_PER_PIXEL);
  return { bytes: Math.round(fixed + activations + optimizer), breakdown: { fixed, activations: Math.round(activations), optimizer: Math.round(optimizer) } };
}

function assertPositiveInteger(fn: string, argument: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) throw new StylegradError(fn, argument, `must be an integer >= 1; got ${describe(value)}.`);
}
