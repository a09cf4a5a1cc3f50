// The CLI never loses a user's file and fails fast: outputs equal to inputs or to each other, unwritable or
// existing outputs and runs over the memory budget are refused before a backend or weights load (even with
// --force where it matters); convert replaces a folder whole; SIGINT/SIGTERM stop a real child process cleanly.
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, linkSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runApplyCommand } from '../../src/cli/commands/apply';
import { runConvertCommand } from '../../src/cli/commands/convert';
import { runStylizeCommand, type StylizeCommandOptions } from '../../src/cli/commands/stylize';
import { runTrainCommand } from '../../src/cli/commands/train';
import { ROOT, DATA, STYLE_IMAGE as STYLE, VGG19_WEIGHTS as WEIGHTS, SQUEEZENET_WEIGHTS as SQUEEZENET } from '../helpers/sharedData';

let dir = '';
let content = '';
const lines: string[] = [];
const io = { log: (line: string) => { lines.push(line); }, progress: false };

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'stylegrad-safety-'));
  content = path.join(dir, 'content.png');
  await sharp(path.join(DATA, 'images/content/tubingen.jpg')).resize(64).png().toFile(content);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const stylizeOptions = (output: string, extra: Partial<StylizeCommandOptions> = {}): StylizeCommandOptions =>
  ({ content, style: [STYLE], output, weights: WEIGHTS, size: '48', iterations: '2', multiScale: false, ...extra }) as StylizeCommandOptions;

describe('stylegrad (stylize) refuses in planning, before a backend loads', () => {
  it('an output that is an input or another output, even with --force, leaving the input unchanged', async () => {
    const before = readFileSync(content);
    const hardLink = path.join(dir, 'hard-link.png');
    linkSync(content, hardLink);
    const symbolic = path.join(dir, 'symbolic.png');
    symlinkSync(content, symbolic);
    const history = path.join(dir, 'h.json');
    const init = path.join(dir, 'init.png');
    copyFileSync(content, init);
    const cases: [Partial<StylizeCommandOptions> & { output: string }, string][] = [
      [{ output: content }, `stylegrad: --output '${content}' is the same file as --content '${content}'; an input would be overwritten, so nothing was run (even --force does not allow this). Choose another name.`],
      [{ output: path.join(dir, 'sub', '..', 'content.png') }, `stylegrad: --output '${path.join(dir, 'content.png')}' is the same file as --content '${content}'; an input would be overwritten, so nothing was run (even --force does not allow this). Choose another name.`],
      [{ output: hardLink }, `stylegrad: --output '${hardLink}' is the same file as --content '${content}'; an input would be overwritten, so nothing was run (even --force does not allow this). Choose another name.`],
      [{ output: symbolic }, `stylegrad: --output '${symbolic}' is the same file as --content '${content}'; an input would be overwritten, so nothing was run (even --force does not allow this). Choose another name.`],
      [{ output: init, init }, `stylegrad: --output '${init}' is the same file as --init '${init}'; an input would be overwritten`],
      [{ output: path.join(dir, 'o.png'), plot: STYLE }, `stylegrad: --plot '${STYLE}' is the same file as --style '${STYLE}'; an input would be overwritten`],
      [{ output: path.join(dir, 'o.png'), history: path.join(dir, 'o.png') }, `stylegrad: --history '${path.join(dir, 'o.png')}' is the same file as --output '${path.join(dir, 'o.png')}'; one output would overwrite another, so nothing was run (even --force does not allow this). Choose another name.`],
      [{ output: path.join(dir, 'o.png'), history, plot: history }, `stylegrad: --plot '${history}' is the same file as --history '${history}'; one output would overwrite another`],
    ];
    for (const [override, message] of cases) {
      lines.length = 0;
      await expect(runStylizeCommand(stylizeOptions(override.output, { force: true, ...override }), io)).rejects.toThrow(message);
      expect(lines).toEqual([]); // nothing ran: not even the backend was picked
    }
    expect(readFileSync(content).equals(before)).toBe(true);
  });

  it('outputs that cannot be written, are folders, have the wrong extension or exist without --force', async () => {
    const blocker = path.join(dir, 'a-file.txt');
    writeFileSync(blocker, 'x');
    const folder = path.join(dir, 'a-folder.json');
    mkdirSync(folder);
    const existing = path.join(dir, 'existing.loss.png');
    writeFileSync(existing, 'keep me');
    const out = path.join(dir, 'r.png');
    const cases: [Partial<StylizeCommandOptions>, string][] = [
      [{ plot: path.join(blocker, 'deeper', 'loss.png') }, `stylegrad: --plot '${path.join(blocker, 'deeper', 'loss.png')}' cannot be created: '${blocker}' is a file, not a folder.`],
      [{ history: folder }, `stylegrad: --history '${folder}' is a folder; give a file name.`],
      [{ history: path.join(dir, 'h.txt') }, `stylegrad: --history '${path.join(dir, 'h.txt')}' must end in .json.`],
      [{ plot: path.join(dir, 'p.gif') }, `stylegrad: --plot '${path.join(dir, 'p.gif')}' must end in .png, .jpg, .jpeg, .webp or .svg.`],
      [{ plot: existing }, `stylegrad: --plot '${existing}' already exists; pass --force to overwrite it.`],
      [{ style: [path.join(dir, 'a-folder.json')] }, `stylegrad: --style '${folder}' is a folder; give a JPEG, PNG, WebP, GIF, TIFF or AVIF image file.`],
      [{ style: [blocker] }, `stylegrad: --style '${blocker}' is not an image: its content is none of JPEG, PNG, WebP, GIF, TIFF or AVIF.`],
      [{ maxMemory: 'lots' }, "stylegrad: --max-memory must be a number > 0; got 'lots'."],
    ];
    for (const [override, message] of cases) {
      lines.length = 0;
      await expect(runStylizeCommand(stylizeOptions(out, override), io)).rejects.toThrow(message);
      expect(lines).toEqual([]);
    }
    expect(readFileSync(existing, 'utf8')).toBe('keep me');
    expect(existsSync(out)).toBe(false);
  });

  it('a run that does not fit even tiled, saying the estimate, the budget and the largest size that fits', async () => {
    lines.length = 0;
    await expect(runStylizeCommand(stylizeOptions(path.join(dir, 'huge.png'), { size: '20000', maxMemory: '4' }), io)).rejects.toThrow(
      /^stylegrad: --size 20000 needs about \d+\.\d GB of memory \(20000×15000, vgg19, lbfgs\), more than the budget of 4\.0 GB \(--max-memory 4\), and even tiled it does not fit; the largest --size that fits \(tiled\) is (\d+)\. Pass a smaller --size, or --max-memory <GB> to change the budget\.$/,
    );
    expect(lines).toEqual([]);
  });
});

describe('two runs racing for one output (no --force)', () => {
  it("the second never replaces the first's result: it keeps its own as name-1 and says so", async () => {
    const output = path.join(dir, 'race', 'out.png');
    const racing = {
      log: (line: string) => {
        // Another run publishes the same output while this one is optimising.
        if (line.startsWith('  iteration 1:')) {
          mkdirSync(path.dirname(output), { recursive: true });
          writeFileSync(output, 'the other run');
        }
      },
      progress: false,
    };
    await expect(runStylizeCommand(stylizeOptions(output), racing)).rejects.toThrow(
      `stylegrad: --output '${output}' already exists; it was left as it is and this result was saved as '${path.join(dir, 'race', 'out-1.png')}' (allow overwriting to replace it; CLI: --force).`,
    );
    expect(readFileSync(output, 'utf8')).toBe('the other run');
    expect((await sharp(path.join(dir, 'race', 'out-1.png')).metadata()).format).toBe('png');
    // The other results are still written.
    expect(readdirSync(path.join(dir, 'race')).sort()).toEqual(['out-1.png', 'out.loss.json', 'out.loss.png', 'out.png']);
  });

  it('a frame taken by another run is kept beside it and the run still delivers its result', async () => {
    const output = path.join(dir, 'race-frames', 'out.png');
    const framesDir = path.join(dir, 'race-frames', 'out-frames');
    const lines: string[] = [];
    const racing = {
      log: (line: string) => {
        lines.push(line);
        if (line.startsWith('Scale 1/1')) {
          mkdirSync(framesDir, { recursive: true });
          writeFileSync(path.join(framesDir, 'frame-s0-0001.png'), 'the other run');
        }
      },
      progress: false,
    };
    await expect(runStylizeCommand({ ...stylizeOptions(output), saveEvery: '1', iterations: '2' }, racing)).rejects.toThrow(
      /^stylegrad: --save-every '.*frame-s0-0001\.png' already exists; it was left as it is and this result was saved as '.*frame-s0-0001-1\.png'/,
    );
    expect(readFileSync(path.join(framesDir, 'frame-s0-0001.png'), 'utf8')).toBe('the other run');
    expect((await sharp(output).metadata()).format).toBe('png');
    expect(lines).toContain(`Result: ${output}`);
  });
});

describe('two trainings racing for one output folder (no --force)', () => {
  /** A 2-step training into `<dir>/<name>`; after step 1 "another process" puts `file` into the output folder. */
  const trainWhileAnotherWrites = (name: string, file: { name: string; text: string }, force: boolean): { output: string; run: Promise<unknown> } => {
    const images = path.join(dir, `${name}-images`);
    mkdirSync(images);
    copyFileSync(content, path.join(images, 'a.png'));
    const output = path.join(dir, name);
    const racing = {
      log: (line: string) => {
        if (line.startsWith('  step 1/')) {
          mkdirSync(output);
          writeFileSync(path.join(output, file.name), file.text);
        }
      },
      progress: false,
    };
    const options = { style: STYLE, images, weights: WEIGHTS, output, extractor: 'vgg19', steps: '2', batchSize: '1', cropSize: '32', resizeTo: '48', styleSize: '48', force };
    return { output, run: runTrainCommand(options, racing) };
  };
  const MODEL_FILES = ['group1-shard1of2.bin', 'group1-shard2of2.bin', 'history.json', 'loss.png', 'model.json'];

  it('the model goes to output-1 and the other folder is left as it is', async () => {
    const { output, run } = trainWhileAnotherWrites('race-model', { name: 'model.json', text: 'the other run' }, false);
    await expect(run).rejects.toThrow(
      `stylegrad train: --output '${output}' was created by another process while this run was training; it was left as it is and the model was saved as '${output}-1'.`,
    );
    expect(readFileSync(path.join(output, 'model.json'), 'utf8')).toBe('the other run');
    expect(readdirSync(`${output}-1`).sort()).toEqual(MODEL_FILES);
  });

  it('with --force, a folder that gained foreign files during training is kept and the model goes to output-1', async () => {
    const { output, run } = trainWhileAnotherWrites('race-model-2', { name: 'notes.txt', text: 'mine' }, true);
    await expect(run).rejects.toThrow(
      new RegExp(`^stylegrad train: --output '${output}' could not be replaced \\('${output}' holds files that are not part of what is written there \\('notes\\.txt'\\).*\\); the model was saved as '${output}-1'\\.$`),
    );
    expect(readdirSync(output)).toEqual(['notes.txt']);
    expect(readdirSync(`${output}-1`).sort()).toEqual(MODEL_FILES);
  });
});

describe('apply, train and convert refuse in planning', () => {
  it('apply: an output equal to its input (file or folder), even with --force', async () => {
    const modelsDir = path.join(DATA, 'fast-style');
    await expect(runApplyCommand({ model: 'udnie', modelsDir, input: content, output: content, force: true }, io)).rejects.toThrow(
      `stylegrad apply: <output> '${content}' is the same file as <input> '${content}'; an input would be overwritten, so nothing was run (even --force does not allow this). Choose another name.`,
    );
    await expect(runApplyCommand({ model: dir, input: content, output: path.join(dir, 'x.png') }, io)).rejects.toThrow(
      `stylegrad apply: --model '${dir}' holds neither model.json (a tfjs model, e.g. from stylegrad train) nor manifest.json (a fast-style checkpoint).`,
    );
    const folder = path.join(dir, 'apply-in');
    mkdirSync(folder);
    copyFileSync(content, path.join(folder, 'a.png'));
    await expect(runApplyCommand({ model: 'udnie', modelsDir, input: folder, output: path.join(folder, '.', ''), force: true }, io)).rejects.toThrow(
      `stylegrad apply: <output> '${path.join(folder, 'a.png')}' is the same file as <input> '${path.join(folder, 'a.png')}'`,
    );
  });

  it('train: an output folder that holds an input (it is replaced whole), even with --force', async () => {
    const images = path.join(dir, 'train', 'images');
    mkdirSync(images, { recursive: true });
    copyFileSync(content, path.join(images, 'a.png'));
    const output = path.join(dir, 'train');
    await expect(runTrainCommand({ style: STYLE, images, weights: WEIGHTS, output, force: true }, io)).rejects.toThrow(
      `stylegrad train: --output '${output}' holds --images '${images}'; the folder is replaced as a whole, so an input would be lost. Nothing was run (even --force does not allow this); choose another folder.`,
    );
    await expect(runTrainCommand({ style: STYLE, images, weights: WEIGHTS, output: path.join(dir, 'train-new'), resume: images }, io)).rejects.toThrow(
      `stylegrad train: --resume '${images}' is not a training checkpoint: it has no model.json (checkpoints are written to <output>/checkpoint with --checkpoint-every).`,
    );
    const mixed = path.join(dir, 'train-mixed');
    mkdirSync(mixed);
    writeFileSync(path.join(mixed, 'model.json'), '{}');
    writeFileSync(path.join(mixed, 'notes.txt'), 'mine');
    await expect(runTrainCommand({ style: STYLE, images, weights: WEIGHTS, output: mixed }, io)).rejects.toThrow(
      `stylegrad train: --output '${mixed}' already exists; pass --force to replace it (a folder holding only checkpoint/ is continued without it).`,
    );
    await expect(runTrainCommand({ style: STYLE, images, weights: WEIGHTS, output: mixed, force: true }, io)).rejects.toThrow(
      `stylegrad train: --output '${mixed}' holds files that are not part of a trained model ('notes.txt'); it is replaced as a whole, so choose a new or empty folder.`,
    );
    expect(readdirSync(mixed).sort()).toEqual(['model.json', 'notes.txt']);
  });

  it('convert: SRC SRC, an existing folder without --force (untouched), and with --force replaced whole', async () => {
    const target = path.join(dir, 'converted');
    mkdirSync(target);
    writeFileSync(path.join(target, 'group1-shard9of9.bin'), 'stale');
    await expect(runConvertCommand({ input: target, output: target, force: true })).rejects.toThrow(
      `stylegrad convert: <output> '${target}' is <input> '${target}'; the folder is replaced as a whole, so an input would be lost. Nothing was run (even --force does not allow this); choose another folder.`,
    );
    await expect(runConvertCommand({ input: SQUEEZENET, output: target })).rejects.toThrow(`stylegrad convert: <output> '${target}' already exists; pass --force to overwrite it.`);
    expect(readdirSync(target)).toEqual(['group1-shard9of9.bin']);
    const result = await runConvertCommand({ input: SQUEEZENET, output: target, force: true });
    expect(result.tensors).toBe(50);
    expect(readdirSync(target).sort()).toEqual(['group1-shard1of1.bin', 'model.json']);
    expect(readdirSync(dir).filter((name) => name.startsWith('.converted'))).toEqual([]);
    const mixed = path.join(dir, 'mixed');
    mkdirSync(mixed);
    writeFileSync(path.join(mixed, 'notes.txt'), 'mine');
    await expect(runConvertCommand({ input: SQUEEZENET, output: mixed, force: true })).rejects.toThrow(
      `stylegrad convert: <output> '${mixed}' holds files that are not part of a model ('notes.txt'); it is replaced as a whole, so choose a new or empty folder.`,
    );
    expect(readdirSync(mixed)).toEqual(['notes.txt']);
  });
});

describe('signals (real child process, tfjs-node or the fastest backend)', () => {
  const run = (args: string[], signal: NodeJS.Signals, after = 'iteration 1:'): Promise<{ code: number | null; stdout: string; stderr: string }> =>
    new Promise((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/cli/main.ts'), ...args], { cwd: ROOT, env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '3' } });
      let stdout = '';
      let stderr = '';
      let sent = false;
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        if (!sent && stdout.includes(after)) {
          sent = true;
          child.kill(signal);
        }
      });
      child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
      child.on('close', (code) => { resolve({ code, stdout, stderr }); });
    });

  it('SIGINT after the first progress line: exit 130, one line, no output file, no temporary file', async () => {
    const folder = path.join(dir, 'sigint');
    const output = path.join(folder, 'out.png');
    const result = await run(['-c', content, '-s', STYLE, '-o', output, '-w', WEIGHTS, '--size', '48', '--iterations', '500', '--no-multi-scale'], 'SIGINT');
    expect(result.code).toBe(130);
    expect(result.stderr.trim().split('\n').at(-1)).toBe('stylegrad: run was interrupted by SIGINT; no result was written.');
    expect(existsSync(folder) ? readdirSync(folder) : []).toEqual([]);
  });

  it('SIGTERM with --save-every: exit 143, says where the complete frames are, no result, no temporary file', async () => {
    const folder = path.join(dir, 'sigterm');
    const output = path.join(folder, 'out.png');
    const result = await run(['-c', content, '-s', STYLE, '-o', output, '-w', WEIGHTS, '--size', '48', '--iterations', '500', '--no-multi-scale', '--save-every', '1'], 'SIGTERM');
    expect(result.code).toBe(143);
    expect(result.stderr.trim().split('\n').at(-1)).toMatch(new RegExp(`^stylegrad: run was interrupted by SIGTERM; no result was written\\. \\d+ frames? (is|are) in ${path.join(folder, 'out-frames').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.$`));
    expect(readdirSync(folder)).toEqual(['out-frames']);
    const frames = readdirSync(path.join(folder, 'out-frames'));
    expect(frames.length).toBeGreaterThan(0);
    expect(frames.every((name) => /^frame-s0-\d{4}\.png$/.test(name))).toBe(true);
  });

  it('apply on a folder, SIGINT after the first image: exit 130, only complete images, the count said', async () => {
    const output = path.join(dir, 'apply-sigint');
    const args = ['apply', '-m', path.join(DATA, 'fast-style/udnie'), path.join(DATA, 'images/train'), output, '--size', '256'];
    const result = await run(args, 'SIGINT', ' -> ');
    expect(result.code).toBe(130);
    const last = result.stderr.trim().split('\n').at(-1) ?? '';
    const match = /^stylegrad apply: run was interrupted by SIGINT; (\d+) of 24 images were written, each complete; no partial image was written\.$/.exec(last);
    expect(match).not.toBeNull();
    const written = readdirSync(output);
    expect(written).toHaveLength(Number(match?.[1]));
    for (const name of written) expect((await sharp(path.join(output, name)).metadata()).width).toBe(256);
  });

  it('train, SIGINT after the first step: exit 130, no model, says where the last checkpoint is', async () => {
    const images = path.join(dir, 'train-images');
    mkdirSync(images);
    copyFileSync(content, path.join(images, 'a.png'));
    const output = path.join(dir, 'train-out');
    const args = ['train', '-s', STYLE, '-i', images, '-w', WEIGHTS, '-o', output, '--extractor', 'vgg19', '--steps', '500', '--batch-size', '1', '--crop-size', '32', '--resize-to', '48', '--style-size', '48', '--checkpoint-every', '1'];
    const result = await run(args, 'SIGINT', 'step 1/');
    expect(result.code).toBe(130);
    const checkpoint = path.join(output, 'checkpoint');
    const last = result.stderr.trim().split('\n').at(-1) ?? '';
    expect(last).toMatch(/^stylegrad train: run was interrupted by SIGINT; no model was written; the last checkpoint \(step \d+\) is in .+; continue with --resume .+\.$/);
    expect(last).toContain(`is in ${checkpoint}; continue with --resume ${checkpoint}.`);
    expect(readdirSync(output)).toEqual(['checkpoint']);
    expect(readdirSync(checkpoint).sort()).toEqual(['group1-shard1of2.bin', 'group1-shard2of2.bin', 'model.json', 'training.bin', 'training.json']);
  });
});

describe('command-line mistakes are one line, exit 1', () => {
  const cli = (args: string[]): Promise<{ code: number | null; stderr: string }> =>
    new Promise((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/cli/main.ts'), ...args], { cwd: ROOT, env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '3' } });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
      child.on('close', (code) => { resolve({ code, stderr }); });
    });

  it('commander errors (missing, bad choice) and missing files, without a stack trace', async () => {
    const cases: [string[], string][] = [
      [['apply'], "stylegrad: required option '-m, --model <name|folder>' not specified"],
      [['-c', content, '-o', 'x.png', '--backend', 'abacus'], "stylegrad: option '--backend <name>' argument 'abacus' is invalid. Allowed choices are tfjs-node-gpu, tfjs-node, wasm, cpu."],
      [['convert', path.join(dir, 'nope.h5'), path.join(dir, 'nope-out')], `stylegrad convert: <input> '${path.join(dir, 'nope.h5')}' does not exist.`],
    ];
    for (const [args, first] of cases) {
      const { code, stderr } = await cli(args);
      expect(code).toBe(1);
      expect(stderr.split('\n')[0]).toBe(first);
      expect(stderr).not.toMatch(/\n\s+at /);
    }
  });
});
