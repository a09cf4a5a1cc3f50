import * as tf from '@tensorflow/tfjs-core';

/**
 * The warning for an image that looks like RGB 0..1 where 0..255 is expected: its maximum is at most 1 and it
 * is not all zeros (a black image is valid 0..255 input). Reads two numbers back synchronously; frees what it makes.
 *
 * @param image - The image to check.
 * @param what - How the message names it, e.g. `'options.content'`.
 * @param functionName - The function that expects 0..255, for the message.
 * @returns The warning message, or undefined when the image does not look like 0..1.
 */
export function inputRangeWarning(image: tf.Tensor, what: string, functionName: string): string | undefined {
  const [min = 0, max = 0] = tf.tidy('inputRangeWarning', () => tf.stack([tf.min(image), tf.max(image)]).dataSync());
  if (max > 1 || (min === 0 && max === 0)) return undefined;
  return `${functionName}: ${what} has values in ${round(min)}..${round(max)}, but RGB 0..255 is expected; if it is a 0..1 image, multiply it by 255 (tf.mul(image, 255)).`;
}

/** Three significant digits, without trailing zeros: 0.0275, 0.98, 1. */
function round(value: number): string {
  return String(Number(value.toPrecision(3)));
}
