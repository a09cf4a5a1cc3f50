// Runs the command in a child process whose C allocator returns large freed blocks to the system.
//
// libtensorflow allocates its tensors with glibc's malloc. glibc serves blocks of at least M_MMAP_THRESHOLD with
// mmap (given back to the system on free) and smaller ones from its heaps (kept by the process); the threshold
// starts at 128 kB and, by default, rises to the size of each mmap-served block that is freed, up to 32 MB
// (mallopt(3), "M_MMAP_THRESHOLD"). After the first optimisation steps nearly every activation below 32 MB comes
// from the heaps, where freed blocks stay resident and fragment: measured here at 512×512 (VGG-19, L-BFGS), a
// fixed 1 MB threshold lowers the whole-process peak resident memory from 1.59 to 1.32 GB (docs/memory.md).
// glibc reads MALLOC_MMAP_THRESHOLD_ from the environment only when the process starts, and Node cannot call
// mallopt, so the command starts itself again with the variable set. Not on other C libraries (musl ignores the
// variable), and not when the variable is already set (by the user, or in the child).
import { spawn } from 'node:child_process';
import { constants } from 'node:os';

/** The threshold the child gets: blocks of 1 MB or more are mmap-served and given back when freed. */
export const MMAP_THRESHOLD_BYTES = 1048576;
const VARIABLE = 'MALLOC_MMAP_THRESHOLD_';
const FORWARDED = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * On Linux with glibc, when `MALLOC_MMAP_THRESHOLD_` is unset: runs this same command (same Node flags, script and
 * arguments, stdio shared) in a child with `MALLOC_MMAP_THRESHOLD_=1048576`, forwards SIGINT, SIGTERM and SIGHUP to
 * it, and resolves with its exit code (a child killed by a signal is reported as 128 + the signal number). The
 * child runs in its own process group, so a Ctrl-C reaches it once, through this process. Resolves `undefined`,
 * doing nothing, elsewhere: then the caller runs the command itself.
 *
 * @param env - The environment to inspect and pass on (default `process.env`).
 * @returns The child's exit code, or `undefined` when no child was started.
 * @throws Never; a child that cannot be started is reported on stderr and gives exit code 1.
 * @example
 * ```ts
 * const code = await relaunchWithAllocatorSettings();
 * if (code === undefined) await runTheCommand();
 * else process.exitCode = code;
 * ```
 */
export async function relaunchWithAllocatorSettings(env: NodeJS.ProcessEnv = process.env): Promise<number | undefined> {
  if (process.platform !== 'linux' || env[VARIABLE] !== undefined || !onGlibc()) return undefined;
  const script = process.argv[1];
  if (script === undefined) return undefined;
  const child = spawn(process.execPath, [...process.execArgv, script, ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...env, [VARIABLE]: String(MMAP_THRESHOLD_BYTES) },
    detached: true,
  });
  const forward = (signal: NodeJS.Signals): void => {
    child.kill(signal);
  };
  for (const signal of FORWARDED) process.on(signal, forward);
  try {
    return await new Promise<number>((resolve) => {
      child.once('error', (error) => {
        console.error(`stylegrad: could not start the command's process: ${error.message}`);
        resolve(1);
      });
      child.once('exit', (code, signal) => {
        resolve(code ?? 128 + signalNumber(signal));
      });
    });
  } finally {
    for (const signal of FORWARDED) process.off(signal, forward);
  }
}

/** True when Node runs on glibc (its report names the glibc version; musl's does not). */
function onGlibc(): boolean {
  const header = (process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined)?.header;
  return typeof header?.glibcVersionRuntime === 'string';
}

/** The number of a signal by name (1 when unknown). */
function signalNumber(signal: NodeJS.Signals | null): number {
  return signal === null ? 1 : constants.signals[signal];
}
