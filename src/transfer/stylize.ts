import * as tf from '@tensorflow/tfjs-core';
import { resizeImage } from '../image/resizeImage';
import { inputRangeWarning } from '../internal/inputRangeWarning';
import { throwIfAborted } from '../internal/throwIfAborted';
import type { StepResult } from '../optimizers/types';
import { optimisedChannels, prepareColour, type ColourPrepared } from './internal/colourControl';
import { createStepper } from './internal/createStepper';
import { deliveredImage, deliveredLoss, keptContent, type KeptContent } from './internal/deliveredLoss';
import { createEarlyStopping } from './internal/earlyStopping';
import { createIterateAverage, type IterateAverage } from './internal/iterateAverage';
import { uniformNoise } from './internal/noise';
import { resolveOptions, type ResolvedTiling, type StylizePlan } from './internal/resolveOptions';
import { untiledLoss, type LossLog, type ScaleLoss } from './internal/scaleLoss';
import { tiledScaleLoss } from './internal/tiledScaleLoss';
import type { DoneEvent, StylizeEvent, StylizeOptions } from './types';

/**
 * Neural style transfer by optimising the pixels of an image (Gatys et al.): content reconstruction, texture
 * synthesis or full transfer, with presets for each seed's setup, coarse-to-fine scales, colour control and
 * early stopping.
 *
 * The optimisation stays inside the valid pixel range: named optimizers are created with the bounds
 * `0..255` (projected L-BFGS / Adam), so the result is not clamped behind the optimiser's back. The `done` event
 * reports the loss of the optimiser's float image and of the delivered 8-bit image (rounded, clamped,
 * evaluated with the same loss). Loss targets (content features, style Grams) are computed once per scale.
 *
 * Spatial control and style strength (Gatys et al. 2017, "Controlling Perceptual Factors in Neural Style
 * Transfer"): `styleStrength` moves the style targets towards the content's own Grams; `mask` stylises only where
 * it is 1 and delivers the content exactly where it is 0 (the delivered loss is the composite's); `regions` match
 * each content region to one of the styles with guided Gram matrices. See docs/spatial-control.md.
 *
 * The options are validated when `stylize` is called (it throws synchronously); the work starts when the
 * returned iterable is iterated. The loop yields to the event loop after every iteration, checks
 * `options.signal` between iterations, and frees every tensor it made when it finishes, fails, is aborted or
 * the consumer stops iterating early. The content, style and init images and the extractor are not disposed;
 * images in `image` and `done` events belong to the consumer. With `init: 'noise'` the start is a seeded JS
 * PRNG, so a run is deterministic for a seed on one backend.
 *
 * @param options - Images, extractor, preset and overrides; see {@link StylizeOptions}.
 * @returns An async iterable of {@link StylizeEvent}s ending with one `done` event; it starts with a `warning`
 *   event (code `'input-range'`) for each content, style or init image whose values look like 0..1.
 * @throws {@link StylegradError} at call time for a missing image, an unknown preset (listing the valid
 *   ones), a layer the extractor does not have (listing its layers), a mask or region that is not grey, not
 *   0..1, all zero or not the content's (style mask: its style's) size, a style index out of range, masks,
 *   regions or a style strength below 1 with tiling or without a content image, masks or regions with a non-Gram
 *   `styleLoss`, a non-Gram `styleLoss` with `tiling`, or any invalid option. While iterating, the iterator
 *   rejects with `signal.reason` when aborted.
 * @example
 * ```ts
 * const vgg = await loadVgg19FromPath('../shared/data/weights/vgg19-notop-uint8');
 * for await (const event of stylize({ content, style, extractor: vgg, size: 256 })) {
 *   if (event.type === 'iteration') console.log(event.iteration, event.loss.total);
 *   if (event.type === 'done') { await writeImage(event.image, 'out.png'); event.image.dispose(); }
 * }
 * ```
 * @category Transfer
 */
export function stylize(options: StylizeOptions): AsyncIterable<StylizeEvent> {
  const plan = resolveOptions(options);
  return { [Symbol.asyncIterator]: () => run(plan) };
}

/** Iterations and objective evaluations so far, over all scales. */
interface Counters {
  totalIterations: number;
  evaluations: number;
}

async function* run(plan: StylizePlan): AsyncGenerator<StylizeEvent, void, undefined> {
  const started = now();
  const owned: tf.Tensor[] = [];
  let x: tf.Tensor4D | null = null;
  // The last scale's loss outlives its scale (the done event evaluates it); freed in the outer finally.
  let finalLoss: ScaleLoss | null = null;
  try {
    throwIfAborted(plan.signal, 'stylize');
    for (const message of inputRangeWarnings(plan)) yield { type: 'warning', code: 'input-range', message };
    const prepared = prepareColour(plan, owned);
    const counters: Counters = { totalIterations: 0, evaluations: 0 };
    let stopReason: DoneEvent['stopReason'] = 'iterations';
    for (let scale = 0; scale < plan.scales.length; scale++) {
      const [height, width] = scaleDims(plan, plan.scales[scale] ?? 1);
      const iterations = plan.iterations[scale] ?? 1;
      const tiling = plan.tiling[scale] ?? null;
      const next = startImage(plan, prepared, x, height, width);
      x?.dispose();
      x = next;
      const loss = tiling === null ? untiledLoss(plan, prepared, height, width) : tiledScaleLoss(plan, prepared, height, width, tiling, scale);
      yield { type: 'scale', scale, scales: plan.scales.length, height, width, iterations, tiles: loss.tiles };
      const isLast = scale === plan.scales.length - 1;
      if (isLast) finalLoss = loss;
      try {
        const scaleRun = { plan, prepared, loss, scale, height, width, iterations, tiling, counters, started };
        const result: ScaleResult = yield* optimiseScale(scaleRun, x);
        stopReason = result.stopReason;
        x.dispose();
        x = result.x;
      } finally {
        if (!isLast) loss.dispose();
      }
    }
    if (x === null || finalLoss === null) throw new Error('stylize: no scale ran');
    yield finish(plan, prepared, x, finalLoss, counters, started, stopReason);
  } finally {
    x?.dispose();
    finalLoss?.dispose();
    tf.dispose(owned);
  }
}

/** What one scale is optimised with. */
interface ScaleRun {
  readonly plan: StylizePlan;
  readonly prepared: ColourPrepared;
  readonly loss: ScaleLoss;
  readonly scale: number;
  readonly height: number;
  readonly width: number;
  readonly iterations: number;
  readonly tiling: ResolvedTiling | null;
  readonly counters: Counters;
  readonly started: number;
}

/** A scale's optimised image `[1, H, W, channels]` (the caller owns it) and why its iterations ended. */
interface ScaleResult {
  readonly x: tf.Tensor4D;
  readonly stopReason: DoneEvent['stopReason'];
}

/** Optimises one scale from `x` (not disposed), yielding its iteration and image events. */
async function* optimiseScale(run: ScaleRun, x: tf.Tensor4D): AsyncGenerator<StylizeEvent, ScaleResult, undefined> {
  const { plan, prepared, loss, scale, height, width, counters } = run;
  const planned = plan.iterations.reduce((a, b) => a + b, 0);
  const optimizer = createStepper(plan.optimizer, run.tiling?.historySize);
  let state: { readonly x: tf.Tensor } | null = null;
  let average: IterateAverage | null = null;
  try {
    const log: LossLog = [];
    const objective = loss.objective(log);
    state = optimizer.init(x);
    average = createIterateAverage(plan.averageIterates, x);
    const stop = plan.earlyStopping === null ? null : createEarlyStopping(plan.earlyStopping);
    let scaleEvaluations = 0;
    let stopReason: DoneEvent['stopReason'] = 'iterations';
    for (let iteration = 1; iteration <= run.iterations; iteration++) {
      throwIfAborted(plan.signal, 'stylize');
      const previous = log.at(-1);
      log.length = 0;
      if (previous !== undefined) log.push(previous);
      loss.setIteration(iteration);
      const result: StepResult<{ readonly x: tf.Tensor }> = optimizer.step(state, objective);
      state = result.state;
      scaleEvaluations += result.evaluations;
      counters.evaluations += result.evaluations;
      counters.totalIterations++;
      average.update(state.x);
      const terms = log.find((entry) => entry.loss === result.loss)?.terms ?? { total: result.loss };
      const { totalIterations, evaluations } = counters;
      yield { type: 'iteration', scale, iteration, totalIterations, plannedIterations: planned, loss: terms, evaluations, elapsed: now() - run.started };
      if (plan.imageEvery > 0 && iteration % plan.imageEvery === 0) {
        yield { type: 'image', scale, iteration, totalIterations, image: averagedImage(prepared, average, state.x, height, width, keptContent(plan)) };
      }
      if (result.reason === 'nonFinite') stopReason = 'nonFinite';
      else if (result.converged === true) stopReason = 'converged';
      else if (scaleEvaluations >= plan.maxEvaluations) stopReason = 'maxEvaluations';
      else if (stop !== null && stop(result.loss)) stopReason = 'earlyStopping';
      if (stopReason !== 'iterations') break;
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    // The scale's result: the iterate average when averaging is on (a copy of the iterate otherwise).
    const current = average.current(state.x);
    try {
      return { x: tf.reshape<tf.Rank.R4>(current, [1, height, width, prepared.channels]), stopReason };
    } finally {
      current.dispose();
    }
  } finally {
    if (state !== null) optimizer.dispose(state);
    average?.dispose();
  }
}

/** The delivered 8-bit image of the current iterate `x` (the iterate average's when averaging is on). */
function averagedImage(prepared: ColourPrepared, average: IterateAverage, x: tf.Tensor, height: number, width: number, kept: KeptContent | null): tf.Tensor3D {
  const current = average.current(x);
  try {
    return deliveredImage(prepared, current, height, width, kept);
  } finally {
    current.dispose();
  }
}

/** The `done` event: the delivered 8-bit image (the consumer owns it) with the float and the delivered loss. */
function finish(plan: StylizePlan, prepared: ColourPrepared, x: tf.Tensor4D, finalLoss: ScaleLoss, counters: Counters, started: number, stopReason: DoneEvent['stopReason']): DoneEvent {
  const [height, width] = [x.shape[1], x.shape[2]];
  finalLoss.setIteration(0);
  const floatTerms = finalLoss.evaluate(x);
  const image = deliveredImage(prepared, x, height, width, keptContent(plan));
  try {
    const deliveredTerms = deliveredLoss(image, prepared.channels, (input) => finalLoss.evaluate(input));
    return { type: 'done', image, loss: floatTerms, deliveredLoss: deliveredTerms, iterations: counters.totalIterations, evaluations: counters.evaluations, elapsed: now() - started, stopReason };
  } catch (error) {
    image.dispose();
    throw error;
  }
}

function scaleDims(plan: StylizePlan, size: number): [number, number] {
  const { outputHeight: h, outputWidth: w } = plan;
  return h >= w ? [size, Math.max(1, Math.round((size * w) / h))] : [Math.max(1, Math.round((size * h) / w)), size];
}

/** One message per input image (content, styles, init) that looks like 0..1 instead of 0..255. */
function inputRangeWarnings(plan: StylizePlan): string[] {
  const images: [string, tf.Tensor3D | null][] = [
    ['options.content', plan.content],
    ...plan.styles.map((s, i): [string, tf.Tensor3D] => [plan.styles.length === 1 ? 'options.style' : `options.style[${String(i)}]`, s.image]),
    ['options.init', plan.init instanceof tf.Tensor ? plan.init : null],
  ];
  return images.flatMap(([what, image]) => (image === null ? [] : (inputRangeWarning(image, what, 'stylize') ?? [])));
}

/** The first image of a scale: the upscaled previous result, else the init. */
function startImage(plan: StylizePlan, prepared: ColourPrepared, previous: tf.Tensor4D | null, height: number, width: number): tf.Tensor4D {
  const c = prepared.channels;
  if (previous !== null) return resizeImage(previous, { height, width });
  if (plan.init === 'noise') return tf.tensor4d(uniformNoise(height * width * c, plan.seed), [1, height, width, c]);
  return tf.tidy('stylize.startImage', () => {
    const source = plan.init === 'content' ? prepared.content : plan.init;
    if (source === null || typeof source === 'string') throw new Error('stylize: no init image');
    const resized = tf.clipByValue<tf.Tensor4D>(resizeImage(tf.expandDims<tf.Tensor4D>(source, 0), { height, width }), 0, 255);
    // Luminance mode: the init's Y (content is already grey).
    return optimisedChannels(resized, c);
  });
}

function now(): number {
  return performance.now();
}
