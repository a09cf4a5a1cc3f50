// Used by the CLI (a library error named by the command's flag) and by src/node (a parser's error named as its caller's).
import { StylegradError } from '../errors';

/**
 * Restates a library StylegradError (`writeImage: path 'x' …`) as the command's own, naming its flag
 * (`stylegrad: --output 'x' …`); any other error is returned unchanged.
 *
 * @param error - What a library function threw.
 * @param fn - The command, e.g. `stylegrad`.
 * @param flag - The flag that named the file.
 * @returns The restated error, or `error` itself.
 * @example
 * ```ts
 * try { await writeImage(image, output); } catch (error) { throw restateError(error, 'stylegrad', '--output'); }
 * ```
 */
export function restateError(error: unknown, fn: string, flag: string): unknown {
  if (!(error instanceof StylegradError)) return error;
  return new StylegradError(fn, flag, error.problem);
}
