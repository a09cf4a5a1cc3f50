// The one abort check of the library's long-running loops (stylize, tiled losses, training, tiled apply).

/**
 * Throws `signal.reason` (the `AbortSignal`'s own error, a `DOMException` named `AbortError` unless the caller
 * gave one) when `signal` has been aborted; an `Error` naming `fn` if the signal carries no reason.
 *
 * @param signal - The caller's signal, or nothing.
 * @param fn - The public function being aborted, for the fallback message.
 */
export function throwIfAborted(signal: AbortSignal | null | undefined, fn: string): void {
  if (signal?.aborted === true) throw signal.reason ?? new Error(`${fn}: aborted`);
}
