// A folder that is written by replacing it whole must not be, or hold, what the same call reads: converting
// 'weights/' into 'weights/' would replace the only copy of the input with its conversion.
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { StylegradError } from '../../errors';

/** The real path of `file`, or of its nearest existing ancestor joined with the rest. */
async function realOrResolved(file: string): Promise<string> {
  const resolved = path.resolve(file);
  const existing = await realpath(resolved).catch(() => undefined);
  if (existing !== undefined) return existing;
  const parent = path.dirname(resolved);
  return parent === resolved ? resolved : path.join(await realOrResolved(parent), path.basename(resolved));
}

/**
 * Throws when `outputFolder` is `inputPath` or holds it (symbolic links resolved).
 *
 * @param fn - The public function (for errors).
 * @param inputPath - What the call reads (file or folder).
 * @param outputFolder - The folder the call replaces whole.
 * @throws {@link StylegradError} `convertWeightsToTfjs: outputFolder 'w' is inputPath 'w'; …`.
 */
export async function assertOutsideInput(fn: string, inputPath: string, outputFolder: string): Promise<void> {
  const input = await realOrResolved(inputPath);
  const output = await realOrResolved(outputFolder);
  if (input !== output && !input.startsWith(`${output}${path.sep}`)) return;
  const relation = input === output ? 'is' : 'holds';
  throw new StylegradError(fn, 'outputFolder', `'${outputFolder}' ${relation} inputPath '${inputPath}'; the folder is replaced whole, so the input would be lost. Choose another folder.`);
}
