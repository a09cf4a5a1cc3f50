// Which command lines get the allocator relaunch: stylize (also as the default command), apply and train; not help
// (flag or command) and not convert. Then, through src/cli/main.ts: `--help` runs in one process, a stylize run in two.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { needsAllocatorRelaunch } from '../../../src/cli/internal/needsAllocatorRelaunch';

const ROOT = path.resolve(import.meta.dirname, '../../..');

describe('needsAllocatorRelaunch', () => {
  it('relaunches the heavy commands, named or as the default command', () => {
    expect(needsAllocatorRelaunch(['stylize', '-c', 'a.jpg', '-o', 'o.png'])).toBe(true);
    expect(needsAllocatorRelaunch(['-c', 'a.jpg', '-s', 'b.jpg', '-o', 'o.png'])).toBe(true);
    expect(needsAllocatorRelaunch(['apply', '-m', 'udnie', 'in.jpg', 'out.jpg'])).toBe(true);
    expect(needsAllocatorRelaunch(['--verbose', 'train', '-s', 's.jpg'])).toBe(true);
    expect(needsAllocatorRelaunch([])).toBe(true);
    // An option of the default command comes first: what follows is its arguments, even a word like 'convert'.
    expect(needsAllocatorRelaunch(['-c', 'convert', '-o', 'o.png'])).toBe(true);
    expect(needsAllocatorRelaunch(['unknown-word'])).toBe(true);
  });

  it('does not relaunch help, convert or the help command', () => {
    expect(needsAllocatorRelaunch(['--help'])).toBe(false);
    expect(needsAllocatorRelaunch(['-h'])).toBe(false);
    expect(needsAllocatorRelaunch(['apply', '--help'])).toBe(false);
    expect(needsAllocatorRelaunch(['-c', 'a.jpg', '-h'])).toBe(false);
    expect(needsAllocatorRelaunch(['help', 'train'])).toBe(false);
    expect(needsAllocatorRelaunch(['convert', 'vgg16.h5', 'out'])).toBe(false);
    expect(needsAllocatorRelaunch(['--verbose', 'convert', 'vgg16.h5', 'out'])).toBe(false);
  });

  it('reads options only before --, and takes the argument after a leading -- as the command (as commander does)', () => {
    expect(needsAllocatorRelaunch(['apply', 'in.jpg', 'out.jpg', '-m', 'x', '--', '--help'])).toBe(true);
    expect(needsAllocatorRelaunch(['--', 'convert', 'a.h5', 'out'])).toBe(false);
    expect(needsAllocatorRelaunch(['--', 'train'])).toBe(true);
  });
});

/**
 * Runs src/cli/main.ts with NODE_DEBUG=child_process, which makes Node log every spawn on stderr with its
 * environment: a relaunch is a spawn given `MALLOC_MMAP_THRESHOLD_=1048576` (tsx's esbuild may spawn too).
 */
async function relaunchesOfCli(args: string[]): Promise<{ relaunches: number; stdout: string; code: number }> {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_DEBUG: 'child_process', TF_CPP_MIN_LOG_LEVEL: '3' };
  delete env.MALLOC_MMAP_THRESHOLD_;
  const result = await promisify(execFile)(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/cli/main.ts'), ...args], { cwd: ROOT, env })
    .then((r) => ({ ...r, code: 0 }))
    .catch((error: unknown) => error as { stdout: string; stderr: string; code: number });
  return { relaunches: (result.stderr.match(/'MALLOC_MMAP_THRESHOLD_=1048576'/g) ?? []).length, stdout: result.stdout, code: result.code };
}

describe.runIf(process.platform === 'linux' && process.report?.getReport() !== undefined)('src/cli/main.ts', () => {
  it('prints --help without relaunching; a stylize run relaunches once (glibc)', async () => {
    const help = await relaunchesOfCli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: stylegrad');
    expect(help.relaunches).toBe(0);
    const glibc = typeof (process.report.getReport() as { header?: { glibcVersionRuntime?: string } }).header?.glibcVersionRuntime === 'string';
    const run = await relaunchesOfCli(['-c', path.join(ROOT, 'no-such-content.jpg'), '-s', 'x.jpg', '-o', path.join(ROOT, 'no-such-dir/o.png'), '-w', 'x']);
    expect(run.code).toBe(1);
    expect(run.relaunches).toBe(glibc ? 1 : 0);
  }, 60_000);
});
