import * as tf from '@tensorflow/tfjs-core';
import { matchColorStatistics } from '../image/matchColorStatistics';
import { matchHistogram } from '../image/matchHistogram';
import { resizeImage } from '../image/resizeImage';
import { rgbToYiq } from '../image/rgbToYiq';
import { yiqToRgb } from '../image/yiqToRgb';
import { combineLosses, type CombinedLoss } from '../losses/combineLosses';
import { contentLoss } from '../losses/contentLoss';
import { styleLoss, type StyleSource } from '../losses/styleLoss';
import { totalVariationLoss } from '../losses/totalVariationLoss';
import type { LossTerm } from '../losses/types';
import type { Objective, StepResult } from '../optimizers/types';
import { createStepper } from './internal/createStepper';
import { createEarlyStopping } from './internal/earlyStopping';
import { inputRangeWarning } from '../internal/inputRangeWarning';
import { uniformNoise } from './internal/noise';
import { resolveOptions, type ResolvedTiling, type StylizePlan } from './internal/resolveOptions';
import { createTiledLoss, type TiledValues } from './internal/tiledLoss';
import type { DoneEvent, LossTerms, StylizeEvent, StylizeOptions } from './types';
import { throwIfAborted } from '../internal/throwIfAborted';

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
 *   ones), a layer the extractor does not have (listing its layers), or any invalid option. While iterating,
 *   the iterator rejects with `signal.reason` when aborted.
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

/** Names of the loss terms, in the order they are read back after `total`. */
type TermName = 'content' | 'style' | 'tv';

/** One scale's loss, whole or tiled: the optimiser's objective, a forward-only evaluation, and its tiles. */
interface ScaleLoss {
  /** Tiles per pass, 0 when untiled. */
  readonly tiles: number;
  /** The objective; each evaluation's terms are pushed onto `log`. */
  objective(log: { loss: number; terms: LossTerms }[]): Objective;
  /** The loss terms at `x` (optimised-image channels), forward only. */
  evaluate(x: tf.Tensor4D): LossTerms;
  /** Called before each iteration (tiled scales shift their tile boundaries). */
  setIteration(iteration: number): void;
  dispose(): void;
}

interface Prepared {
  /** The image the content losses are computed on (RGB, or luminance replicated to RGB). */
  readonly content: tf.Tensor3D | null;
  /** Content chroma (I, Q) at full size, for luminance mode. */
  readonly chroma: tf.Tensor3D | null;
  /** Style images after colour control. */
  readonly styles: readonly { image: tf.Tensor3D; weight: number }[];
  /** Channels of the optimised image: 3, or 1 (luminance). */
  readonly channels: 1 | 3;
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
    const prepared = prepare(plan, owned);
    const planned = plan.iterations.reduce((a, b) => a + b, 0);
    let totalIterations = 0;
    let evaluations = 0;
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
      const optimizer = createStepper(plan.optimizer, tiling?.historySize);
      let state: { readonly x: tf.Tensor } | null = null;
      try {
        const log: { loss: number; terms: LossTerms }[] = [];
        const objective = loss.objective(log);
        state = optimizer.init(x);
        const stop = plan.earlyStopping === null ? null : createEarlyStopping(plan.earlyStopping);
        let scaleEvaluations = 0;
        stopReason = 'iterations';
        for (let iteration = 1; iteration <= iterations; iteration++) {
          throwIfAborted(plan.signal, 'stylize');
          const previous = log.at(-1);
          log.length = 0;
          if (previous !== undefined) log.push(previous);
          loss.setIteration(iteration);
          const result: StepResult<{ readonly x: tf.Tensor }> = optimizer.step(state, objective);
          state = result.state;
          scaleEvaluations += result.evaluations;
          evaluations += result.evaluations;
          totalIterations++;
          const terms = log.find((entry) => entry.loss === result.loss)?.terms ?? { total: result.loss };
          yield { type: 'iteration', scale, iteration, totalIterations, plannedIterations: planned, loss: terms, evaluations, elapsed: now() - started };
          if (plan.imageEvery > 0 && iteration % plan.imageEvery === 0) {
            yield { type: 'image', scale, iteration, totalIterations, image: deliverable(prepared, state.x, height, width) };
          }
          if (result.reason === 'nonFinite') stopReason = 'nonFinite';
          else if (result.converged === true) stopReason = 'converged';
          else if (scaleEvaluations >= plan.maxEvaluations) stopReason = 'maxEvaluations';
          else if (stop !== null && stop(result.loss)) stopReason = 'earlyStopping';
          if (stopReason !== 'iterations') break;
          await new Promise((resolve) => setTimeout(resolve, 0));
        }
        const current = tf.reshape<tf.Rank.R4>(state.x, [1, height, width, prepared.channels]);
        x.dispose();
        x = current;
      } finally {
        if (state !== null) optimizer.dispose(state);
        if (!isLast) loss.dispose();
      }
    }
    if (x === null || finalLoss === null) throw new Error('stylize: no scale ran');
    const [height, width] = [x.shape[1], x.shape[2]];
    finalLoss.setIteration(0);
    const floatTerms = finalLoss.evaluate(x);
    const image = deliverable(prepared, x, height, width);
    let deliveredTerms: LossTerms;
    try {
      const deliveredInput = tf.tidy('stylize.deliveredInput', () => (prepared.channels === 1 ? tf.slice(rgbToYiq(tf.expandDims<tf.Tensor4D>(image, 0)), [0, 0, 0, 0], [1, height, width, 1]) : tf.expandDims<tf.Tensor4D>(image, 0)));
      try {
        deliveredTerms = finalLoss.evaluate(deliveredInput);
      } finally {
        deliveredInput.dispose();
      }
    } catch (error) {
      image.dispose();
      throw error;
    }
    yield { type: 'done', image, loss: floatTerms, deliveredLoss: deliveredTerms, iterations: totalIterations, evaluations, elapsed: now() - started, stopReason };
  } finally {
    x?.dispose();
    finalLoss?.dispose();
    tf.dispose(owned);
  }
}

/** Colour control and luminance conversion, once at full size. Tensors made here are pushed to `owned`. */
function prepare(plan: StylizePlan, owned: tf.Tensor[]): Prepared {
  const keep = <T extends tf.Tensor>(t: T): T => {
    owned.push(t);
    return t;
  };
  const content = plan.content;
  if (plan.colour === 'luminance' && content !== null) {
    const yiq = keep(rgbToYiq(content));
    const [h, w] = [content.shape[0], content.shape[1]];
    const contentY = tf.tidy('stylize.contentLuminance', () => tf.slice(yiq, [0, 0, 0], [h, w, 1]));
    const chroma = keep(tf.slice(yiq, [0, 0, 1], [h, w, 2]));
    const moments = tf.tidy('stylize.luminanceMoments', () => tf.moments(contentY));
    const [mc, vc] = [moments.mean.dataSync()[0] ?? 0, moments.variance.dataSync()[0] ?? 0];
    tf.dispose([moments.mean, moments.variance]);
    const styles = plan.styles.map(({ image, weight }) => {
      const y = tf.tidy('stylize.matchedLuminance', () => {
        const sy = tf.slice(rgbToYiq(image), [0, 0, 0], [image.shape[0], image.shape[1], 1]);
        const m = tf.moments(sy);
        // Match the style's luminance mean and standard deviation to the content's (Gatys et al. 2017, §5).
        const scaled = tf.add(tf.mul(tf.sub(sy, m.mean), tf.div(Math.sqrt(vc), tf.sqrt(tf.add(m.variance, 1e-6)))), mc);
        return tf.tile(tf.clipByValue(scaled, 0, 255), [1, 1, 3]) as tf.Tensor3D;
      });
      return { image: keep(y), weight };
    });
    const grey = keep(tf.tidy('stylize.greyContent', () => tf.tile<tf.Tensor3D>(contentY, [1, 1, 3])));
    contentY.dispose();
    return { content: grey, chroma, styles, channels: 1 };
  }
  const styles = plan.styles.map(({ image, weight }) => {
    if (content === null || plan.colour === 'none') return { image, weight };
    const matched = plan.colour === 'statistics' ? matchColorStatistics(image, content) : matchHistogram(image, content);
    return { image: keep(matched), weight };
  });
  return { content, chroma: null, styles, channels: 3 };
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
function startImage(plan: StylizePlan, prepared: Prepared, previous: tf.Tensor4D | null, height: number, width: number): tf.Tensor4D {
  const c = prepared.channels;
  if (previous !== null) return resizeImage(previous, { height, width });
  if (plan.init === 'noise') return tf.tensor4d(uniformNoise(height * width * c, plan.seed), [1, height, width, c]);
  return tf.tidy('stylize.startImage', () => {
    const source = plan.init === 'content' ? prepared.content : plan.init;
    if (source === null || typeof source === 'string') throw new Error('stylize: no init image');
    const resized = tf.clipByValue<tf.Tensor4D>(resizeImage(tf.expandDims<tf.Tensor4D>(source, 0), { height, width }), 0, 255);
    if (c === 3) return resized;
    // Luminance mode: the init's Y (content is already grey).
    return tf.slice(rgbToYiq(resized), [0, 0, 0, 0], [1, height, width, 1]);
  });
}

/** The whole-image loss of one scale (see buildLoss). */
function untiledLoss(plan: StylizePlan, prepared: Prepared, height: number, width: number): ScaleLoss {
  const { loss, names } = buildLoss(plan, prepared, height, width);
  return {
    tiles: 0,
    objective: (log) => makeObjective(plan, prepared, loss, names, height, width, log),
    evaluate: (x) => evaluate(plan, loss, names, x, prepared.channels),
    setIteration: () => undefined,
    dispose: () => {
      loss.dispose();
    },
  };
}

/** The loss of one scale evaluated tile by tile (see tiledLoss.ts); the same terms as buildLoss. */
function tiledScaleLoss(plan: StylizePlan, prepared: Prepared, height: number, width: number, tiling: ResolvedTiling, scale: number): ScaleLoss {
  const contentUsed = plan.mode !== 'texture' && plan.contentWeight > 0 && prepared.content !== null;
  const styleUsed = plan.mode !== 'content' && plan.styleWeight > 0;
  const made: tf.Tensor[] = [];
  try {
    const contentImage = contentUsed && prepared.content !== null ? resizeImage(prepared.content, { height, width }) : null;
    if (contentImage !== null) made.push(contentImage);
    const longer = Math.max(1, Math.round(Math.max(height, width) * plan.styleScale));
    const styleImages = styleUsed
      ? prepared.styles.map(({ image, weight }) => {
          const [h, w] = [image.shape[0], image.shape[1]];
          const size = h >= w ? { height: longer, width: Math.max(1, Math.round((longer * w) / h)) } : { height: Math.max(1, Math.round((longer * h) / w)), width: longer };
          const resized = resizeImage(image, size);
          made.push(resized);
          return { image: resized, weight };
        })
      : [];
    const onTile = plan.onTile;
    const tiled = createTiledLoss({
      extractor: plan.extractor, channels: prepared.channels, height, width, tiling, signal: plan.signal,
      content: contentImage === null ? null : { image: contentImage, layers: plan.contentLayers, weight: plan.contentWeight, reduction: plan.contentReduction },
      style: styleUsed ? { images: styleImages, layers: plan.styleLayers, weight: plan.styleWeight, reduction: plan.styleReduction, normalization: plan.gramNormalization } : null,
      tv: plan.tvWeight > 0 ? { weight: plan.tvWeight, kind: plan.tvKind, reduction: plan.tvReduction } : null,
      progress: (pass, tile, tiles) => onTile?.({ scale, pass, tile, tiles }),
    });
    const toLossTerms = (values: TiledValues): LossTerms => {
      const out: Record<string, number> = { total: values.total };
      for (const name of ['content', 'style', 'tv'] as const) if (values.terms[name] !== undefined) out[name] = values.terms[name];
      return out as unknown as LossTerms;
    };
    return {
      tiles: tiled.tiles,
      objective: (log) => (x) => {
        const { values, gradient } = tiled.valueAndGradient(x);
        const terms = toLossTerms(values);
        log.push({ loss: terms.total, terms });
        return { loss: terms.total, gradient };
      },
      evaluate: (x) => toLossTerms(tiled.value(x)),
      setIteration: (iteration) => {
        tiled.setIteration(iteration);
      },
      dispose: () => {
        tiled.dispose();
      },
    };
  } finally {
    tf.dispose(made);
  }
}

/** Content, style and TV terms for one scale; targets computed once here. */
function buildLoss(plan: StylizePlan, prepared: Prepared, height: number, width: number): { loss: CombinedLoss; names: TermName[] } {
  const terms: Record<string, { loss: LossTerm; weight: number }> = {};
  const names: TermName[] = [];
  const made: LossTerm[] = [];
  try {
    if (plan.mode !== 'texture' && plan.contentWeight > 0 && prepared.content !== null) {
      const contentImage = prepared.content;
      const features = tf.tidy('stylize.contentTargets', () => plan.extractor.extract(resizeImage(contentImage, { height, width }), Object.keys(plan.contentLayers)));
      try {
        const loss = contentLoss(features, { layers: plan.contentLayers, reduction: plan.contentReduction });
        made.push(loss);
        terms.content = { loss, weight: plan.contentWeight };
        names.push('content');
      } finally {
        tf.dispose(Object.values(features));
      }
    }
    if (plan.mode !== 'content' && plan.styleWeight > 0) {
      const longer = Math.max(1, Math.round(Math.max(height, width) * plan.styleScale));
      const sources: StyleSource[] = [];
      try {
        for (const { image, weight } of prepared.styles) {
          const [h, w] = [image.shape[0], image.shape[1]];
          const size = h >= w ? { height: longer, width: Math.max(1, Math.round((longer * w) / h)) } : { height: Math.max(1, Math.round((longer * h) / w)), width: longer };
          sources.push({ features: tf.tidy('stylize.styleTargets', () => plan.extractor.extract(resizeImage(image, size), Object.keys(plan.styleLayers))), weight });
        }
        const loss = styleLoss(sources, { layers: plan.styleLayers, normalization: plan.gramNormalization, reduction: plan.styleReduction });
        made.push(loss);
        terms.style = { loss, weight: plan.styleWeight };
        names.push('style');
      } finally {
        for (const source of sources) tf.dispose(Object.values(source.features));
      }
    }
    if (plan.tvWeight > 0) {
      const loss = totalVariationLoss({ kind: plan.tvKind, reduction: plan.tvReduction });
      made.push(loss);
      terms.tv = { loss, weight: plan.tvWeight };
      names.push('tv');
    }
    if (names.length === 0) throw new Error('stylize: every loss term has weight 0');
    return { loss: combineLosses(terms), names };
  } catch (error) {
    for (const loss of made) loss.dispose();
    throw error;
  }
}

/** The network input for the optimised image: itself, or its luminance replicated to RGB. */
function toRgb(x: tf.Tensor4D, channels: 1 | 3): tf.Tensor4D {
  return channels === 1 ? tf.tile(x, [1, 1, 1, 3]) : x;
}

/** [total, ...terms] of the loss at `image` (inside a tidy or a gradient scope). */
function lossVector(plan: StylizePlan, loss: CombinedLoss, names: readonly TermName[], image: tf.Tensor4D): tf.Tensor1D {
  const features = plan.extractor.extract(image, loss.layers);
  const { total, terms } = loss({ image, features });
  return tf.stack([total, ...names.map((name) => terms[name] ?? tf.scalar(0))]) as tf.Tensor1D;
}

function toTerms(values: ArrayLike<number>, names: readonly TermName[]): LossTerms {
  const out: Record<string, number> = { total: values[0] ?? Number.NaN };
  names.forEach((name, i) => {
    out[name] = values[i + 1] ?? Number.NaN;
  });
  return out as unknown as LossTerms;
}

function makeObjective(
  plan: StylizePlan,
  prepared: Prepared,
  loss: CombinedLoss,
  names: readonly TermName[],
  height: number,
  width: number,
  log: { loss: number; terms: LossTerms }[],
): Objective {
  const shape: [number, number, number, number] = [1, height, width, prepared.channels];
  return (x) => {
    let vector: tf.Tensor1D | null = null;
    const { value, grad } = tf.valueAndGrad((t: tf.Tensor) => {
      const image = toRgb(tf.reshape(t, shape), prepared.channels);
      const v = lossVector(plan, loss, names, image);
      vector = tf.keep(v);
      return tf.reshape<tf.Rank.R0>(tf.slice(v, [0], [1]), []);
    })(x);
    value.dispose();
    const kept = vector as tf.Tensor1D | null;
    const values = kept === null ? [Number.NaN] : Array.from(kept.dataSync());
    kept?.dispose();
    const terms = toTerms(values, names);
    log.push({ loss: terms.total, terms });
    return { loss: terms.total, gradient: grad };
  };
}

/** The loss terms at `x` (optimised-image channels), forward only. */
function evaluate(plan: StylizePlan, loss: CombinedLoss, names: readonly TermName[], x: tf.Tensor4D, channels: 1 | 3): LossTerms {
  const vector = tf.tidy('stylizeEvaluate', () => lossVector(plan, loss, names, toRgb(x, channels)));
  const values = Array.from(vector.dataSync());
  vector.dispose();
  return toTerms(values, names);
}

/** The RGB image a user would get from `x` at this scale: colour recombined, rounded and clamped to 0..255. */
function deliverable(prepared: Prepared, x: tf.Tensor, height: number, width: number): tf.Tensor3D {
  return tf.tidy('stylizeDeliverable', () => {
    const image = tf.reshape<tf.Rank.R3>(x, [height, width, prepared.channels]);
    let rgb: tf.Tensor3D = image;
    if (prepared.channels === 1 && prepared.chroma !== null) {
      const chroma = resizeImage(prepared.chroma, { height, width });
      rgb = yiqToRgb(tf.concat([image, chroma], 2));
    }
    return tf.round(tf.clipByValue(rgb, 0, 255));
  });
}

function now(): number {
  return performance.now();
}
