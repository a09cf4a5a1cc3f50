import * as tf from '@tensorflow/tfjs-core';
import type { Command } from 'commander';
import { StylegradError } from '../../errors';
import { convertWeightsToTfjs } from '../../node/convertWeightsToTfjs';
import { pickBackend } from '../../node/pickBackend';

/**
 * Adds `stylegrad convert <input> <output> [--quantize uint8|float16]`: a Keras `.h5` weights file (or a tfjs
 * folder) → a tfjs layers-model folder (model.json + 4 MiB shards) for hosting weights for browsers.
 *
 * @param program - The commander program to add the subcommand to.
 * @returns The `convert` subcommand.
 * @example
 * ```ts
 * const program = new Command('stylegrad');
 * registerConvertCommand(program);
 * await program.parseAsync(['node', 'stylegrad', 'convert', 'vgg16_notop.h5', 'out/vgg16', '--quantize', 'uint8']);
 * ```
 * @category CLI
 */
export function registerConvertCommand(program: Command): Command {
  return program
    .command('convert')
    .description('Convert Keras .h5 weights (or a tfjs folder) into a tfjs layers-model folder (model.json + shards) that browsers can load.')
    .argument('<input>', 'a Keras .h5 weights file, e.g. vgg19_weights_tf_dim_ordering_tf_kernels_notop.h5, or a tfjs folder')
    .argument('<output>', 'the folder to write model.json and group1-shardNofM.bin into')
    .option('--quantize <dtype>', 'store weights as uint8 (4x smaller) or float16 (2x smaller); default float32')
    .action(async (input: string, output: string, opts: { quantize?: string }) => {
      const quantize = opts.quantize ?? 'float32';
      if (quantize !== 'float32' && quantize !== 'float16' && quantize !== 'uint8') {
        throw new StylegradError('stylegrad convert', '--quantize', `must be uint8, float16 or float32; got '${quantize}'.`);
      }
      // Decoding and encoding are plain tensor reads: keep the backend in use, or pick one if none is set.
      if (!hasBackend()) await pickBackend();
      const result = await convertWeightsToTfjs(input, output, { quantize });
      console.log(`wrote ${result.modelJsonPath}: ${result.tensors} tensors, ${(result.bytes / 1048576).toFixed(1)} MiB of ${quantize} weights`);
    });
}

/** Whether a tfjs backend is already active (tf.getBackend() is null until one is set). */
function hasBackend(): boolean {
  const name = tf.getBackend() as string | null;
  return typeof name === 'string' && name !== '';
}
