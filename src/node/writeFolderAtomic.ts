// Folders (converted weights, trained networks) are written into a temporary sibling folder and swapped in
// whole, so no shard of an older model is left beside a new one; a folder another process created meanwhile is
// never replaced (this run's folder is then kept under a free sibling name).
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { StylegradError } from '../errors';
import { codeOf, messageOf, occupied, publish, temporarySibling } from './internal/atomicSteps';
import { namesInFolder } from './namesInFolder';
import type { AtomicWriteOptions } from './writeFileAtomic';

/** How {@link writeFolderAtomic} treats an existing destination folder. */
export interface AtomicFolderOptions extends AtomicWriteOptions {
  /**
   * The names an existing folder may hold for it to be replaced (e.g. a model's files). A folder holding anything
   * else is refused before `fill` runs, so replacing a folder "as a whole" never deletes a user's unrelated files
   * (think of `convert in.h5 ~ --force`). Default: any name.
   */
  readonly replaceable?: (name: string) => boolean;
}

const ALREADY_EXISTS = 'already exists; choose another name or allow overwriting it (CLI: --force)';

/**
 * Writes a folder atomically: `fill` writes into a temporary sibling folder, which then replaces
 * `destination` as a whole (no file of an older folder is left behind).
 *
 * @param fn - The public function writing (for errors).
 * @param argument - The argument that named the destination (for errors).
 * @param destination - The folder to create or replace.
 * @param fill - Writes the folder's files into the temporary folder it is given.
 * @param options - `overwrite: false` refuses an existing destination before `fill` runs, and also one another
 *   process created meanwhile (this run's folder is then kept under a free sibling name, said in the error);
 *   `replaceable` limits which existing folders may be replaced, by the names they hold.
 * @returns What `fill` returned.
 * @throws {@link StylegradError} naming `fn` and `argument` when the folder exists (without overwrite), is a
 *   file, or cannot be written; whatever `fill` throws, after removing the temporary folder.
 * @example
 * ```ts
 * await writeFolderAtomic('convertWeightsToTfjs', 'outputFolder', 'out/vgg', async (dir) => { await save(dir); });
 * ```
 */
export async function writeFolderAtomic<T>(
  fn: string,
  argument: string,
  destination: string,
  fill: (temporaryFolder: string) => Promise<T>,
  options: AtomicFolderOptions = {},
): Promise<T> {
  const overwrite = options.overwrite ?? true;
  const target = path.resolve(destination);
  const cwd = process.cwd();
  if (cwd === target || cwd.startsWith(`${target}${path.sep}`)) {
    throw new StylegradError(fn, argument, `'${destination}' is or holds the working directory '${cwd}'; a folder is written by replacing it whole, so choose a folder of its own.`);
  }
  await assertFolderDestination(fn, argument, destination, overwrite);
  if (options.replaceable !== undefined) await assertReplaceable(fn, argument, destination, options.replaceable);
  const temporary = temporarySibling(target, 'tmp');
  try {
    await mkdir(temporary, { recursive: true });
  } catch (error) {
    throw new StylegradError(fn, argument, `'${destination}' could not be created (${messageOf(error)}).`);
  }
  let result: T;
  try {
    result = await fill(temporary);
  } catch (error) {
    await rm(temporary, { recursive: true, force: true });
    throw error;
  }
  if (overwrite && (await stat(target).catch(() => undefined))?.isDirectory() === true) {
    await swapFolder(fn, argument, destination, temporary, target);
  } else {
    await publishNewFolder(fn, argument, destination, temporary, target);
  }
  return result;
}

/** Refuses a destination that is a file, or any existing one when `overwrite` is false. */
async function assertFolderDestination(fn: string, argument: string, destination: string, overwrite: boolean): Promise<void> {
  const existing = await stat(destination).catch(() => undefined);
  if (existing === undefined) return;
  if (!existing.isDirectory()) throw new StylegradError(fn, argument, `'${destination}' exists and is not a folder.`);
  if (!overwrite) throw new StylegradError(fn, argument, `'${destination}' ${ALREADY_EXISTS}.`);
}

/** Refuses to replace an existing folder that holds a name `replaceable` does not accept. */
async function assertReplaceable(fn: string, argument: string, destination: string, replaceable: (name: string) => boolean): Promise<void> {
  const names = (await namesInFolder(fn, argument, destination)) ?? [];
  const foreign = names.filter((name) => !replaceable(name));
  if (foreign.length === 0) return;
  const shown = foreign.slice(0, 3).map((name) => `'${name}'`).join(', ');
  throw new StylegradError(fn, argument, `'${destination}' holds files that are not part of what is written there (${shown}${foreign.length > 3 ? ', …' : ''}); it would be replaced as a whole, so they were left untouched and nothing was written. Choose a new or empty folder.`);
}

/**
 * Renames the filled folder onto a name that did not exist. rename(2) of a folder replaces an existing *empty*
 * folder, so that case is told apart first; a folder another process created meanwhile is never replaced: this
 * run's folder is then kept under a free sibling name.
 */
async function publishNewFolder(fn: string, argument: string, destination: string, temporary: string, target: string): Promise<void> {
  try {
    if (await occupied(target)) throw Object.assign(new Error('exists'), { code: 'EEXIST' });
    await rename(temporary, target);
  } catch (error) {
    if (codeOf(error) !== 'EEXIST' && codeOf(error) !== 'ENOTEMPTY') {
      await rm(temporary, { recursive: true, force: true });
      throw new StylegradError(fn, argument, `'${destination}' could not be written (${messageOf(error)}).`);
    }
    const kept = await keepFolderUnderFreeName(temporary, target);
    throw new StylegradError(fn, argument, `'${destination}' was created by another process while this run was working; it was left as it is and this run's result was saved as '${kept}'.`);
  }
}

/** Moves the filled folder to the first free `name-1`, `name-2`, … (mkdir claims the name first). */
async function keepFolderUnderFreeName(temporary: string, target: string): Promise<string> {
  for (let i = 1; ; i++) {
    const candidate = `${target}-${i}`;
    try {
      await mkdir(candidate);
    } catch (error) {
      if (codeOf(error) === 'EEXIST') continue;
      throw error;
    }
    await rename(temporary, candidate); // onto the empty folder this run just claimed
    return candidate;
  }
}

/** Replaces the existing folder `target` by `temporary` as a whole; the user's folder is restored on failure. */
async function swapFolder(fn: string, argument: string, destination: string, temporary: string, target: string): Promise<void> {
  const old = temporarySibling(target, 'old');
  await publish(fn, argument, destination, temporary, async () => {
    await rename(target, old);
    try {
      await rename(temporary, target);
    } catch (error) {
      await rename(old, target); // put the user's folder back as it was
      throw error;
    }
  });
  await rm(old, { recursive: true, force: true });
}
