// Listing a folder before replacing it: a folder that cannot be listed is never treated as empty.
import { readdir } from 'node:fs/promises';
import { StylegradError } from '../errors';
import { codeOf, messageOf } from './internal/atomicSteps';

/**
 * The names in `folder`, or `undefined` when it does not exist. Any other failure (no permission to list it) is
 * an error: a folder whose contents cannot be seen must not be replaced as if it were empty.
 *
 * @param fn - The public function or command (for errors).
 * @param argument - The argument naming the folder (for errors).
 * @param folder - The folder to list.
 * @returns Its entries' names, or `undefined` if it does not exist.
 * @throws {@link StylegradError} when the folder exists but cannot be listed.
 * @example
 * ```ts
 * const names = (await namesInFolder('convert', 'outputFolder', 'out/vgg')) ?? [];
 * ```
 */
export async function namesInFolder(fn: string, argument: string, folder: string): Promise<string[] | undefined> {
  try {
    return await readdir(folder);
  } catch (error) {
    if (codeOf(error) === 'ENOENT' || codeOf(error) === 'ENOTDIR') return undefined;
    throw new StylegradError(fn, argument, `'${folder}' could not be listed (${messageOf(error)}); a folder whose contents cannot be checked is not replaced.`);
  }
}
