// The `stylegrad` command (bin: dist/cli/main.js): stylize (the default), apply, train, convert; see `stylegrad --help`.
import { Command } from 'commander';
import { StylegradError } from '../errors';
import { registerApplyCommand } from './commands/apply';
import { registerConvertCommand } from './commands/convert';
import { registerStylizeCommand } from './commands/stylize';
import { registerTrainCommand } from './commands/train';

process.env.TF_CPP_MIN_LOG_LEVEL ??= '2';

const program = new Command('stylegrad')
  .description('Neural style transfer for TensorFlow.js: optimise an image (stylize, the default command).')
  .showHelpAfterError('(run with --help for usage)');
registerStylizeCommand(program);
registerApplyCommand(program);
registerTrainCommand(program);
registerConvertCommand(program);
program.addHelpText(
  'after',
  `
Options of the default command: stylegrad stylize --help

Example:
  stylegrad -c content.jpg -s style.jpg -o out/result.png -w vgg19-notop-uint8/ --size 192 --iterations 15`,
);

program.parseAsync(process.argv).catch((error: unknown) => {
  // Bad input is reported in one line; anything else is a bug and keeps its stack trace.
  if (error instanceof StylegradError) console.error(error.functionName === 'stylegrad' ? error.message : `stylegrad: ${error.message}`);
  else console.error(error);
  process.exitCode = 1;
});
