// Shared set-up for the examples that reproduce published experiments: backend, VGG-19 and SqueezeNet from the data
// folder ($STYLEGRAD_DATA_DIR, else ../shared/data beside the repository, the layout the demo uses too:
// weights/vgg19-notop-uint8/ — `stylegrad convert vgg19_weights_tf_dim_ordering_tf_kernels_notop.h5
// weights/vgg19-notop-uint8 --quantize uint8`, see docs/extractors.md for where the Keras files are —,
// weights/squeezenet1.1-notop/*.h5, images/content/, images/style/), image
// loading, a run-to-completion helper that prints progress, and labelled contact-sheet output (captions drawn
// with sharp's SVG compositing, which the library's platform-neutral contactSheet cannot do).
import { resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import sharp from 'sharp';
import {
  contactSheet,
  loadSqueezeNetFromPath,
  loadVgg19FromPath,
  pickBackend,
  readImage,
  stylize,
  type DoneEvent,
  type FeatureExtractor,
  type StylizeOptions,
} from '../../src/node/index';

export const DATA = resolve(process.env.STYLEGRAD_DATA_DIR ?? resolve(import.meta.dirname, '../../../shared/data'));
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

/** Height in pixels of the caption strip under each row of a sheet. */
const CAPTION = 14;

/**
 * Writes a contact sheet of `images` (disposed afterwards) to docs/examples/<name>.jpg, with `labels[i]` printed
 * under cell i, and prints its path.
 */
export async function saveSheet(name: string, images: tf.Tensor3D[], labels: readonly string[], columns: number, cellSize: number): Promise<void> {
  if (labels.length !== images.length) throw new Error(`saveSheet(${name}): ${images.length} images but ${labels.length} labels`);
  const padding = 3;
  const sheet = contactSheet(images, { columns, cellSize, padding });
  const rows = Math.ceil(images.length / columns);
  const rowHeight = cellSize + padding;
  // Insert a white caption strip under each row of cells.
  const captioned = tf.tidy(() => {
    const width = sheet.shape[1];
    const strip = tf.fill<tf.Rank.R3>([CAPTION, width, 3], 255);
    const parts: tf.Tensor3D[] = [tf.slice(sheet, [0, 0, 0], [padding, width, 3])];
    for (let row = 0; row < rows; row++) parts.push(tf.slice(sheet, [padding + row * rowHeight, 0, 0], [rowHeight, width, 3]), strip);
    return tf.concat(parts, 0);
  });
  const [height, width] = [captioned.shape[0], captioned.shape[1]];
  const escape = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const texts = labels.map((label, i) => {
    const x = padding + (i % columns) * (cellSize + padding) + cellSize / 2;
    const y = padding + Math.floor(i / columns) * (rowHeight + CAPTION) + rowHeight + CAPTION - 4;
    return `<text x="${x}" y="${y}" text-anchor="middle">${escape(label)}</text>`;
  });
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><g font-family="DejaVu Sans, sans-serif" font-size="10" fill="#222">${texts.join('')}</g></svg>`;
  const bytes = tf.tidy(() => tf.cast(tf.round(tf.clipByValue(captioned, 0, 255)), 'int32'));
  const pixels = Buffer.from(Uint8Array.from(await bytes.data()));
  bytes.dispose();
  const path = `${DOCS}/${name}.jpg`;
  await sharp(pixels, { raw: { width, height, channels: 3 } }).composite([{ input: Buffer.from(svg), top: 0, left: 0 }]).jpeg({ quality: 85 }).toFile(path);
  tf.dispose([sheet, captioned, ...images]);
  console.log(`wrote ${path}`);
}
