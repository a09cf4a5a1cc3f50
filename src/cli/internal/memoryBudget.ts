// How much memory a CLI run may plan to use. Default: 80% of the machine's RAM (or of the container's limit when
// Node reports one). Free memory is not used: the kernel's page cache counts as used yet is given back on demand,
// so "free" would refuse runs that fit; 80% leaves room for the system and the shell.
import os from 'node:os';
import { parseNumber } from './parseCliOptions';

/** A memory budget and how to describe where it came from. */
export interface MemoryBudget {
  /** The budget in bytes. */
  readonly bytes: number;
  /** Where it came from, e.g. `80% of this machine's 23.4 GB of RAM` or `--max-memory 4`. */
  readonly source: string;
}

/**
 * The budget from `--max-memory <GB>`, or 80% of the RAM (or container limit) when it is absent.
 *
 * @param fn - The command (for errors).
 * @param maxMemory - The raw `--max-memory` text in GB (decimal), or `undefined`.
 * @returns The budget.
 * @throws {@link StylegradError} when `--max-memory` is not a number > 0.
 * @example
 * ```ts
 * memoryBudget('stylegrad', '4').bytes; // 4e9
 * ```
 */
export function memoryBudget(fn: string, maxMemory: string | undefined): MemoryBudget {
  const gb = parseNumber(fn, '--max-memory', maxMemory, { min: Number.MIN_VALUE });
  if (gb !== undefined) return { bytes: gb * 1e9, source: `--max-memory ${maxMemory ?? ''}` };
  const limit = process.constrainedMemory();
  const total = limit > 0 && limit < os.totalmem() ? limit : os.totalmem();
  const what = total === os.totalmem() ? "this machine's" : "this container's";
  return { bytes: 0.8 * total, source: `80% of ${what} ${formatGB(total)} of RAM` };
}

/**
 * Bytes as gigabytes with one decimal, e.g. `6.0 GB`.
 *
 * @param bytes - A byte count.
 * @returns The text.
 * @example
 * ```ts
 * formatGB(6e9); // '6.0 GB'
 * ```
 */
export function formatGB(bytes: number): string {
  return `${(bytes / 1e9).toFixed(1)} GB`;
}
