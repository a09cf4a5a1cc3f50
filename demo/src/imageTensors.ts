// Between DOM images/canvases and tensors (RGB 0..255).
import * as tf from '@tensorflow/tfjs-core';

/**
 * The pixels of an image, canvas or video frame as an RGB float32 tensor 0..255.
 *
 * @param source - What to read.
 * @returns `[H, W, 3]` float32, owned by the caller.
 */
export function imageTensor(source: HTMLImageElement | HTMLCanvasElement | HTMLVideoElement): tf.Tensor3D {
  return tf.tidy('demo.imageTensor', () => tf.cast(tf.browser.fromPixels(source), 'float32'));
}

/**
 * Draws an RGB 0..255 tensor into a canvas (resizing the canvas to it), rounded and clamped to 8 bits.
 *
 * @param image - `[H, W, 3]` 0..255; not disposed.
 * @param canvas - Where to draw.
 */
export async function drawTensor(image: tf.Tensor3D, canvas: HTMLCanvasElement): Promise<void> {
  const pixels = tf.tidy('demo.drawTensor', () => tf.cast(tf.round(tf.clipByValue(image, 0, 255)), 'int32'));
  try {
    await tf.browser.toPixels(pixels, canvas);
  } finally {
    pixels.dispose();
  }
}

/**
 * Loads an image from a URL or a picked/dropped file.
 *
 * @param source - A URL or a File.
 * @returns The decoded image element.
 * @throws Error naming the source when it cannot be decoded.
 */
export async function loadImage(source: string | File): Promise<HTMLImageElement> {
  const url = typeof source === 'string' ? source : URL.createObjectURL(source);
  const image = new Image();
  image.crossOrigin = 'anonymous';
  image.src = url;
  try {
    await image.decode();
  } catch {
    throw new Error(`could not decode ${typeof source === 'string' ? source : source.name} as an image`);
  } finally {
    if (typeof source !== 'string') URL.revokeObjectURL(url);
  }
  return image;
}

/**
 * Draws `source` into `canvas` scaled so that its longer side is `size` pixels (the browser's resampling).
 *
 * @param source - The image or video frame.
 * @param canvas - Resized to the scaled size.
 * @param size - The longer side in pixels.
 */
export function drawScaled(source: HTMLImageElement | HTMLVideoElement, canvas: HTMLCanvasElement, size: number): void {
  const width = source instanceof HTMLVideoElement ? source.videoWidth : source.naturalWidth;
  const height = source instanceof HTMLVideoElement ? source.videoHeight : source.naturalHeight;
  const scale = size / Math.max(width, height);
  canvas.width = Math.max(1, Math.round(width * scale));
  canvas.height = Math.max(1, Math.round(height * scale));
  const context = canvas.getContext('2d');
  if (context === null) throw new Error('no 2D canvas context');
  context.drawImage(source, 0, 0, canvas.width, canvas.height);
}
