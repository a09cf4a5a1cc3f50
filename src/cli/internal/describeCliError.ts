// What a CLI user sees when a command fails: one line for every input error (stylegrad's own, and the
// filesystem's ENOENT/EACCES/…), exit 130/143 for an interrupt, and a stack trace only for a bug and only with
// --verbose.
import { StylegradError } from '../../errors';
import { CommandInterrupted } from './interrupts';

/** Filesystem and system error codes that describe the user's files or machine, not a bug. */
const SYSTEM_CODES = new Set(['ENOENT', 'EACCES', 'EPERM', 'EISDIR', 'ENOTDIR', 'EEXIST', 'ENOSPC', 'EROFS', 'EMFILE', 'ENAMETOOLONG', 'ELOOP', 'EDQUOT', 'EIO', 'EBUSY', 'ENOMEM']);

/**
 * The message to print and the exit code for an error that ended a command.
 *
 * @param error - What the command threw.
 * @param verbose - `--verbose` was given: an unexpected error keeps its stack trace.
 * @returns The text for stderr (one line unless verbose and unexpected) and the exit code.
 * @example
 * ```ts
 * const { message, exitCode } = describeCliError(error, false);
 * ```
 */
export function describeCliError(error: unknown, verbose: boolean): { message: string; exitCode: number } {
  if (error instanceof StylegradError) {
    const message = error.functionName.startsWith('stylegrad') ? error.message : `stylegrad: ${error.message}`;
    return { message, exitCode: error instanceof CommandInterrupted ? error.exitCode : 1 };
  }
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (error instanceof Error && typeof code === 'string' && SYSTEM_CODES.has(code)) return { message: `stylegrad: ${oneLine(error.message)}`, exitCode: 1 };
  if (verbose) return { message: error instanceof Error ? (error.stack ?? error.message) : String(error), exitCode: 1 };
  const text = error instanceof Error ? error.message : String(error);
  return { message: `stylegrad: unexpected error: ${oneLine(text)} (this is a bug; run again with --verbose for details and report it)`, exitCode: 1 };
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
