// The `stylegrad` program, run by main.ts (in the child it starts, see relaunchWithAllocatorSettings): stylize (the default), apply, train, convert; see `stylegrad --help`.
import * as tf from '@tensorflow/tfjs-core';
import { Command } from 'commander';
import { registerApplyCommand } from './commands/apply';
import { registerConvertCommand } from './commands/convert';
import { registerStylizeCommand } from './commands/stylize';
import { registerTrainCommand } from './commands/train';
import { describeCliError } from './internal/describeCliError';

// Start-up noise, unless --verbose (read from argv here: it must act before any backend loads). Nothing is
// imported statically that loads libtensorflow: the native packages are imported only inside pickBackend,
// which also defaults TF_ENABLE_ONEDNN_OPTS to '0' (without oneDNN, libtensorflow prints no banner).
// TF_CPP_MIN_LOG_LEVEL=2 hides TensorFlow's info lines (CPU features); prod mode hides TensorFlow.js's
// console warnings (the cpu backend's "install our node backend" banner). A user-set oneDNN=1 still prints
// its two lines: libtensorflow writes them before its log level is read.
const argv = process.argv.slice(2);
const verbose = argv.slice(0, argv.includes('--') ? argv.indexOf('--') : undefined).includes('--verbose');
if (!verbose) {
  process.env.TF_CPP_MIN_LOG_LEVEL ??= '2';
  tf.enableProdMode();
}

const program = new Command('stylegrad')
  .description('Neural style transfer for TensorFlow.js: optimise an image (stylize, the default command).')
  .showHelpAfterError('(run with --help for usage)')
  .configureOutput({ outputError: (text, write) => { write(text.replace(/^error: /, 'stylegrad: ')); } });
registerStylizeCommand(program);
registerApplyCommand(program);
registerTrainCommand(program);
registerConvertCommand(program);
const verboseHelp = "keep TensorFlow's and TensorFlow.js's start-up and log lines on stderr";
program.option('--verbose', verboseHelp);
for (const command of program.commands) command.option('--verbose', verboseHelp);
program.addHelpText(
  'after',
  `
Options of the default command: stylegrad stylize --help

Example:
  stylegrad -c content.jpg -s style.jpg -o out/result.png -w vgg19-notop-uint8/ --size 192 --iterations 15`,
);

program.parseAsync(process.argv).catch((error: unknown) => {
  const { message, exitCode } = describeCliError(error, process.argv.includes('--verbose'));
  console.error(message);
  process.exitCode = exitCode;
});
