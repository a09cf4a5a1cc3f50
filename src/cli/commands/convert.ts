import * as tf from '@tensorflow/tfjs-core';
import { namesInFolder } from '../../node/namesInFolder';
import type { Command } from 'commander';
import { StylegradError } from '../../errors';
import { convertWeightsToTfjs } from '../../node/convertWeightsToTfjs';
import { modelFileNames } from '../../node/modelFileNames';
import { pickBackend } from '../../node/pickBackend';
import { checkInput, checkOutput } from '../internal/checkPaths';
import { assertNotInside } from '../internal/fileIdentity';
import { restateError } from '../../internal/restateError';

const FN = 'stylegrad convert';

/**
 * The parsed arguments of `stylegrad convert`.
 *
 * @example
 * ```ts
 * const options: ConvertCommandOptions = { input: 'vgg16.h5', output: 'public/vgg16', quantize: 'uint8' };
 * ```
 * @category CLI
 */
export interface ConvertCommandOptions {
  /** A Keras .h5 weights file, or a tfjs folder / model.json. */
  readonly input: string;
  /** The folder to write. */
  readonly output: string;
  /** `--quantize`: uint8, float16 or float32 (default). */
  readonly quantize?: string;
  /** `--force`: replace an existing output folder as a whole. */
  readonly force?: boolean;
}

/**
 * Adds `stylegrad convert <input> <output> [--quantize uint8|float16] [--force]`: a Keras `.h5` weights file (or a
 * tfjs folder) → a tfjs layers-model folder (model.json + 4 MiB shards) for hosting weights for browsers.
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
    .option('-f, --force', 'replace an existing output folder as a whole')
    .action(async (input: string, output: string, opts: { quantize?: string; force?: boolean }) => {
      const result = await runConvertCommand({ input, output, ...opts });
      console.log(`wrote ${result.modelJsonPath}: ${result.tensors} tensors, ${(result.bytes / 1048576).toFixed(1)} MiB of ${opts.quantize ?? 'float32'} weights`);
    });
}

/**
 * Runs `stylegrad convert`: checks the arguments (the input exists; the output is not the input nor holds it, and
 * exists only with `--force`) before reading anything, then converts, writing the folder atomically.
 *
 * @param options - The parsed arguments.
 * @returns What {@link convertWeightsToTfjs} wrote.
 * @throws {@link StylegradError} for a bad `--quantize`, a missing input, an output equal to or holding the input,
 *   an existing output without `--force`, or one holding other files than a model's (it would be replaced whole).
 * @example
 * ```ts
 * await runConvertCommand({ input: 'vgg16.h5', output: 'public/vgg16', quantize: 'uint8' });
 * ```
 * @category CLI
 */
export async function runConvertCommand(options: ConvertCommandOptions): Promise<Awaited<ReturnType<typeof convertWeightsToTfjs>>> {
  const quantize = options.quantize ?? 'float32';
  if (quantize !== 'float32' && quantize !== 'float16' && quantize !== 'uint8') {
    throw new StylegradError(FN, '--quantize', `must be uint8, float16 or float32; got '${quantize}'.`);
  }
  await checkInput(FN, '<input>', options.input, 'any');
  await assertNotInside(FN, { flag: '<output>', path: options.output }, [{ flag: '<input>', path: options.input }]);
  await checkOutput(FN, '<output>', options.output, { kind: 'folder', force: options.force === true });
  const foreign = ((await namesInFolder(FN, '<output>', options.output)) ?? []).filter((name) => !modelFileNames('model.json')(name));
  if (foreign.length > 0) {
    throw new StylegradError(FN, '<output>', `'${options.output}' holds files that are not part of a model ('${foreign.slice(0, 3).join("', '")}'); it is replaced as a whole, so choose a new or empty folder.`);
  }
  // Decoding and encoding are plain tensor reads: keep the backend in use, or pick one if none is set.
  if (!hasBackend()) await pickBackend();
  try {
    return await convertWeightsToTfjs(options.input, options.output, { quantize, overwrite: options.force === true });
  } catch (error) {
    // A folder another process created meanwhile (kept, with this result beside it) is reported under <output>.
    const restated = restateError(error, FN, '<output>');
    throw error instanceof StylegradError && error.argument === 'outputFolder' ? restated : error;
  }
}

/** Whether a tfjs backend is already active (tf.getBackend() is null until one is set). */
function hasBackend(): boolean {
  const name = tf.getBackend() as string | null;
  return typeof name === 'string' && name !== '';
}
