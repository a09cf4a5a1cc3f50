// Peak memory of a `stylize` run, from a model fitted to measurements (whole-process peak resident memory of the
// stylegrad CLI on tfjs-node 4.22 / libtensorflow 2.21 CPU, 2 cores, single scale, VGG-19 uint8, L-BFGS, 3
// iterations; benchmarks/memory.ts, results in benchmarks/results/memory.{json,md}; docs/memory.md):
//   256×256 0.99 GB, 512×512 1.49 GB, 768×576 1.97 GB, 1024×768 2.82 GB (program + the CLI's relaunching parent; 2026-11-30).
// The model: a fixed part (the runtime and tfjs-node's libraries, plus the extractor's weights, kept twice: the
// float32 copy and the flipped kernels of the fast input gradient) and, per output pixel, the network's activations
// (float32 values per input pixel summed over every layer up to the deepest one: VGG-19 ≈ 326, VGG-16 ≈ 300,
// SqueezeNet 1.1 ≈ 58) × 4 bytes × a factor fitted on the VGG-19 points (the forward values kept for the backward
// pass, the loss's gradients at the tapped layers, the few vectors of the optimiser, temporaries and the allocator's
// slack), plus the optimiser's state: L-BFGS stores min(historySize, iterations) curvature pairs, each two vectors
// of the image (3 float32 per pixel): 24 B per pixel per pair, 2.4 kB per pixel with a full history of 100 (checked
// on its own by the benchmark: history 2 against 20 at 512×512); Adam keeps 3 such vectors (x, m, v): 36 B per pixel.
// The CLI runs with glibc's mmap threshold fixed at 1 MB (src/cli/internal/relaunchWithAllocatorSettings.ts); a
// library user without it may see up to ~20% more at 512×512 (docs/memory.md).
// Other backends (wasm, cpu) load no native library: their fixed part is taken as 0.2 GB + weights (not measured);
// wasm's heap is also capped at 4 GB by WebAssembly's 32-bit addresses.
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

/** Parameters of each network's weights (convolution kernels and biases, without the classifier). */
const WEIGHT_PARAMETERS: Readonly<Record<StylizeMemoryOptions['extractor'], number>> = {
  vgg19: 20_024_384,
  vgg16: 14_714_688,
  'squeezenet1.1': 722_496,
};
/** Fitted: the intercept of the VGG-19 points minus VGG-19's weights (2 × 4 B per parameter). */
const NODE_RUNTIME_BYTES = 0.668e9;
/** Not measured: Node and TensorFlow.js without a native library. */
const OTHER_RUNTIME_BYTES = 0.2e9;
/** Fitted: the VGG-19 points' bytes per pixel (3 iterations: 3 pairs counted below) ÷ (326 values × 4 B). */
const ACTIVATION_FACTOR = 1.895;
const LBFGS_BYTES_PER_PIXEL_PER_PAIR = 2 * 3 * 4;
const ADAM_BYTES_PER_PIXEL = 3 * 3 * 4;

/**
 * Estimates the peak memory (whole-process resident set) of a single-scale `stylize` run at `width × height`,
 * from a model fitted to measurements on tfjs-node (see the source header): a fixed part plus, per pixel, the
 * network's activations and gradients and the optimiser's state. Multi-scale runs peak at their largest scale.
 * Use it to refuse a run that cannot fit before loading anything (the CLI does, with `--max-memory`).
 *
 * @param options - Size, network, optimiser, L-BFGS history and backend; see {@link StylizeMemoryOptions}.
 * @returns Bytes and their breakdown; the measured VGG-19 runs (256×256 to 1024×768) came within ±10%.
 * @throws {@link StylegradError} for a size, `historySize` or `iterations` that is not a positive integer, or an
 *   unknown extractor or optimiser.
 * @example
 * ```ts
 * import { estimateStylizeMemory } from 'stylegrad/node';
 * estimateStylizeMemory({ width: 1024, height: 768, extractor: 'vgg19', optimizer: 'lbfgs' }).bytes; // ≈ 4.7e9 (2.8e9 + a full L-BFGS history)
 * estimateStylizeMemory({ width: 512, height: 512, extractor: 'vgg19', optimizer: 'lbfgs', iterations: 3 }).bytes; // ≈ 1.5e9
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
  const runtime = backend === 'tfjs-node' || backend === 'tfjs-node-gpu' ? NODE_RUNTIME_BYTES : OTHER_RUNTIME_BYTES;
  const fixed = runtime + WEIGHT_PARAMETERS[options.extractor] * 2 * 4;
  const activations = pixels * ACTIVATIONS_PER_PIXEL[options.extractor] * 4 * ACTIVATION_FACTOR;
  const pairs = Math.min(options.historySize ?? 100, options.iterations ?? Number.POSITIVE_INFINITY);
  const optimizer = pixels * (options.optimizer === 'lbfgs' ? pairs * LBFGS_BYTES_PER_PIXEL_PER_PAIR : ADAM_BYTES_PER_PIXEL);
  return { bytes: Math.round(fixed + activations + optimizer), breakdown: { fixed: Math.round(fixed), activations: Math.round(activations), optimizer: Math.round(optimizer) } };
}

function assertPositiveInteger(fn: string, argument: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) throw new StylegradError(fn, argument, `must be an integer >= 1; got ${describe(value)}.`);
}
