/**
 * The error every stylegrad function throws for bad input: it names the function, the argument and
 * what is allowed, and carries them as data so callers can react without parsing the message.
 *
 * @example
 * ```ts
 * try {
 *   gramMatrix(tf.zeros([4, 4]));
 * } catch (error) {
 *   if (error instanceof StylegradError) console.log(error.functionName, error.argument); // gramMatrix features
 * }
 * ```
 * @category Errors
 */
export class StylegradError extends Error {
  /** The public function that rejected its input, e.g. `gramMatrix`. */
  readonly functionName: string;
  /** The argument (or option path, e.g. `options.normalization`) that was wrong. */
  readonly argument: string;
  /** What is wrong and what is allowed: the message after `functionName: argument `. */
  readonly problem: string;

  /**
   * @param functionName - The public function that rejected its input.
   * @param argument - The argument or option path that was wrong.
   * @param problem - What is wrong and what is allowed, as one sentence.
   */
  constructor(functionName: string, argument: string, problem: string) {
    super(`${functionName}: ${argument} ${problem}`);
    this.name = 'StylegradError';
    this.functionName = functionName;
    this.argument = argument;
    this.problem = problem;
  }
}
