// Up-front checks of the files a command reads and writes, so a run fails in its first second rather than after
// an hour of optimisation with its result lost: inputs exist and are files (or folders), outputs have an allowed
// extension, are not folders (or files), exist only with --force, and can be created where they are.
import { randomBytes } from 'node:crypto';
import { access, constants, open, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { StylegradError } from '../../errors';
import { readImageSize } from '../../node/readImageSize';
import { restateError } from '../../internal/restateError';

/** The image extensions the commands write. */
export const IMAGE_OUTPUT_EXTENSIONS = ['.png', '.jpg', '.jpeg', '.webp'] as const;

async function statOrUndefined(file: string): Promise<Awaited<ReturnType<typeof stat>> | undefined> {
  return stat(file).catch(() => undefined);
}

/**
 * Checks that an input exists and is a file (`kind: 'file'`) or a folder (`kind: 'folder'`).
 *
 * @param fn - The command, e.g. `stylegrad` (for errors).
 * @param flag - The flag or argument naming the input.
 * @param file - The path.
 * @param kind - What it must be (default `'file'`; `'any'` accepts both).
 * @throws {@link StylegradError} `stylegrad: --content 'a.jpg' does not exist.` or `… is a folder; give a file.`
 * @example
 * ```ts
 * await checkInput('stylegrad', '--content', 'tubingen.jpg');
 * ```
 */
export async function checkInput(fn: string, flag: string, file: string, kind: 'file' | 'folder' | 'any' = 'file'): Promise<void> {
  const info = await statOrUndefined(file);
  if (info === undefined) throw new StylegradError(fn, flag, `'${file}' does not exist.`);
  if (kind === 'file' && info.isDirectory()) throw new StylegradError(fn, flag, `'${file}' is a folder; give a file.`);
  if (kind === 'folder' && !info.isDirectory()) throw new StylegradError(fn, flag, `'${file}' is not a folder.`);
  try {
    await access(file, constants.R_OK);
  } catch {
    throw new StylegradError(fn, flag, `'${file}' is not readable (permission denied).`);
  }
}

/** What {@link checkOutput} requires of an output. */
export interface OutputCheck {
  /** A file (default) or a folder. */
  readonly kind?: 'file' | 'folder';
  /** Allowed extensions (files only), lower case with the dot. */
  readonly extensions?: readonly string[];
  /** `--force` was given: an existing output may be replaced. */
  readonly force: boolean;
}

/**
 * Checks an output before any work: allowed extension, not a folder where a file goes (or the reverse), existing
 * only with `--force`, and its folder exists or can be created and accepts a new file (a probe file created and
 * removed in the nearest existing ancestor).
 *
 * @param fn - The command (for errors).
 * @param flag - The flag or argument naming the output.
 * @param file - The path.
 * @param check - Kind, extensions and force; see {@link OutputCheck}.
 * @throws {@link StylegradError} naming the flag, the path and what is wrong.
 * @example
 * ```ts
 * await checkOutput('stylegrad', '--plot', 'out/loss.png', { extensions: ['.png', '.svg'], force: false });
 * ```
 */
export async function checkOutput(fn: string, flag: string, file: string, check: OutputCheck): Promise<void> {
  const kind = check.kind ?? 'file';
  const extension = path.extname(file).toLowerCase();
  if (check.extensions !== undefined && !check.extensions.includes(extension)) {
    throw new StylegradError(fn, flag, `'${file}' must end in ${listOr(check.extensions)}.`);
  }
  const info = await statOrUndefined(file);
  if (info !== undefined) {
    if (kind === 'file' && info.isDirectory()) throw new StylegradError(fn, flag, `'${file}' is a folder; give a file name.`);
    if (kind === 'folder' && !info.isDirectory()) throw new StylegradError(fn, flag, `'${file}' is a file; give a folder.`);
    if (!check.force) throw new StylegradError(fn, flag, `'${file}' already exists; pass --force to overwrite it.`);
  }
  await checkCreatable(fn, flag, file);
}

/** The nearest existing ancestor of `file`'s folder must be a folder we may write into. */
async function checkCreatable(fn: string, flag: string, file: string): Promise<void> {
  let folder = path.dirname(path.resolve(file));
  let info = await statOrUndefined(folder);
  while (info === undefined && path.dirname(folder) !== folder) {
    folder = path.dirname(folder);
    info = await statOrUndefined(folder);
  }
  if (info === undefined || !info.isDirectory()) throw new StylegradError(fn, flag, `'${file}' cannot be created: '${folder}' is a file, not a folder.`);
  // access(W_OK) says yes to root everywhere (even /sys, read-only mounts aside): create and remove a probe file,
  // which fails exactly where the result would.
  const probe = path.join(folder, `.stylegrad-probe-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    await (await open(probe, 'wx')).close();
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code === 'EROFS' ? 'it is on a read-only filesystem' : 'no permission to write there';
    throw new StylegradError(fn, flag, `'${file}' cannot be written: '${folder}' does not accept new files (${why}).`);
  }
  await unlink(probe);
}

function listOr(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items.at(-1) ?? ''}`;
}

/**
 * Checks that an input is an image file from its header alone (nothing decoded) and returns its upright size.
 *
 * @param fn - The command (for errors).
 * @param flag - The flag naming the image.
 * @param file - The path.
 * @returns `{ width, height }`.
 * @throws {@link StylegradError} `stylegrad: --style 'notes.jpg' is not an image: its content is none of …` and
 *   the other cases of `readImage` (missing, folder, empty), named by the flag.
 * @example
 * ```ts
 * const { width, height } = await checkImageInput('stylegrad', '--content', 'tubingen.jpg');
 * ```
 */
export async function checkImageInput(fn: string, flag: string, file: string): Promise<{ width: number; height: number }> {
  try {
    return await readImageSize(file);
  } catch (error) {
    throw restateError(error, fn, flag);
  }
}
