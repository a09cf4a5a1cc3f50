// SIGINT (Ctrl-C) and SIGTERM stop a command cleanly: the running loop is aborted through its AbortSignal, so
// nothing partial is written, and the process exits 130 or 143 (128 + the signal's number) as shells expect.
// A second signal while the first is being handled exits at once.
import { StylegradError } from '../../errors';

const EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;

/** The signals a command stops on. */
export type InterruptSignal = keyof typeof EXIT_CODES;

/**
 * The error a command ends with when a signal stopped it: its message says what was (not) written, and
 * `exitCode` is 130 for SIGINT, 143 for SIGTERM.
 *
 * @example
 * ```ts
 * throw new CommandInterrupted('stylegrad', 'SIGINT', 'no result was written.');
 * ```
 */
export class CommandInterrupted extends StylegradError {
  /** The process exit code: 128 + the signal number. */
  readonly exitCode: number;

  /**
   * @param fn - The command, e.g. `stylegrad train`.
   * @param signal - The signal received.
   * @param outcome - What was and was not written, as a sentence.
   */
  constructor(fn: string, signal: InterruptSignal, outcome: string) {
    super(fn, 'run', `was interrupted by ${signal}; ${outcome}`);
    this.name = 'CommandInterrupted';
    this.exitCode = EXIT_CODES[signal];
  }
}

/** What {@link listenForInterrupts} returns. */
export interface InterruptListener {
  /** Aborted on the first SIGINT or SIGTERM; its `reason` is an `AbortError` whose `signal` is the signal's name. */
  readonly signal: AbortSignal;
  /** Removes the handlers. */
  readonly dispose: () => void;
}

/**
 * Installs SIGINT and SIGTERM handlers that abort the returned signal (the first time) or exit at once (the second).
 *
 * @returns The signal and a `dispose` that removes the handlers.
 * @example
 * ```ts
 * const interrupts = listenForInterrupts();
 * try { await run({ signal: interrupts.signal }); } finally { interrupts.dispose(); }
 * ```
 */
export function listenForInterrupts(): InterruptListener {
  const controller = new AbortController();
  const handlers = (Object.keys(EXIT_CODES) as InterruptSignal[]).map((name) => {
    const handler = (): void => {
      if (controller.signal.aborted) process.exit(EXIT_CODES[name]);
      controller.abort(Object.assign(new Error(`stopped by ${name}`), { name: 'AbortError', signal: name }));
    };
    process.on(name, handler);
    return [name, handler] as const;
  });
  return {
    signal: controller.signal,
    dispose: () => {
      for (const [name, handler] of handlers) process.off(name, handler);
    },
  };
}

/**
 * The signal that aborted `signal` (as {@link listenForInterrupts} sets it), or `undefined` when it was not aborted.
 *
 * @param signal - The command's signal, if any.
 * @returns `'SIGINT'`, `'SIGTERM'` or `undefined`.
 * @example
 * ```ts
 * const received = interruptOf(io.signal);
 * if (received !== undefined) throw new CommandInterrupted(fn, received, 'no result was written.');
 * ```
 */
export function interruptOf(signal: AbortSignal | undefined): InterruptSignal | undefined {
  if (signal?.aborted !== true) return undefined;
  return (signal.reason as { signal?: unknown } | undefined)?.signal === 'SIGTERM' ? 'SIGTERM' : 'SIGINT';
}

/**
 * Runs a command with SIGINT/SIGTERM handlers installed for its duration (see {@link listenForInterrupts}).
 *
 * @param run - The command, given the signal to pass on.
 * @returns What `run` returned.
 * @example
 * ```ts
 * await withInterrupts((signal) => runStylizeCommand(options, { log: console.log, progress: false, signal }));
 * ```
 */
export async function withInterrupts<T>(run: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const interrupts = listenForInterrupts();
  try {
    return await run(interrupts.signal);
  } finally {
    interrupts.dispose();
  }
}
