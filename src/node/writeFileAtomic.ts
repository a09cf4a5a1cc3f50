// Every file stylegrad writes goes through here, so an interrupt, a crash or a full disk never leaves a
// truncated file where a user expects a result, and a run never silently replaces a file another run just
// wrote. The data is written to a temporary file in the destination's own folder (same filesystem), flushed,
// and then published in one step:
// - overwrite allowed: rename(2) over the destination, which POSIX makes atomic;
// - overwrite refused: link(2) to the destination, which fails with EEXIST if the destination exists, also when
//   another process created it in the meantime; this run's result is then kept under a free sibling name, never
//   lost (the error names it).
import { link, mkdir, open, rename, rm, unlink } from 'node:fs/promises';
import path from 'node:path';
import { StylegradError } from '../errors';
import { codeOf, messageOf, occupied, publish, temporarySibling } from './internal/atomicSteps';

/** How {@link writeFileAtomic} and {@link writeFolderAtomic} treat an existing destination. */
export interface AtomicWriteOptions {
  /**
   * Replace an existing destination (default `true`). With `false`, an existing one is never replaced: a folder is
   * refused, a file's data is kept under a free sibling name; either way the call rejects, saying so.
   */
  readonly overwrite?: boolean;
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
