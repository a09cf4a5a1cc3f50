// One write among several: its failure is kept, restated under the flag, so the other results are still written.
import { restateError } from '../../../internal/restateError';

/**
 * Runs one write; a failure is returned (restated as `${fn}: ${flag} …`) rather than thrown, so the other results
 * are still written and the failures reported at the end.
 *
 * @param fn - The command, e.g. `stylegrad`.
 * @param flag - The flag the written file belongs to, e.g. `--history`.
 * @param write - The write.
 * @returns `[]`, or the one restated failure.
 * @example
 * ```ts
 * const failures = await keepGoing('stylegrad', '--history', () => writeFileAtomic(…));
 * ```
 * @category CLI
 */
export async function keepGoing(fn: string, flag: string, write: () => Promise<void>): Promise<unknown[]> {
  try {
    await write();
    return [];
  } catch (error) {
    return [restateError(error, fn, flag)];
  }
}
