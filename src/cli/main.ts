// The `stylegrad` command (bin: dist/cli/main.js): stylize (the default), apply, train, convert; see `stylegrad --help`.
import { Command } from 'commander';
import { registerApplyCommand } from './commands/apply';
import { registerConvertCommand } from './commands/convert';
import { registerStylizeCommand } from './commands/stylize';
import { registerTrainCommand } from './commands/train';
import { describeCliError } from './internal/describeCliError';

process.env.TF_CPP_MIN_LOG_LEVEL ??= '2';

const program = new Command('stylegrad')
  .description('Neural style transfer for TensorFlow.js: optimise an image (stylize, the default command).')
  .showHelpAfterError('(run with --help for usage)')
  .configureOutput({ outputError: (text, write) => { write(text.replace(/^error: /, 'stylegrad: ')); } });
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
  const { message, exitCode } = describeCliError(error, process.argv.includes('--verbose'));
  console.error(message);
  process.exitCode = exitCode;
});
