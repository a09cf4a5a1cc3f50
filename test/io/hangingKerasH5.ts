// A Keras .h5 file on which libhdf5 (in h5wasm 0.10) does not finish (the fuzz gave up after 10 s; it appears
// to loop forever): the seeded fuzz file of test/fuzz/weightLoaderFuzz.ts (written by writeKerasH5) with one
// metadata byte flipped, as recorded by `npx tsx scripts/fuzz-weight-loaders.ts 10000` (seed 20261130, Keras
// .h5 case 1899: byte 2120 0x07 -> 0xf5; cases 4713 and 7439 flip byte 2144). Generated rather than committed
// (8.5 kB).
import * as tf from '@tensorflow/tfjs-core';
import { writeKerasH5 } from './writeKerasH5';

/** The fuzz harness' base .h5 file: three layers, two with weights. */
export async function fuzzBaseKerasH5(): Promise<Uint8Array> {
  const kernel = tf.tensor4d([0.5, -1.25, 2, 3.75, -4, 5.5], [1, 1, 2, 3]);
  const bias = tf.tensor1d([-1, 0.5, 7]);
  const k2 = tf.tensor2d([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], [3, 4]);
  try {
    return await writeKerasH5({ input_1: [], conv1: [['conv1/kernel:0', kernel], ['conv1/bias:0', bias]], dense: [['dense/kernel:0', k2]] });
  } finally {
    tf.dispose([kernel, bias, k2]);
  }
}

/** Where the recorded flips land and what the byte becomes. */
export const HANGING_FLIPS: readonly { at: number; from: number; to: number }[] = [
  { at: 2120, from: 0x07, to: 0xf5 },
  { at: 2144, from: 0x05, to: 0xb5 },
  { at: 2144, from: 0x05, to: 0xf7 },
];

/** The fuzz base file with flip `index` of {@link HANGING_FLIPS} applied (checks the byte it replaces). */
export async function hangingKerasH5(index = 0): Promise<Uint8Array> {
  const bytes = await fuzzBaseKerasH5();
  const flip = HANGING_FLIPS[index];
  if (flip === undefined) throw new Error(`no hanging flip ${index}`);
  if (bytes[flip.at] !== flip.from) throw new Error(`writeKerasH5 output changed: byte ${flip.at} is ${bytes[flip.at]}, expected ${flip.from}; re-run the fuzz script to find a hanging flip`);
  bytes[flip.at] = flip.to;
  return bytes;
}
