// The `stylegrad` command (bin: dist/cli/main.js): stylize (the default), apply, train, convert; see `stylegrad --help`.
// On Linux with glibc it first starts itself again with an allocator setting that keeps peak memory lower
// (relaunchWithAllocatorSettings, docs/memory.md); the program itself (program.ts) is imported only where it runs,
// so the waiting parent loads neither TensorFlow.js nor the commands.
import { relaunchWithAllocatorSettings } from './internal/relaunchWithAllocatorSettings';

const code = await relaunchWithAllocatorSettings();
if (code === undefined) await import('./program');
else process.exitCode = code;
