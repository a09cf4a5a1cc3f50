// The stylegrad CLI's stylize command on real files (VGG-19 weights, tubingen × starry night at 48 px), run
// in-process through runStylizeCommand, plus the real entry point as a child process for --help and exit codes.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runStylizeCommand, type StylizeCommandOptions } from '../../src/cli/commands/stylize';
import { StylegradError } from '../../src/errors';
import { ROOT, CONTENT_IMAGE as CONTENT, STYLE_IMAGE as STYLE, VGG19_WEIGHTS as WEIGHTS } from '../helpers/sharedData';

let dir = '';
const lines: string[] = [];
const io = { log: (line: string) => lines.push(line), progress: false };
const base = (output: string): StylizeCommandOptions => ({
  content: CONTENT, style: [STYLE], output, weights: WEIGHTS, size: '48', iterations: '3', multiScale: false,
});

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'stylegrad-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function cleanOptions(o: StylizeCommandOptions): StylizeCommandOptions {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as unknown as StylizeCommandOptions;
}

describe('stylegrad stylize (in-process)', () => {
  it('writes the image, the JSON loss history, the loss plot and frames; frees every tensor', async () => {
    const before = tf.memory().numTensors;
    const output = path.join(dir, 'run/result.png');
    const result = await runStylizeCommand(cleanOptions({ ...base(output), saveEvery: '2' }), io);
    expect(result).toMatchObject({ output, history: path.join(dir, 'run/result.loss.json'), plot: path.join(dir, 'run/result.loss.png') });
    const meta = await sharp(output).metadata();
    expect([meta.width, meta.height]).toEqual([48, 36]);
    const history = JSON.parse(await readFile(result.history, 'utf8')) as { history: { loss: { total: number } }[]; deliveredLoss: { total: number }; stopReason: string };
    expect(history.history).toHaveLength(3);
    expect(history.deliveredLoss.total).toBeGreaterThan(0);
    expect((await sharp(result.plot).metadata()).format).toBe('png');
    expect(result.frames).toHaveLength(1);
    expect(lines.some((line) => line.startsWith('Backend: '))).toBe(true);
    expect(lines.some((line) => line === `Result: ${output}`)).toBe(true);
    expect(lines.some((line) => line === `Loss plot: ${result.plot}`)).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses to overwrite without --force, and overwrites with it', async () => {
    const output = path.join(dir, 'again.png');
    await writeFile(output, 'existing');
    await expect(runStylizeCommand(cleanOptions(base(output)), io)).rejects.toThrow(/--output '.*again\.png' already exists; pass --force to overwrite it/);
    await runStylizeCommand(cleanOptions({ ...base(output), force: true, iterations: '1' }), io);
    expect((await sharp(output).metadata()).format).toBe('png');
  });

  it('reports bad paths, unreadable images, unknown presets and layers, bad numbers clearly', async () => {
    const out = path.join(dir, 'bad.png');
    const notImage = path.join(dir, 'notes.jpg');
    await writeFile(notImage, 'not an image at all');
    const cases: [Partial<StylizeCommandOptions>, RegExp][] = [
      [{ content: path.join(dir, 'missing.jpg') }, /stylegrad: --content '.*missing\.jpg' does not exist/],
      [{ style: [path.join(dir, 'nope.png')] }, /--style '.*nope\.png' does not exist/],
      [{ weights: path.join(dir, 'no-weights') }, /--weights '.*no-weights' does not exist/],
      [{ content: notImage }, /^stylegrad: --content '.*notes\.jpg' is not an image: its content is none of JPEG, PNG, WebP, GIF, TIFF or AVIF\.$/],
      [{ preset: 'monet' }, /--preset 'monet' is not a preset; valid presets: default, gatys, cmu-16726, columbia-gr5242, stanford-vgg16, cs231n-squeezenet, keras-vgg16-adam, pytorch-tutorial/],
      [{ styleLayers: 'conv1_1,conv9_9' }, /unknown layer 'conv9_9' for vgg19; valid layers: .*conv1_1/],
      [{ iterations: 'ten' }, /--iterations must be an integer >= 1; got 'ten'/],
      [{ output: path.join(dir, 'result.gif') }, /--output '.*result\.gif' must end in \.png, \.jpg, \.jpeg or \.webp/],
    ];
    for (const [override, message] of cases) {
      const attempt = runStylizeCommand(cleanOptions({ ...base(out), ...override } as StylizeCommandOptions), io);
      await expect(attempt).rejects.toThrow(StylegradError);
      await expect(runStylizeCommand(cleanOptions({ ...base(out), ...override } as StylizeCommandOptions), io)).rejects.toThrow(message);
    }
  });
});

describe('stylegrad entry point (child process)', () => {
  const exec = promisify(execFile);
  const cli = (args: string[]) => exec(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/cli/main.ts'), ...args], { cwd: ROOT, env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '3' } });

  it('prints help with the options mirroring the API', async () => {
    const { stdout } = await cli(['stylize', '--help']);
    for (const flag of ['--content', '--style', '--output', '--preset', '--style-weight', '--tv-kind', '--optimizer', '--colour', '--multi-scale', '--save-every', '--force']) {
      expect(stdout).toContain(flag);
    }
  });

  it('exits 1 with a one-line message for an unknown preset', async () => {
    const failure = await cli(['-c', CONTENT, '-s', STYLE, '-o', path.join(dir, 'x.png'), '-w', WEIGHTS, '--preset', 'monet']).then(
      () => null,
      (error: unknown) => error as { code: number; stderr: string },
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toMatch(/^stylegrad: --preset 'monet' is not a preset; valid presets: default, gatys/m);
  });
});
