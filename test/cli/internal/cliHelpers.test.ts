import { linkSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkStylizeMemory } from '../../../src/cli/commands/internal/checkStylizeMemory';
import { describeCliError } from '../../../src/cli/internal/describeCliError';
import { fileIdentity, sameFile } from '../../../src/cli/internal/fileIdentity';
import { CommandInterrupted } from '../../../src/cli/internal/interrupts';
import { memoryBudget } from '../../../src/cli/internal/memoryBudget';
import { StylegradError } from '../../../src/errors';

describe('memoryBudget', () => {
  it('memoryBudget: --max-memory in GB, else 80% of the RAM', () => {
    expect(memoryBudget('stylegrad', '4')).toEqual({ bytes: 4e9, source: '--max-memory 4' });
    expect(memoryBudget('stylegrad', undefined).source).toMatch(/^80% of this (machine|container)'s \d+\.\d GB of RAM$/);
    expect(() => memoryBudget('stylegrad', '-1')).toThrow("stylegrad: --max-memory must be a number > 0; got '-1'.");
  });
});

describe('fileIdentity', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'stylegrad-identity-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('sees the same file through .., symlinks (also of folders, for files not yet written) and hard links', async () => {
    const file = path.join(dir, 'a.png');
    writeFileSync(file, 'x');
    linkSync(file, path.join(dir, 'hard.png'));
    symlinkSync(file, path.join(dir, 'soft.png'));
    mkdirSync(path.join(dir, 'real'));
    symlinkSync(path.join(dir, 'real'), path.join(dir, 'alias'));
    const id = await fileIdentity(file);
    for (const other of ['sub/../a.png', 'hard.png', 'soft.png']) expect(sameFile(id, await fileIdentity(path.join(dir, other)))).toBe(true);
    expect(sameFile(await fileIdentity(path.join(dir, 'real', 'new', 'x.png')), await fileIdentity(path.join(dir, 'alias', 'new', 'x.png')))).toBe(true);
    expect(sameFile(id, await fileIdentity(path.join(dir, 'b.png')))).toBe(false);
  });
});

describe('describeCliError', () => {
  it('one line for input and filesystem errors, 130/143 for interrupts, a stack only with --verbose for bugs', () => {
    expect(describeCliError(new StylegradError('stylegrad', '--size', 'must be …'), false)).toEqual({ message: 'stylegrad: --size must be …', exitCode: 1 });
    expect(describeCliError(new StylegradError('readImage', 'source', "'a' is empty."), false).message).toBe("stylegrad: readImage: source 'a' is empty.");
    expect(describeCliError(new CommandInterrupted('stylegrad train', 'SIGTERM', 'no model was written.'), false)).toEqual({
      message: 'stylegrad train: run was interrupted by SIGTERM; no model was written.',
      exitCode: 143,
    });
    expect(describeCliError(new CommandInterrupted('stylegrad', 'SIGINT', 'x'), false).exitCode).toBe(130);
    const enoent = Object.assign(new Error("ENOENT: no such file or directory, open 'x'"), { code: 'ENOENT' });
    expect(describeCliError(enoent, false)).toEqual({ message: "stylegrad: ENOENT: no such file or directory, open 'x'", exitCode: 1 });
    const bug = new TypeError('cannot read properties of undefined\n(reading "x")');
    expect(describeCliError(bug, false).message).toBe('stylegrad: unexpected error: cannot read properties of undefined (reading "x") (this is a bug; run again with --verbose for details and report it)');
    expect(describeCliError(bug, true).message).toContain('\n    at ');
  });
});

describe('checkStylizeMemory', () => {
  const base = { reference: { width: 64, height: 48 }, extractor: 'vgg19' as const, optimizer: 'lbfgs' as const, backend: undefined };

  it('passes a run within budget, warning when it upscales more than 2×', () => {
    const check = checkStylizeMemory({ ...base, size: 512, maxMemory: '4' });
    expect([check.width, check.height, check.budget]).toEqual([512, 384, 4e9]);
    expect(check.bytes).toBeGreaterThan(1.5e9);
    expect(check.warnings).toEqual(['Warning: --size 512 upscales the 64 px image 8.0×: more pixels (memory, time), no more detail.']);
    expect(checkStylizeMemory({ ...base, size: 128, maxMemory: '4' }).warnings).toEqual([]);
  });

  it('tiles a VGG run over budget instead: the largest tile that fits, the first scale whole, the estimate within budget', () => {
    const check = checkStylizeMemory({ ...base, size: 4096, maxMemory: '6' });
    expect([check.width, check.height]).toEqual([4096, 3072]);
    const tiling = check.tiling;
    expect(tiling).not.toBeNull();
    expect(check.bytes).toBeLessThanOrEqual(6e9);
    expect(tiling?.tileSize ?? 0).toBeGreaterThanOrEqual(128);
    expect((tiling?.tileSize ?? 1) % 16).toBe(0);
    expect(tiling?.halo).toBe(64);
    // One more 16-pixel step of core would not fit: the tile is the largest.
    const bigger = checkStylizeMemory({ ...base, size: 4096, maxMemory: '6', tileSize: (tiling?.tileSize ?? 0) + 16 });
    expect(bigger.bytes > 6e9 || bigger.tiling?.historySize !== tiling?.historySize).toBe(true);
    // Scales up to the largest size that fits whole (931 px longer side at 4 GB, 4:3) run untiled.
    const four = checkStylizeMemory({ ...base, size: 2048, maxMemory: '4' });
    expect(four.tiling?.maxUntiledPixels).toBe(931 * 698);
    expect(four.tiling?.start).toBe(512);
    expect(checkStylizeMemory({ ...base, size: 931, maxMemory: '4' }).tiling).toBeNull();
    expect(checkStylizeMemory({ ...base, size: 932, maxMemory: '4' }).tiling).not.toBeNull();
    expect(checkStylizeMemory({ ...base, size: 512, maxMemory: '4', tileSize: 256 }).tiling?.tileSize).toBe(256);
  });

  it('refuses what cannot fit even tiled, with the estimate, the budget and the largest size that fits whole', () => {
    expect(() => checkStylizeMemory({ ...base, size: 20000, optimizer: { name: 'adam', learningRate: 1 }, extractor: 'squeezenet1.1', maxMemory: '4' })).toThrow(
      /^stylegrad: --size 20000 needs about .* of memory \(20000×15000, squeezenet1\.1, adam\), more than the budget of 4\.0 GB \(--max-memory 4\), and SqueezeNet cannot be tiled \(its first layer does not keep the pixel grid\); the largest --size that fits is \d+\./,
    );
    // The advice is the largest size that fits tiled (which does fit), not the largest that fits whole (931).
    expect(() => checkStylizeMemory({ ...base, size: 20000, maxMemory: '4' })).toThrow(/and even tiled it does not fit; the largest --size that fits \(tiled\) is 4721\./);
    expect(checkStylizeMemory({ ...base, size: 4721, maxMemory: '4' }).tiling).not.toBeNull();
    expect(() => checkStylizeMemory({ ...base, size: 4722, maxMemory: '4' })).toThrow(/the largest --size that fits \(tiled\) is 4721\./);
    expect(() => checkStylizeMemory({ ...base, size: 64, maxMemory: '0.1' })).toThrow(/; nothing fits: the fixed part alone is over budget\. /);
  });
});
