import * as tf from '@tensorflow/tfjs-core';
import { StylegradError } from '../errors';
import { throwIfAborted } from '../internal/throwIfAborted';
import { assertNonNegativeFinite, assertPositiveFinite, describe } from '../internal/validate';
import { contentLoss } from '../losses/contentLoss';
import { styleLoss } from '../losses/styleLoss';
import { totalVariationLoss } from '../losses/totalVariationLoss';
import { createAdam, type AdamVariablesState } from '../optimizers/createAdam';
import type { VariablesObjective } from '../optimizers/types';
import { weightSpecs } from './internal/architecture';
import { transformForward } from './internal/forward';
import { permutation, randomInt } from './internal/random';
import type { TrainEvent, TrainingImages, TrainingLossRecord, TrainingState, TrainTransformNetOptions } from './trainTypes';

const FN = 'trainTransformNet';
/** Added to √v̂ (as torch.optim.Adam, which pytorch/examples' fast_neural_style uses). */
const EPSILON = 1e-8;

/**
 * Trains a feed-forward transformation network for one style with the perceptual loss of Johnson et al.
 * (2016), as pytorch/examples `fast_neural_style` and Wang, Guo & Lu do: each step takes `batchSize` random
 * `cropSize`² crops of shuffled content images, runs the network, and minimises
 * `contentWeight · content + styleWeight · style + tvWeight · tv` on the extractor's features with Adam
 * (bias-corrected, β 0.9/0.999, ε 1e-8) over every weight of the network.
 *
 * - content: mean squared difference between the features of the output and of the input batch at
 *   `contentLayers` (default `relu2_2`);
 * - style: per `styleLayers` layer (default `relu1_2, relu2_2, relu3_3, relu4_3`), the mean squared
 *   difference between each output's Gram matrix (normalised by C·H·W) and the style image's, summed;
 * - tv: squared neighbour differences, mean per direction.
 *
 * Deterministic given `seed`: the image order (a fresh shuffle per epoch) and the crops are a function of
 * (seed, step), so a run resumed from a checkpoint follows the same trajectory. Works on every backend,
 * wasm included (its missing Conv2DBackpropFilter is computed from forward convolutions).
 *
 * @param options - See {@link TrainTransformNetOptions}.
 * @returns An async iterable of {@link TrainEvent}s; the network is updated in place as it runs.
 * @throws {@link StylegradError} (on the first `next()`) for invalid options, a network that is not
 * `'pytorch-examples'`, or a resume state whose weights do not fit; rejects with `signal.reason` when aborted.
 * @example
 * ```ts
 * const net = createTransformNet({ seed: 1 });
 * for await (const event of trainTransformNet({ net, extractor, style, images, steps: 2000 })) {
 *   if (event.type === 'step' && event.step % 100 === 0) console.log(event.step, event.loss.total);
 * }
 * await saveTransformNet(net, 'downloads://my-style');
 * ```
 * @category Feed-forward
 */
export async function* trainTransformNet(options: TrainTransformNetOptions): AsyncGenerator<TrainEvent, void, undefined> {
  const started = Date.now();
  const config = validate(options);
  const { batchSize, cropSize, steps, seed, signal } = config;
  const names = weightSpecs('pytorch-examples').map((s) => s.name);
  const variables = names.map((n) => config.net.weights[n] as tf.Variable);
  const resume = options.resume;
  if (resume) {
    names.forEach((n, i) => {
      (variables[i] as tf.Variable).assign(resume.weights[n] as tf.Tensor);
    });
  }
  const adam = createAdam({ learningRate: config.learningRate, epsilon: EPSILON, formulation: 'efficient' });
  const moments = (map: Readonly<Record<string, tf.Tensor>>): tf.Tensor[] => names.map((n) => map[n] as tf.Tensor);
  let adamState = adam.initVariables(
    variables,
    resume && { firstMoments: moments(resume.adamFirstMoments), secondMoments: moments(resume.adamSecondMoments), iterations: resume.step },
  );
  const history: TrainingLossRecord[] = resume ? [...resume.history] : [];
  let step = resume?.step ?? 0;
  const losses = perceptualLosses(config, options.style);
  const source: TrainingImages = Array.isArray(config.images)
    ? { count: config.images.length, load: (i) => Promise.resolve((config.images as tf.Tensor3D[])[i]?.clone() as tf.Tensor3D) }
    : (config.images as TrainingImages);

  const snapshot = (): TrainingState => ({
    step,
    weights: Object.fromEntries(names.map((n, i) => [n, variables[i] as tf.Tensor])),
    adamFirstMoments: Object.fromEntries(names.map((n, i) => [n, adamState.firstMoments[i] as tf.Tensor])),
    adamSecondMoments: Object.fromEntries(names.map((n, i) => [n, adamState.secondMoments[i] as tf.Tensor])),
    history: [...history],
    seed,
  });

  try {
    while (step < steps) {
      throwIfAborted(signal, FN);
      const batch = await loadBatch(source, step, batchSize, cropSize, config.resizeTo, seed);
      throwIfAborted(signal, FN);
      let record: TrainingLossRecord;
      try {
        const result = trainStep(config, losses, variables, batch, step + 1, (objective) => adam.stepVariables(adamState, objective).state);
        record = result.record;
        adamState = result.state;
      } finally {
        batch.dispose();
      }
      step += 1;
      history.push(record);
      yield { type: 'step', step, steps, loss: record, epoch: Math.floor((step * batchSize - 1) / source.count), elapsed: Date.now() - started };
      if (config.checkpointEvery !== undefined && (step % config.checkpointEvery === 0 || step === steps)) {
        yield { type: 'checkpoint', state: snapshot() };
      }
      // Let timers, abort handlers and rendering run between steps.
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    yield { type: 'done', step, history: [...history], elapsed: Date.now() - started };
  } finally {
    losses.style.dispose();
    losses.tv.dispose();
    adam.disposeVariables(adamState);
  }
}

/** The style and TV losses of a training run and the layers each step extracts. */
interface PerceptualLosses {
  readonly style: ReturnType<typeof styleLoss>;
  readonly tv: ReturnType<typeof totalVariationLoss>;
  readonly contentLayerNames: readonly string[];
  readonly featureLayers: readonly string[];
}

/** Builds the style loss (targets from the style image) and the TV loss. */
function perceptualLosses(config: Config, styleImageOption: tf.Tensor3D | tf.Tensor4D): PerceptualLosses {
  const { extractor } = config;
  const styleImage = tf.tidy('trainTransformNet.styleBatch', () => (styleImageOption.rank === 3 ? tf.expandDims(styleImageOption, 0) : styleImageOption) as tf.Tensor4D);
  const styleFeatures = extractor.extract(styleImage, Object.keys(config.styleLayers));
  styleImage.dispose();
  const style = styleLoss(styleFeatures, { layers: config.styleLayers, normalization: 'chw', reduction: 'mean' });
  tf.dispose(Object.values(styleFeatures));
  const tv = totalVariationLoss({ kind: 'l2', reduction: 'mean' });
  const contentLayerNames = Object.keys(config.contentLayers);
  const featureLayers = [...new Set([...contentLayerNames, ...Object.keys(config.styleLayers)])];
  return { style, tv, contentLayerNames, featureLayers };
}

/**
 * One training step on `batch`: the perceptual loss and its gradient with respect to every weight, handed to
 * `update` (one Adam step) as a {@link VariablesObjective}.
 */
function trainStep(
  config: Config,
  losses: PerceptualLosses,
  variables: readonly tf.Variable[],
  batch: tf.Tensor4D,
  t: number,
  update: (objective: VariablesObjective) => AdamVariablesState,
): { record: TrainingLossRecord; state: AdamVariablesState } {
  const { net, extractor } = config;
  const targets = tf.tidy('trainTransformNet.contentTargets', () => extractor.extract(batch, [...losses.contentLayerNames]));
  const content = contentLoss(targets, { layers: config.contentLayers, reduction: 'mean' });
  tf.dispose(Object.values(targets));
  try {
    let record: TrainingLossRecord | null = null;
    const state = update((): { loss: number; gradients: tf.Tensor[] } => {
      const kept: tf.Scalar[] = [];
      const { value, grads } = tf.variableGrads(() => {
        const output = transformForward(net, batch);
        const features = extractor.extract(output, [...losses.featureLayers]);
        const terms = [
          tf.mul(content(features), config.contentWeight),
          tf.mul(losses.style(features), config.styleWeight),
          config.tvWeight > 0 ? tf.mul(losses.tv(output), config.tvWeight) : tf.scalar(0),
        ] as tf.Scalar[];
        kept.push(...terms.map((s) => tf.keep(s)));
        return tf.addN<tf.Scalar>(terms);
      }, [...variables]);
      const [total, contentValue, styleValue, tvValue] = [value, ...kept].map((s) => s.dataSync()[0] as number) as [number, number, number, number];
      tf.dispose([value, ...kept]);
      record = { step: t, total, content: contentValue, style: styleValue, tv: tvValue };
      return { loss: total, gradients: variables.map((variable) => grads[variable.name] as tf.Tensor) };
    });
    if (record === null) throw new Error(`${FN}: internal error, the objective was not evaluated`);
    return { record, state };
  } finally {
    content.dispose();
  }
}

async function loadBatch(source: TrainingImages, step: number, batchSize: number, cropSize: number, resizeTo: number | undefined, seed: number): Promise<tf.Tensor4D> {
  const crops: tf.Tensor3D[] = [];
  try {
    for (let i = 0; i < batchSize; i++) {
      const sample = step * batchSize + i;
      const epoch = Math.floor(sample / source.count);
      const index = permutation(source.count, seed, epoch)[sample % source.count] as number;
      const image = await source.load(index);
      crops.push(
        tf.tidy('trainTransformNet.crop', () => {
          if (image.rank !== 3 || image.shape[2] !== 3) {
            throw new StylegradError(FN, `options.images[${index}]`, `must be an RGB image [H, W, 3]; got ${describe(image)}.`);
          }
          let x = tf.cast(image, 'float32');
          const [h, w] = x.shape;
          const shorter = Math.min(h, w);
          const target = resizeTo ?? (shorter < cropSize ? cropSize : shorter);
          if (target !== shorter) {
            const scale = target / shorter;
            x = tf.image.resizeBilinear(x, [Math.max(cropSize, Math.round(h * scale)), Math.max(cropSize, Math.round(w * scale))], true);
          }
          const [rh, rw] = x.shape;
          const top = randomInt(rh - cropSize + 1, seed, 2, sample);
          const left = randomInt(rw - cropSize + 1, seed, 3, sample);
          return tf.slice(x, [top, left, 0], [cropSize, cropSize, 3]);
        }),
      );
      image.dispose();
    }
    return tf.stack(crops) as tf.Tensor4D;
  } finally {
    tf.dispose(crops);
  }
}

interface Config {
  net: TrainTransformNetOptions['net'];
  extractor: TrainTransformNetOptions['extractor'];
  images: TrainTransformNetOptions['images'];
  steps: number;
  batchSize: number;
  cropSize: number;
  resizeTo: number | undefined;
  learningRate: number;
  contentLayers: Readonly<Record<string, number>>;
  styleLayers: Readonly<Record<string, number>>;
  contentWeight: number;
  styleWeight: number;
  tvWeight: number;
  seed: number;
  checkpointEvery: number | undefined;
  signal: AbortSignal | undefined;
}

function validate(options: TrainTransformNetOptions): Config {
  if (typeof options !== 'object' || (options as unknown) === null) throw new StylegradError(FN, 'options', `must be an object; got ${describe(options)}.`);
  const { net, extractor, style, images } = options;
  if (typeof net !== 'object' || (net as unknown) === null || typeof net.weights !== 'object') {
    throw new StylegradError(FN, 'options.net', `must be a TransformNet; got ${describe(net)}.`);
  }
  if (net.architecture !== 'pytorch-examples') {
    throw new StylegradError(FN, 'options.net', `must have the 'pytorch-examples' architecture (createTransformNet); got '${net.architecture}'.`);
  }
  if (typeof extractor !== 'object' || (extractor as unknown) === null || typeof extractor.extract !== 'function') {
    throw new StylegradError(FN, 'options.extractor', `must be a FeatureExtractor; got ${describe(extractor)}.`);
  }
  if (!(style instanceof tf.Tensor) || !((style.rank === 3 && style.shape[2] === 3) || (style.rank === 4 && style.shape[0] === 1 && style.shape[3] === 3))) {
    throw new StylegradError(FN, 'options.style', `must be an RGB image [H, W, 3] or [1, H, W, 3]; got ${describe(style)}.`);
  }
  const count = Array.isArray(images) ? images.length : (images as TrainingImages | undefined)?.count;
  if (typeof count !== 'number' || count < 1 || (!Array.isArray(images) && typeof (images as TrainingImages).load !== 'function')) {
    throw new StylegradError(FN, 'options.images', `must be a non-empty array of [H, W, 3] tensors or { count, load(index) }; got ${describe(images)}.`);
  }
  const positiveInt = (name: string, value: unknown, fallback: number | undefined): number | undefined => {
    if (value === undefined) return fallback;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
      throw new StylegradError(FN, `options.${name}`, `must be a positive integer; got ${describe(value)}.`);
    }
    return value;
  };
  const steps = positiveInt('steps', options.steps, undefined);
  if (steps === undefined) throw new StylegradError(FN, 'options.steps', 'is required (a positive integer).');
  const cropSize = positiveInt('cropSize', options.cropSize, 256) ?? 256;
  if (cropSize < 16) throw new StylegradError(FN, 'options.cropSize', `must be at least 16; got ${cropSize}.`);
  const learningRate = options.learningRate ?? 1e-3;
  assertPositiveFinite(FN, 'options.learningRate', learningRate);
  const contentWeight = options.contentWeight ?? 1;
  const styleWeight = options.styleWeight ?? 2;
  const tvWeight = options.tvWeight ?? 0;
  assertNonNegativeFinite(FN, 'options.contentWeight', contentWeight);
  assertNonNegativeFinite(FN, 'options.styleWeight', styleWeight);
  assertNonNegativeFinite(FN, 'options.tvWeight', tvWeight);
  const contentLayers = options.contentLayers ?? { relu2_2: 1 };
  const styleLayers = options.styleLayers ?? { relu1_2: 1, relu2_2: 1, relu3_3: 1, relu4_3: 1 };
  for (const [name, layers] of [['contentLayers', contentLayers], ['styleLayers', styleLayers]] as const) {
    const unknown = Object.keys(layers).filter((l) => !extractor.layers.includes(l));
    if (Object.keys(layers).length === 0 || unknown.length > 0) {
      throw new StylegradError(FN, `options.${name}`, `must name at least one layer of ${extractor.id}; unknown: ${unknown.join(', ') || '(none given)'}.`);
    }
  }
  const seed = options.resume?.seed ?? options.seed ?? 0;
  if (!Number.isInteger(seed)) throw new StylegradError(FN, 'options.seed', `must be an integer; got ${describe(seed)}.`);
  if (options.resume !== undefined) {
    for (const { name, shape } of weightSpecs('pytorch-examples')) {
      for (const [part, map] of [['weights', options.resume.weights], ['adamFirstMoments', options.resume.adamFirstMoments], ['adamSecondMoments', options.resume.adamSecondMoments]] as const) {
        const t = map[name];
        if (!(t instanceof tf.Tensor) || t.shape.join(',') !== shape.join(',')) {
          throw new StylegradError(FN, `options.resume.${part}`, `needs '${name}' of shape [${shape.join(', ')}]; got ${describe(t)}.`);
        }
      }
    }
  }
  return {
    net,
    extractor,
    images,
    steps,
    batchSize: positiveInt('batchSize', options.batchSize, 4) ?? 4,
    cropSize,
    resizeTo: positiveInt('resizeTo', options.resizeTo, undefined),
    learningRate,
    contentLayers,
    styleLayers,
    contentWeight,
    styleWeight,
    tvWeight,
    seed,
    checkpointEvery: positiveInt('checkpointEvery', options.checkpointEvery, undefined),
    signal: options.signal,
  };
}
