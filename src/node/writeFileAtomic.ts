// Every file stylegrad writes goes through here, so an interrupt, a crash or a full disk never leaves a
// truncated file where a user expects a result, and a run never silently replaces a file another run just
// wrote. The data is written to a temporary file in the destination's own folder (same filesystem), flushed,
// and then published in one step:
// - overwrite allowed: rename(2) over the destination, which POSIX makes atomic;
// - overwrite refused: link(2) to the destination, which fails with EEXIST if the destination exists, also when
//   another process created it in the meantime; this run's result is then kept under a free sibling name, never
//   lost (the error names it).
// Folders (converted weights, trained networks) are written into a temporary sibling folder and swapped in
// whole, so no shard of an older model is left beside a new one.
import { randomBytes } from 'node:crypto';
import { link, lstat, mkdir, open, readdir, rename, rm, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { StylegradError } from '../../errors';

/** How {@link writeFileAtomic} and {@link writeFolderAtomic} treat an existing destination. */
export interface AtomicWriteOptions {
  /**
   * Replace an existing destination (default `true`). With `false`, an existing one is never replaced: a folder is
   * refused, a file's data is kept under a free sibling name; either way the call rejects, saying so.
   */
  readonly overwrite?: boolean;
}

/** How {@link writeFolderAtomic} treats an existing destination folder. */
export interface AtomicFolderOptions extends AtomicWriteOptions {
  /**
   * The names an existing folder may hold for it to be replaced (e.g. a model's files). A folder holding anything
   * else is refused before `fill` runs, so replacing a folder "as a whole" never deletes a user's unrelated files
   * (think of `convert in.h5 ~ --force`). Default: any name.
   */
  readonly replaceable?: (name: string) => boolean;
}

/** A hidden temporary name in the same folder as `destination`. */
function temporarySibling(destination: string, kind: string): string {
  return path.join(path.dirname(destination), `.${path.basename(destination)}.${kind}-${process.pid}-${randomBytes(4).toString('hex')}`);
}

/** Filesystems without hard links (FAT, some network mounts) refuse link(2) with one of these. */
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EMLINK']);

/**
 * Publishes `temporary` as `name` unless something exists there: link(2), which fails with EEXIST rather than
 * replace anything; where hard links are not supported, a check then rename(2) (a tiny window remains there).
 * Returns `false` when the name is taken.
 */
async function publishIfFree(temporary: string, name: string): Promise<boolean> {
  try {
    await link(temporary, name);
    await unlink(temporary);
    return true;
  } catch (error) {
    if (codeOf(error) === 'EEXIST') return false;
    if (!NO_HARD_LINKS.has(codeOf(error) ?? '')) throw error;
  }
  if (await occupied(name)) return false;
  await rename(temporary, name);
  return true;
}

/** Publishes `temporary` under the first free name of `out-1.png`, `out-2.png`, … and returns that name. */
async function keepUnderFreeName(temporary: string, destination: string): Promise<string> {
  const ext = path.extname(destination);
  const stem = destination.slice(0, destination.length - ext.length);
  for (let i = 1; ; i++) {
    const candidate = `${stem}-${i}${ext}`;
    if (await publishIfFree(temporary, candidate)) return candidate;
  }
}

/** Whether anything (file, folder, dangling link) exists at `file`. */
async function occupied(file: string): Promise<boolean> {
  return (await lstat(file).catch(() => undefined)) !== undefined;
}

function codeOf(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

const ALREADY_EXISTS = 'already exists; choose another name or allow overwriting it (CLI: --force)';

/**
 * Writes `data` to `destination` atomically (temp file + fsync + rename), creating the parent folder.
 *
 * @param fn - The public function writing (for errors).
 * @param argument - The argument that named the destination (for errors).
 * @param destination - The file to write.
 * @param data - The bytes or text.
 * @param options - `overwrite: false` never replaces an existing destination, also not one another process
 *   creates while this one writes: the data is then kept under a free sibling name (`out-1.png`), said in the
 *   error, so a result computed at great cost is never lost.
 * @throws {@link StylegradError} naming `fn` and `argument` when the file cannot be written or exists.
 * @example
 * ```ts
 * await writeFileAtomic('writeImage', 'path', 'out.png', bytes, { overwrite: false });
 * ```
 */
export async function writeFileAtomic(
  fn: string,
  argument: string,
  destination: string,
  data: Uint8Array | string,
  options: AtomicWriteOptions = {},
): Promise<void> {
  const overwrite = options.overwrite ?? true;
  const existedBefore = !overwrite && (await occupied(destination));
  const temporary = temporarySibling(destination, 'tmp');
  await writeTemporaryFile(fn, argument, destination, temporary, data);
  if (overwrite) {
    await publish(fn, argument, destination, temporary, () => rename(temporary, destination));
    return;
  }
  let published: boolean;
  try {
    published = await publishIfFree(temporary, destination);
  } catch (error) {
    await rm(temporary, { force: true });
    throw new StylegradError(fn, argument, `'${destination}' could not be written (${messageOf(error)}).`);
  }
  if (published) return;
  const kept = await keepUnderFreeName(temporary, destination);
  const what = existedBefore ? 'already exists' : 'was created by another process while this result was being written';
  throw new StylegradError(fn, argument, `'${destination}' ${what}; it was left as it is and this result was saved as '${kept}' (allow overwriting to replace it; CLI: --force).`);
}

/** Creates `temporary` (never an existing file), writes and flushes `data`; removes it on any failure. */
async function writeTemporaryFile(fn: string, argument: string, destination: string, temporary: string, data: Uint8Array | string): Promise<void> {
  try {
    await mkdir(path.dirname(destination), { recursive: true });
    const handle = await open(temporary, 'wx');
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch (error) {
    await rm(temporary, { force: true });
    throw new StylegradError(fn, argument, `'${destination}' could not be written (${messageOf(error)}).`);
  }
}

async function publish(fn: string, argument: string, destination: string, temporary: string, step: () => Promise<void>): Promise<void> {
  try {
    await step();
  } catch (error) {
    await rm(temporary, { recursive: true, force: true });
    throw new StylegradError(fn, argument, `'${destination}' could not be written (${messageOf(error)}).`);
  }
}

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

/**
 * The names in `folder`, or `undefined` when it does not exist. Any other failure (no permission to list it) is
 * an error: a folder whose contents cannot be seen must not be replaced as if it were empty.
 *
 * @param fn - The public function or command (for errors).
 * @param argument - The argument naming the folder (for errors).
 * @param folder - The folder to list.
 * @returns Its entries' names, or `undefined` if it does not exist.
 * @throws {@link StylegradError} when the folder exists but cannot be listed.
 */
export async function namesInFolder(fn: string, argument: string, folder: string): Promise<string[] | undefined> {
  try {
    return await readdir(folder);
  } catch (error) {
    if (codeOf(error) === 'ENOENT' || codeOf(error) === 'ENOTDIR') return undefined;
    throw new StylegradError(fn, argument, `'${folder}' could not be listed (${messageOf(error)}); a folder whose contents cannot be checked is not replaced.`);
  }
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
