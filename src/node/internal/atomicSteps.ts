// The steps writeFileAtomic and writeFolderAtomic share: a hidden temporary sibling name, the publish step that
// removes the temporary on failure, and how filesystem errors are read.
import { randomBytes } from 'node:crypto';
import { lstat, rm } from 'node:fs/promises';
import path from 'node:path';
import { StylegradError } from '../../errors';

/** A hidden temporary name in the same folder as `destination`. */
export function temporarySibling(destination: string, kind: string): string {
  return path.join(path.dirname(destination), `.${path.basename(destination)}.${kind}-${process.pid}-${randomBytes(4).toString('hex')}`);
}

/** Whether anything (file, folder, dangling link) exists at `file`. */
export async function occupied(file: string): Promise<boolean> {
  return (await lstat(file).catch(() => undefined)) !== undefined;
}

/** The errno code of a filesystem error (`EEXIST`, …), if it has one. */
export function codeOf(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

/** An error's message, or the thrown value as text. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Runs the publishing `step`; on failure removes `temporary` and throws a StylegradError about `destination`. */
export async function publish(fn: string, argument: string, destination: string, temporary: string, step: () => Promise<void>): Promise<void> {
  try {
    await step();
  } catch (error) {
    await rm(temporary, { recursive: true, force: true });
    throw new StylegradError(fn, argument, `'${destination}' could not be written (${messageOf(error)}).`);
  }
}
