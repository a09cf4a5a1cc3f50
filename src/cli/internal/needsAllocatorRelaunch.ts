// Which command lines are worth the allocator relaunch (relaunchWithAllocatorSettings): decided from the raw
// arguments before commander (or TensorFlow.js) loads, the way commander picks the command.

/** The names commander dispatches on that are not heavy (`stylize`, `apply`, `train`): `convert`, `help <command>`. */
const LIGHT_COMMANDS: readonly string[] = ['convert', 'help'];
/** The program's own options (given before the command, they do not end its search). */
const PROGRAM_OPTIONS: readonly string[] = ['--verbose'];

/**
 * Whether `stylegrad <argv>` runs one of the heavy commands (`stylize`, `apply`, `train`) and so should be
 * relaunched with the allocator setting. The command is the first argument when only `--verbose` comes before it
 * (after `--`, the next argument); anything else, or nothing, is the default command `stylize`. A command line
 * asking for help (`-h` or `--help` before `--`) only prints, as do `convert` and `help`.
 *
 * @param argv - The arguments after the script (`process.argv.slice(2)`).
 * @returns `true` for `stylize`, `apply` and `train` runs; `false` for help, `convert` and `help`.
 * @example
 * ```ts
 * needsAllocatorRelaunch(['-c', 'a.jpg', '-s', 'b.jpg', '-o', 'out.png']); // true (stylize, the default)
 * needsAllocatorRelaunch(['apply', '--help']); // false
 * needsAllocatorRelaunch(['convert', 'vgg16.h5', 'out/']); // false
 * ```
 * @category CLI
 */
export function needsAllocatorRelaunch(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  const options = end === -1 ? argv : argv.slice(0, end);
  if (options.includes('--help') || options.includes('-h')) return false;
  const command = commandOf(argv);
  // Any other first operand is `stylize`, `apply`, `train`, or an argument of the default command `stylize`.
  return command === undefined || !LIGHT_COMMANDS.includes(command);
}

/** The first operand commander sees at the program level, or `undefined` when an unknown option comes first. */
function commandOf(argv: readonly string[]): string | undefined {
  for (const [i, arg] of argv.entries()) {
    if (arg === '--') return argv[i + 1];
    if (PROGRAM_OPTIONS.includes(arg)) continue;
    return arg.length > 1 && arg.startsWith('-') ? undefined : arg;
  }
  return undefined;
}
