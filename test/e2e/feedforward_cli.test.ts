// `stylegrad apply` and `stylegrad train` end to end (through their run functions, as the CLI calls them).
import { mkdir, mkdtemp, readdir, rm, copyFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { runApplyCommand } from '../../src/cli/commands/apply';
import { runTrainCommand } from '../../src/cli/commands/train';
import { readFile } from 'node:fs/promises';
import { readImage } from '../../src/node/readImage';
import { decodePng } from '../helpers/decodePng';

const DATA = path.resolve(import.meta.dirname, '../../../shared/data');
let dir: string;
const lines: string[] = [];
const io = { log: (line: string) => { lines.push(line); }, progress: false };

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'stylegrad-cli-ff-'));
  await mkdir(path.join(dir, 'in'));
  for (const name of ['kodim01.png', 'kodim02.png', 'kodim03.png']) await copyFile(path.join(DATA, 'images/train', name), path.join(dir, 'in', name));
});
afterAll(async () => {
  await rm(dir, { recursive: true });
});

test('apply: a model by name from --models-dir, one image and a folder; clear errors', async () => {
  const modelsDir = path.join(DATA, 'fast-style');
  const out = path.join(dir, 'one.png');
  await runApplyCommand({ model: 'udnie', modelsDir, input: path.join(DATA, 'images/content/chicago.jpg'), output: out, size: '96' }, io);
  const image = await readImage(out);
  expect(Math.max(...image.shape.slice(0, 2))).toBe(96);
  image.dispose();
  await expect(runApplyCommand({ model: 'udnie', modelsDir, input: path.join(DATA, 'images/content/chicago.jpg'), output: out }, io)).rejects.toThrow(/already exists; pass --force/);
  const written = await runApplyCommand({ model: path.join(modelsDir, 'wave'), input: path.join(dir, 'in'), output: path.join(dir, 'out'), size: '64' }, io);
  expect(written).toHaveLength(3);
  expect((await readdir(path.join(dir, 'out'))).sort()).toEqual(['kodim01.png', 'kodim02.png', 'kodim03.png']);
  await expect(runApplyCommand({ model: 'nope', modelsDir, input: out, output: path.join(dir, 'x.png') }, io)).rejects.toThrow(
    /'nope' is neither a model folder nor a model name \(models in .*fast-style: la_muse, mathura, .*udnie, wave, wreck/,
  );
});

test('apply: tiles chosen from --max-memory, or forced; the 16-bit result equals the whole-image one', async () => {
  const modelsDir = path.join(DATA, 'fast-style');
  const input = path.join(DATA, 'images/content/chicago.jpg');
  const run = async (name: string, extra: { maxMemory?: string; tileSize?: string }): Promise<number[]> => {
    lines.length = 0;
    const output = path.join(dir, `${name}.png`);
    await runApplyCommand({ model: 'udnie', modelsDir, input, output, size: '320', bitDepth: '16', ...extra }, io);
    const png = decodePng(await readFile(output));
    expect([png.bitDepth, Math.max(png.width, png.height)]).toEqual([16, 320]);
    return png.samples;
  };
  const whole = await run('whole', {});
  expect(lines.some((l) => l.includes('tiles'))).toBe(false);
  // Budget 1.25 GB: the whole 320 px image is estimated at ~1.5 GB (over), 2048-pixel tiles (the whole image as one tile) ~0.9 GB (fit).
  const auto = await run('auto', { maxMemory: '1.25' });
  expect(lines.find((l) => l.includes('tiles'))).toMatch(/: 320×\d+ in 2048-pixel tiles \(about 0\.9 GB; the whole image would need about 1\.\d GB\)/);
  const forced = await run('forced', { tileSize: '64' });
  expect(lines.filter((l) => l.startsWith('  pass '))).toHaveLength(22);
  for (const tiled of [auto, forced]) {
    const worst = tiled.reduce((m, v, i) => Math.max(m, Math.abs(v - (whole[i] ?? 0))), 0);
    expect(worst).toBeLessThanOrEqual(26); // 0.1 level of 0..255 in 16-bit units; measured 0 (one tile) and 2 (64-pixel tiles)
  }
});

test('train: two tiny steps write a model that apply can use', async () => {
  const output = path.join(dir, 'model');
  const history = await runTrainCommand(
    { style: path.join(DATA, 'images/style/wave.jpg'), images: path.join(dir, 'in'), weights: path.join(DATA, 'weights/vgg19-notop-uint8'), output, extractor: 'vgg19', steps: '2', batchSize: '1', cropSize: '32', resizeTo: '64', styleSize: '64', checkpointEvery: '1' },
    io,
  );
  expect(history).toHaveLength(2);
  expect((await readdir(output)).sort()).toEqual(expect.arrayContaining(['checkpoint', 'history.json', 'loss.png', 'model.json']));
  await runApplyCommand({ model: output, input: path.join(dir, 'in', 'kodim01.png'), output: path.join(dir, 'trained.png'), size: '48' }, io);
  await expect(
    runTrainCommand({ style: path.join(DATA, 'images/style/wave.jpg'), images: path.join(dir, 'in'), weights: 'missing', output, extractor: 'vgg19' }, io),
  ).rejects.toThrow("stylegrad train: --weights 'missing' does not exist.");
});
