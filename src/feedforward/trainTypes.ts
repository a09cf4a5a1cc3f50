import type * as tf from '@tensorflow/tfjs-core';
import type { FeatureExtractor } from '../extractors/types';
import type { TransformNet } from './types';

/**
 * A set of training (content) images that loads one image at a time, e.g. from a folder
 * (`trainingImagesFromFolder` in `stylegrad/node`) or from URLs in a browser.
 *
 * @example
 * ```ts
 * const images: TrainingImages = { count: urls.length, load: (i) => loadImageTensor(urls[i]) };
 * ```
 * @category Feed-forward
 */
export interface TrainingImages {
  /** How many images there are. */
  readonly count: number;
  /** Loads image `index` as RGB 0..255 `[H, W, 3]`; the trainer disposes it. */
  load(index: number): Promise<tf.Tensor3D>;
}

/**
 * Options for {@link trainTransformNet}. Defaults follow pytorch/examples `fast_neural_style` and Wang, Guo & Lu,
 * "Real-time Image Style Transfer": content `relu2_2`, style `relu1_2, relu2_2, relu3_3, relu4_3`, Adam 1e-3,
 * batch 4, 256² crops.
 *
 * @example
 * ```ts
 * const options: TrainTransformNetOptions = { net, extractor, style, images, steps: 2000 };
 * ```
 * @category Feed-forward
 */
export interface TrainTransformNetOptions {
  /** The network to train, in place (`'pytorch-examples'` architecture, from {@link createTransformNet}). */
  readonly net: TransformNet;
  /** The loss network (VGG-16 in Johnson et al. 2016; VGG-19 has the same layer names). Not disposed. */
  readonly extractor: FeatureExtractor;
  /** The style image, RGB 0..255 `[H, W, 3]` or `[1, H, W, 3]`. Not disposed. */
  readonly style: tf.Tensor3D | tf.Tensor4D;
  /** The content images: an array of `[H, W, 3]` tensors (not disposed) or a {@link TrainingImages} loader. */
  readonly images: readonly tf.Tensor3D[] | TrainingImages;
  /** Train until this many steps are done in total (counting the steps of a resumed state). */
  readonly steps: number;
  /** Images per step. Default 4. */
  readonly batchSize?: number;
  /** Side of the square random crops. Default 256. */
  readonly cropSize?: number;
  /** Resize each image so its shorter side is this many pixels before cropping. Default: no resize (images shorter than the crop are scaled up to it). */
  readonly resizeTo?: number;
  /** Adam learning rate. Default 1e-3. */
  readonly learningRate?: number;
  /** Content layers and their weights. Default `{ relu2_2: 1 }`. */
  readonly contentLayers?: Readonly<Record<string, number>>;
  /** Style layers and their weights. Default `{ relu1_2: 1, relu2_2: 1, relu3_3: 1, relu4_3: 1 }`. */
  readonly styleLayers?: Readonly<Record<string, number>>;
  /** Weight of the content loss (mean squared feature difference). Default 1. */
  readonly contentWeight?: number;
  /** Weight of the style loss (mean squared difference of C·H·W-normalised Grams, summed over layers). Default 2 (see docs/feedforward.md for the calibration). */
  readonly styleWeight?: number;
  /** Weight of the total-variation loss (squared differences, mean per direction). Default 0. */
  readonly tvWeight?: number;
  /** Seed of the shuffling and the crops. Default 0. */
  readonly seed?: number;
  /** Yield a `checkpoint` event every this many steps (and after the last). Default: never. */
  readonly checkpointEvery?: number;
  /** Continue from a checkpoint (a `checkpoint` event's state, or `loadTrainingCheckpoint` in Node). */
  readonly resume?: TrainingState;
  /** Stops between steps; the iterator then rejects with `signal.reason`. */
  readonly signal?: AbortSignal;
}

/**
 * One step's losses, as kept in the history: the total and the weighted terms (they sum to the total).
 *
 * @example
 * ```ts
 * const last: TrainingLossRecord = state.history.at(-1)!;
 * ```
 * @category Feed-forward
 */
export interface TrainingLossRecord {
  /** The step, from 1. */
  readonly step: number;
  /** Σ of the terms. */
  readonly total: number;
  /** contentWeight · content loss. */
  readonly content: number;
  /** styleWeight · style loss. */
  readonly style: number;
  /** tvWeight · TV loss. */
  readonly tv: number;
}

/**
 * Everything needed to continue training exactly where it stopped: the step, the network's and Adam's
 * tensors, the loss history and the seed (the data order and crops are a function of seed and step).
 *
 * @example
 * ```ts
 * for await (const e of trainTransformNet(options)) if (e.type === 'checkpoint') await saveTrainingCheckpoint(e.state, 'ckpt');
 * ```
 * @category Feed-forward
 */
export interface TrainingState {
  /** Steps completed. */
  readonly step: number;
  /** The network's weights by name (see {@link TransformNet.weights}). */
  readonly weights: Readonly<Record<string, tf.Tensor>>;
  /** Adam's first moments, by weight name. */
  readonly adamFirstMoments: Readonly<Record<string, tf.Tensor>>;
  /** Adam's second moments, by weight name. */
  readonly adamSecondMoments: Readonly<Record<string, tf.Tensor>>;
  /** Every step's losses so far. */
  readonly history: readonly TrainingLossRecord[];
  /** The run's seed. */
  readonly seed: number;
}

/**
 * A step finished.
 *
 * @example
 * ```ts
 * if (event.type === 'step') console.log(`${event.step}/${event.steps} loss ${event.loss.total}`);
 * ```
 * @category Feed-forward
 */
export interface TrainStepEvent {
  /** Discriminant. */
  readonly type: 'step';
  /** Steps completed (from 1). */
  readonly step: number;
  /** The target number of steps. */
  readonly steps: number;
  /** The losses of the batch before the update. */
  readonly loss: TrainingLossRecord;
  /** Epoch of the step's last image (from 0). */
  readonly epoch: number;
  /** Milliseconds since this call started. */
  readonly elapsed: number;
}

/**
 * A checkpoint: the state after `state.step` steps. Its tensors are valid until the next event is
 * requested (save or clone them in the loop body).
 *
 * @example
 * ```ts
 * if (event.type === 'checkpoint') await saveTrainingCheckpoint(event.state, 'ckpt');
 * ```
 * @category Feed-forward
 */
export interface TrainCheckpointEvent {
  /** Discriminant. */
  readonly type: 'checkpoint';
  /** The training state. */
  readonly state: TrainingState;
}

/**
 * Training finished (the net holds the trained weights).
 *
 * @example
 * ```ts
 * if (event.type === 'done') console.log(event.history.length, 'steps');
 * ```
 * @category Feed-forward
 */
export interface TrainDoneEvent {
  /** Discriminant. */
  readonly type: 'done';
  /** Steps completed in total. */
  readonly step: number;
  /** Every step's losses (including those before a resume). */
  readonly history: readonly TrainingLossRecord[];
  /** Milliseconds for this call. */
  readonly elapsed: number;
}

/**
 * The events {@link trainTransformNet} yields: a `step` event per step, `checkpoint` events every
 * `checkpointEvery` steps, one `done` event.
 *
 * @example
 * ```ts
 * for await (const event of trainTransformNet(options)) if (event.type === 'done') console.log('trained');
 * ```
 * @category Feed-forward
 */
export type TrainEvent = TrainStepEvent | TrainCheckpointEvent | TrainDoneEvent;
