// The `stylegrad` command (bin: dist/cli/main.js): stylize (the default), apply, train, convert; see `stylegrad --help`.
// For stylize, apply and train on Linux with glibc it first starts itself again with an allocator setting that keeps
// peak memory lower (relaunchWithAllocatorSettings, docs/memory.md); help and convert run at once
// (needsAllocatorRelaunch). The program itself (program.ts) is imported only where it runs, so the waiting parent
// loads neither TensorFlow.js nor the commands.
import { needsAllocatorRelaunch } from './internal/needsAllocatorRelaunch';
import { relaunchWithAllocatorSettings } from './internal/relaunchWithAllocatorSettings';

const code = needsAllocatorRelaunch(process.argv.slice(2)) ? await relaunchWithAllocatorSettings() : undefined;
if (code === undefined) await import('./program');
else process.exitCode = code;
