// The CLI's allocator relaunch: the child gets MALLOC_MMAP_THRESHOLD_, its exit code comes back, a signal sent to
// the parent reaches the child exactly once, and nothing happens when the variable is already set.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { relaunchWithAllocatorSettings } from '../../../src/cli/internal/relaunchWithAllocatorSettings';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const folder = mkdtempSync(path.join(tmpdir(), 'stylegrad-relaunch-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** A script that relaunches itself; the child prints the variable and its pid, counts SIGTERMs, exits 7 or 140 + count. */
const script = path.join(folder, 'relaunch.mts');
writeFileSync(
  script,
  `import { relaunchWithAllocatorSettings } from ${JSON.stringify(path.join(ROOT, 'src/cli/internal/relaunchWithAllocatorSettings.ts'))};
const code = await relaunchWithAllocatorSettings();
if (code !== undefined) process.exitCode = code;
else {
  let terms = 0;
  process.on('SIGTERM', () => { terms += 1; setTimeout(() => process.exit(140 + terms), 300); });
  console.log(JSON.stringify({ threshold: process.env.MALLOC_MMAP_THRESHOLD_ ?? null, pid: process.pid }));
  if (process.argv[2] !== 'wait') process.exitCode = 7;
  else setTimeout(() => {}, 20_000);
}
`,
);

function run(args: string[], onLine?: (child: ReturnType<typeof spawn>) => void): Promise<{ code: number | null; lines: { threshold: string | null; pid: number }[]; parentPid: number }> {
  const env = { ...process.env };
  delete env.MALLOC_MMAP_THRESHOLD_;
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { cwd: ROOT, env });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    if (stdout.includes('\n')) onLine?.(child);
  });
  return new Promise((resolve) => {
    child.once('exit', (code) => {
      resolve({ code, lines: stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as { threshold: string | null; pid: number }), parentPid: child.pid ?? 0 });
    });
  });
}

describe.runIf(process.platform === 'linux')('relaunchWithAllocatorSettings', () => {
  it('does nothing when MALLOC_MMAP_THRESHOLD_ is already set', async () => {
    await expect(relaunchWithAllocatorSettings({ MALLOC_MMAP_THRESHOLD_: '65536' })).resolves.toBeUndefined();
  });

  it('runs the command once, in a child with the 1 MB threshold, and returns its exit code', async () => {
    const { code, lines, parentPid } = await run([]);
    expect(lines).toHaveLength(1);
    expect(lines[0]?.threshold).toBe('1048576');
    expect(lines[0]?.pid).not.toBe(parentPid);
    expect(code).toBe(7);
  });

  it('forwards a SIGTERM sent to the parent to the child exactly once', async () => {
    const { code } = await run(['wait'], (child) => child.kill('SIGTERM'));
    expect(code).toBe(141);
  });
});
