// `stylegrad apply`: which files it reads and writes (one image, or every image of a folder).
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { StylegradError } from '../../../errors';
import { checkImageInput, checkInput, checkOutput } from '../../internal/checkPaths';
import type { ApplyCommandOptions } from '../apply';
import { isDirectory } from './feedforwardShared';

const IMAGE = /\.(jpe?g|png|webp|tiff?|gif|avif)$/i;
const WRITABLE = /\.(jpe?g|png|webp)$/i;
const FN = 'stylegrad apply';

/**
 * The (input, output) pairs of `stylegrad apply`: one for a file; for a folder, one per image in it (sorted by
 * name), written under the same name in the output folder (as .png when the input's format cannot be written:
 * GIF, TIFF, AVIF; and with --bit-depth 16).
 *
 * @param options - The parsed arguments (`input`, `output`, `bitDepth`).
 * @returns The pairs, in the order they are run.
 * @throws {@link StylegradError} for a missing input, a file that is not an image, a folder without images, or an
 *   output that is a file name for a folder input.
 * @example
 * ```ts
 * await planApplyJobs({ model: 'udnie', input: 'photos/', output: 'styled/' }); // [['photos/a.jpg', 'styled/a.jpg'], …]
 * ```
 * @category CLI
 */
export async function planApplyJobs(options: ApplyCommandOptions): Promise<[string, string][]> {
  await checkInput(FN, '<input>', options.input, 'any');
  if (!(await isDirectory(options.input))) {
    await checkImageInput(FN, '<input>', options.input);
    return [[options.input, options.output]];
  }
  const files = (await readdir(options.input)).filter((f) => IMAGE.test(f)).sort();
  if (files.length === 0) throw new StylegradError(FN, '<input>', `'${options.input}' holds no images.`);
  if (IMAGE.test(options.output)) throw new StylegradError(FN, '<output>', `must be a folder when <input> is a folder; got '${options.output}'.`);
  await checkOutput(FN, '<output>', options.output, { kind: 'folder', force: true });
  // 16-bit outputs are PNG whatever the input's format.
  const keep = (f: string): boolean => WRITABLE.test(f) && (options.bitDepth !== '16' || /\.png$/i.test(f));
  return files.map((f) => [path.join(options.input, f), path.join(options.output, keep(f) ? f : `${path.basename(f, path.extname(f))}.png`)]);
}
