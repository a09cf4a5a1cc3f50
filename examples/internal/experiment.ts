// Shared set-up for the seed-experiment examples: backend, VGG-19 and SqueezeNet from ../shared/data, image
// loading, a run-to-completion helper that prints progress, and contact-sheet output.
import { resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import {
  contactSheet,
  loadSqueezeNetFromPath,
  loadVgg19FromPath,
  pickBackend,
  readImage,
  stylize,
  writeImage,
  type DoneEvent,
  type FeatureExtractor,
  type StylizeOptions,
} from '../../src/node/index';

export const DATA = resolve(import.meta.dirname, '../../../shared/data');
export const DOCS = resolve(import.meta.dirname, '../../docs/examples');

/** Size (longer side) the examples run at: the first CLI argument, else `fallback`. */
export function sizeArgument(fallback: number): number {
  const value = Number(process.argv[2] ?? fallback);
  if (!Number.isInteger(value) || value < 16) throw new Error(`size must be an integer >= 16; got ${process.argv[2] ?? ''}`);
  return value;
}

export async function setUp(): Promise<{ vgg: FeatureExtractor }> {
  const picked = await pickBackend();
  console.log(`backend: ${picked.reason}`);
  return { vgg: await loadVgg19FromPath(`${DATA}/weights/vgg19-notop-uint8`) };
}

export async function loadSqueezeNet(): Promise<FeatureExtractor> {
  return loadSqueezeNetFromPath(`${DATA}/weights/squeezenet1.1-notop/squeezenet_weights_tf_dim_ordering_tf_kernels_notop.h5`);
}

export async function image(kind: 'content' | 'style', name: string, size: number): Promise<tf.Tensor3D> {
  return readImage(`${DATA}/images/${kind}/${name}`, { size });
}

/** Runs stylize to the end and returns the done event (its image is the caller's). */
export async function runToEnd(label: string, options: StylizeOptions): Promise<DoneEvent> {
  const started = Date.now();
  for await (const event of stylize(options)) {
    if (event.type === 'done') {
      const terms = Object.entries(event.deliveredLoss as unknown as Record<string, number>).map(([k, v]) => `${k} ${v.toExponential(3)}`).join(', ');
      console.log(`${label}: ${event.iterations} iterations, ${((Date.now() - started) / 1000).toFixed(1)} s, ${event.stopReason}; delivered loss ${terms}`);
      return event;
    }
  }
  throw new Error(`${label}: no result`);
}

/** Writes a contact sheet of `images` (disposed afterwards) to docs/examples/<name>.jpg and prints its path. */
export async function saveSheet(name: string, images: tf.Tensor3D[], columns: number, cellSize: number): Promise<void> {
  const sheet = contactSheet(images, { columns, cellSize, padding: 3 });
  const path = `${DOCS}/${name}.jpg`;
  await writeImage(sheet, path, { quality: 85 });
  tf.dispose([sheet, ...images]);
  console.log(`wrote ${path}`);
}
