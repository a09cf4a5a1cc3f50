// The stylegrad command keeps stderr free of native and TensorFlow.js start-up lines unless --verbose:
// libtensorflow's absl/oneDNN/CPU-feature lines (tfjs-node) and tfjs's "install our node backend" banner (cpu).
// Runs the real entry point as a child process with a clean environment (no TF_* variables set).
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, DATA, CONTENT_IMAGE as CONTENT } from '../helpers/sharedData';

const MODEL = path.join(DATA, 'fast-style/udnie');
const tfjsNodeInstalled = existsSync(path.join(ROOT, 'node_modules/@tensorflow/tfjs-node/lib'));
let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'stylegrad-noise-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('TF_')));

/** `stylegrad apply` on a 32-pixel image with the given backend; returns stdout and stderr. */
async function apply(backend: string, ...extra: string[]): Promise<{ stdout: string; stderr: string }> {
  const output = path.join(dir, `${backend}${extra.join('')}.png`);
  const args = ['--import', 'tsx', path.join(ROOT, 'src/cli/main.ts'), 'apply', CONTENT, output, '-m', MODEL, '--size', '32', '-f', '--backend', backend, ...extra];
  return promisify(execFile)(process.execPath, args, { cwd: ROOT, env: cleanEnv });
}

describe('stylegrad start-up output', () => {
  it('--help writes nothing to stderr', async () => {
    const { stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/cli/main.ts'), 'convert', '--help'], { cwd: ROOT, env: cleanEnv });
    expect(stderr).toBe('');
  });

  it.runIf(tfjsNodeInstalled)('tfjs-node: no absl, oneDNN or CPU-feature lines on stderr; --verbose keeps them', async () => {
    const quiet = await apply('tfjs-node');
    expect(quiet.stderr).toBe('');
    expect(quiet.stdout).toMatch(/^Backend: tfjs-node: .* oneDNN custom ops off \(stylegrad's default/m);
    const verbose = await apply('tfjs-node', '--verbose');
    expect(verbose.stderr).toMatch(/cpu_feature_guard/);
  });

  it("cpu: no TensorFlow.js 'install our node backend' banner; --verbose keeps it", async () => {
    expect((await apply('cpu')).stderr).toBe('');
    expect((await apply('cpu', '--verbose')).stderr).toMatch(/Hi, looks like you are running TensorFlow\.js in Node\.js/);
  });
});
