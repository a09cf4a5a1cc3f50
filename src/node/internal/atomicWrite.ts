// Every file stylegrad writes goes through here, so an interrupt, a crash or a full disk never leaves a
// truncated file where a user expects a result, and a run never silently replaces a file another run just
// wrote. The data is written to a temporary file in the destination's own folder (same filesystem), flushed,
// and then published in one step:
// - overwrite allowed: rename(2) over the destination, which POSIX makes atomic;
// - overwrite refused: link(2) to the destination, which fails with EEXIST if any process created the
//   destination in the meantime; this run's result is then kept under a free sibling name, never lost.
// Folders (converted weights, trained networks) are written into a temporary sibling folder and swapped in
// whole, so no shard of an older model is left beside a new one.
import { randomBytes } from 'node:crypto';
import { link, mkdir, open, rename, rm, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { StylegradError } from '../../errors';

/** How {@link writeFileAtomic} and {@link writeFolderAtomic} treat an existing destination. */
export interface AtomicWriteOptions {
  /** Replace an existing destination (default `true`). With `false`, an existing one is an error. */
  readonly overwrite?: boolean;
}

/** A hidden temporary name in the same folder as `destination`. */
function temporarySibling(destination: string, kind: string): string {
  return path.join(path.dirname(destination), `.${path.basename(destination)}.${kind}-${process.pid}-${randomBytes(4).toString('hex')}`);
}

/** `out.png` → the first of `out-1.png`, `out-2.png`, … that does not exist. */
async function freeSibling(destination: string): Promise<string> {
  const ext = path.extname(destination);
  const stem = destination.slice(0, destination.length - ext.length);
  for (let i = 1; ; i++) {
    const candidate = `${stem}-${i}${ext}`;
    if ((await stat(candidate).catch(() => undefined)) === undefined) return candidate;
  }
}

function codeOf(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Writes `data` to `destination` atomically (temp file + rename), creating the parent folder.
 *
 * @param fn - The public function writing (for errors).
 * @param argument - The argument that named the destination (for errors).
 * @param destination - The file to write.
 * @param data - The bytes or text.
 * @param options - `overwrite: false` refuses an existing destination, including one another process created
 *   while this one was working (its result is then kept under a free sibling name, said in the error).
 * @throws {@link StylegradError} naming `fn` and `argument` when the file cannot be written or exists.
 */
export async function writeFileAtomic(
  fn: string,
  argument: string,
  destination: string,
  data: Uint8Array | string,
  options: AtomicWriteOptions = {},
): Promise<void> {
  const overwrite = options.overwrite ?? true;
  const temporary = temporarySibling(destination, 'tmp');
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
  if (overwrite) {
    await publish(fn, argument, destination, temporary, () => rename(temporary, destination));
    return;
  }
  try {
    await link(temporary, destination);
  } catch (error) {
    if (codeOf(error) !== 'EEXIST') {
      await rm(temporary, { force: true });
      throw new StylegradError(fn, argument, `'${destination}' could not be written (${messageOf(error)}).`);
    }
    const kept = await freeSibling(destination);
    await rename(temporary, kept);
    throw new StylegradError(fn, argument, `'${destination}' was created by another process while this run was working; it was left as it is and this run's result was saved as '${kept}'.`);
  }
  await unlink(temporary);
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
 * @param options - `overwrite: false` refuses an existing destination.
 * @returns What `fill` returned.
 * @throws {@link StylegradError} naming `fn` and `argument` when the folder exists (without overwrite) or cannot
 *   be written; whatever `fill` throws, after removing the temporary folder.
 */
export async function writeFolderAtomic<T>(
  fn: string,
  argument: string,
  destination: string,
  fill: (temporaryFolder: string) => Promise<T>,
  options: AtomicWriteOptions = {},
): Promise<T> {
  const overwrite = options.overwrite ?? true;
  const target = path.resolve(destination);
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
  const existing = await stat(target).catch(() => undefined);
  if (existing === undefined) {
    // rename(2) onto a missing name cannot replace anything another process made meanwhile, except an empty folder.
    await publish(fn, argument, destination, temporary, () => rename(temporary, target));
    return result;
  }
  if (!overwrite || !existing.isDirectory()) {
    await rm(temporary, { recursive: true, force: true });
    const what = existing.isDirectory() ? 'already exists; choose another folder or allow overwriting it (CLI: --force)' : 'exists and is not a folder';
    throw new StylegradError(fn, argument, `'${destination}' ${what}.`);
  }
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
  return result;
}
