// `stylegrad stylize`: check every input and output path before anything is loaded (part of planStylizeRun).
import { basename, dirname, extname, join } from 'node:path';
import { checkImageInput, checkInput, checkOutput, IMAGE_OUTPUT_EXTENSIONS } from '../../internal/checkPaths';
import { assertDistinctPaths, type NamedPath } from '../../internal/fileIdentity';
import type { StylizeCommandOptions } from '../stylize';
import type { StylizePlan } from './planStylizeRun';

const FN = 'stylegrad';

/** The output paths of a run. */
type OutputPaths = Pick<StylizePlan, 'output' | 'history' | 'plot' | 'framesDir'>;

/**
 * Checks the paths of `stylegrad stylize`: the weights exist; the content, style and init images exist and are
 * images (their headers give their sizes); the outputs (`--output`, `--history` and `--plot`, by default next to
 * `--output`, and the `--save-every` frames folder) are not one of the inputs or each other (even with `--force`),
 * have an allowed extension, are not folders (frames: not a file), exist only with `--force` and can be created.
 *
 * @param options - The parsed flags (`content`, `init`, `output`, `history`, `plot`, `force`).
 * @param parsed - The weights path, style paths, whether `--init` is an image, and `--save-every`.
 * @returns The image sizes (content first, then styles, then init) and the output paths.
 * @throws {@link StylegradError} naming the flag, for the first problem found.
 * @example
 * ```ts
 * const { sizes, paths } = await checkStylizePaths(options, { weightsPath: 'vgg19/', styles: ['b.jpg'], initIsImage: false, saveEvery: 0 });
 * ```
 * @category CLI
 */
export async function checkStylizePaths(
  options: StylizeCommandOptions,
  parsed: { readonly weightsPath: string; readonly styles: readonly string[]; readonly initIsImage: boolean; readonly saveEvery: number },
): Promise<{ sizes: { width: number; height: number }[]; paths: OutputPaths }> {
  const { weightsPath, styles, initIsImage, saveEvery } = parsed;
  const inputs: NamedPath[] = [
    { flag: '--weights', path: weightsPath },
    ...(options.content === undefined ? [] : [{ flag: '--content', path: options.content }]),
    ...styles.map((path) => ({ flag: '--style', path })),
    ...(initIsImage && options.init !== undefined ? [{ flag: '--init', path: options.init }] : []),
  ];
  await checkInput(FN, '--weights', weightsPath, 'any');
  const sizes = [];
  for (const input of inputs.slice(1)) sizes.push(await checkImageInput(FN, input.flag, input.path));
  const outputs = outputPaths(options, saveEvery);
  await assertDistinctPaths(FN, inputs, outputs.list);
  await checkOutputs(outputs.paths, saveEvery, options.force === true);
  return { sizes, paths: outputs.paths };
}

/** The output paths (defaults next to `--output`), and their list for the overlap check. */
function outputPaths(options: StylizeCommandOptions, saveEvery: number): { paths: OutputPaths; list: NamedPath[] } {
  const output = options.output;
  const stem = join(dirname(output), basename(output, extname(output)));
  const paths = { output, history: options.history ?? `${stem}.loss.json`, plot: options.plot ?? `${stem}.loss.png`, framesDir: `${stem}-frames` };
  const list: NamedPath[] = [{ flag: '--output', path: output }, { flag: '--history', path: paths.history }, { flag: '--plot', path: paths.plot }];
  if (saveEvery > 0) list.push({ flag: '--save-every', path: paths.framesDir });
  return { paths, list };
}

/** Each output: allowed extension, not a folder (frames: not a file), exists only with --force, creatable. */
async function checkOutputs(paths: OutputPaths, saveEvery: number, force: boolean): Promise<void> {
  await checkOutput(FN, '--output', paths.output, { extensions: IMAGE_OUTPUT_EXTENSIONS, force });
  await checkOutput(FN, '--history', paths.history, { extensions: ['.json'], force });
  await checkOutput(FN, '--plot', paths.plot, { extensions: [...IMAGE_OUTPUT_EXTENSIONS, '.svg'], force });
  if (saveEvery > 0) await checkOutput(FN, '--save-every', paths.framesDir, { kind: 'folder', force });
}
