import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { mkdir, writeFile } from 'node:fs/promises';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { writeFileAtomic } from '../../src/node/writeFileAtomic';
import { writeFolderAtomic } from '../../src/node/writeFolderAtomic';

// A hook into open(2) so a test can play "another process" between the start of a write and its publication.
const hooks = vi.hoisted(() => ({ afterOpen: undefined as ((file: string) => void) | undefined, noHardLinks: false }));
vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  const open: typeof actual.open = async (...args: Parameters<typeof actual.open>) => {
    const handle = await actual.open(...args);
    hooks.afterOpen?.(String(args[0]));
    return handle;
  };
  // A filesystem without hard links (FAT, some network mounts) refuses link(2) with EPERM.
  const link: typeof actual.link = (...args: Parameters<typeof actual.link>) =>
    hooks.noHardLinks ? Promise.reject(Object.assign(new Error('EPERM: operation not permitted, link'), { code: 'EPERM' })) : actual.link(...args);
  return { ...actual, default: { ...actual, open, link }, open, link };
});

/** A new empty folder per test, all under one temp root removed at the end. */
const root = mkdtempSync(path.join(tmpdir(), 'stylegrad-atomic-'));
let cases = 0;
const fresh = (): string => {
  const dir = path.join(root, `case-${cases++}`);
  mkdirSync(dir);
  return dir;
};
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('writeFileAtomic', () => {
  afterEach(() => {
    hooks.afterOpen = undefined;
    hooks.noHardLinks = false;
  });

  it('writes the exact bytes, creates the parent folder and leaves no temporary file', async () => {
    const dir = fresh();
    const bytes = Uint8Array.from({ length: 70_000 }, (_, i) => (i * 31) % 256);
    const file = path.join(dir, 'sub', 'out.bin');
    await writeFileAtomic('f', 'arg', file, bytes);
    expect(new Uint8Array(readFileSync(file))).toEqual(bytes);
    expect(readdirSync(path.join(dir, 'sub'))).toEqual(['out.bin']);
  });

  it('replaces an existing file with overwrite (the default)', async () => {
    const dir = fresh();
    const file = path.join(dir, 'a.txt');
    writeFileSync(file, 'old');
    await writeFileAtomic('f', 'arg', file, 'new');
    expect(readFileSync(file, 'utf8')).toBe('new');
    expect(readdirSync(dir)).toEqual(['a.txt']);
  });

  it('never replaces an existing file without overwrite: it stays byte-for-byte, the data is kept as name-1', async () => {
    const dir = fresh();
    const file = path.join(dir, 'a.txt');
    writeFileSync(file, 'mine');
    await expect(writeFileAtomic('writeImage', 'path', file, 'theirs', { overwrite: false })).rejects.toThrow(
      `writeImage: path '${file}' already exists; it was left as it is and this result was saved as '${path.join(dir, 'a-1.txt')}' (allow overwriting to replace it; CLI: --force).`,
    );
    expect(readFileSync(file, 'utf8')).toBe('mine');
    expect(readFileSync(path.join(dir, 'a-1.txt'), 'utf8')).toBe('theirs');
    expect(readdirSync(dir).sort()).toEqual(['a-1.txt', 'a.txt']);
  });

  it('keeps a file another process created meanwhile and saves this result under a free name', async () => {
    const dir = fresh();
    const file = path.join(dir, 'out.png');
    writeFileSync(path.join(dir, 'out-1.png'), 'taken');
    hooks.afterOpen = (opened) => { if (opened.includes('.out.png.tmp-')) writeFileSync(file, 'other run'); };
    await expect(writeFileAtomic('writeImage', 'path', file, 'this run', { overwrite: false })).rejects.toThrow(
      `writeImage: path '${file}' was created by another process while this result was being written; it was left as it is and this result was saved as '${path.join(dir, 'out-2.png')}' (allow overwriting to replace it; CLI: --force).`,
    );
    expect(readFileSync(file, 'utf8')).toBe('other run');
    expect(readFileSync(path.join(dir, 'out-1.png'), 'utf8')).toBe('taken');
    expect(readFileSync(path.join(dir, 'out-2.png'), 'utf8')).toBe('this run');
    expect(readdirSync(dir).sort()).toEqual(['out-1.png', 'out-2.png', 'out.png']);
  });

  it('without hard links (EPERM from link) still publishes, and still keeps an existing file', async () => {
    hooks.noHardLinks = true;
    const dir = fresh();
    const file = path.join(dir, 'a.txt');
    await writeFileAtomic('f', 'arg', file, 'first', { overwrite: false });
    expect(readFileSync(file, 'utf8')).toBe('first');
    await expect(writeFileAtomic('f', 'arg', file, 'second', { overwrite: false })).rejects.toThrow(`saved as '${path.join(dir, 'a-1.txt')}'`);
    expect(readFileSync(file, 'utf8')).toBe('first');
    expect(readFileSync(path.join(dir, 'a-1.txt'), 'utf8')).toBe('second');
    expect(readdirSync(dir).sort()).toEqual(['a-1.txt', 'a.txt']);
  });

  it('names the file and the reason when it cannot be written, and leaves no temporary file', async () => {
    const dir = fresh();
    const target = path.join(dir, 'folder');
    mkdirSync(target);
    await expect(writeFileAtomic('f', 'arg', target, 'x')).rejects.toThrow(new RegExp(`^f: arg '${target}' could not be written \\(EISDIR`));
    expect(readdirSync(dir)).toEqual(['folder']);
  });
});

describe('writeFolderAtomic', () => {

  it('creates a new folder with what fill wrote and returns fill’s result', async () => {
    const dir = fresh();
    const target = path.join(dir, 'model');
    const result = await writeFolderAtomic('f', 'arg', target, async (tmp) => {
      await writeFile(path.join(tmp, 'model.json'), '{}');
      return 42;
    });
    expect(result).toBe(42);
    expect(readdirSync(target)).toEqual(['model.json']);
    expect(readdirSync(dir)).toEqual(['model']);
  });

  it('replaces an existing folder whole: no stale shard of the old one remains', async () => {
    const dir = fresh();
    const target = path.join(dir, 'model');
    mkdirSync(target);
    for (const f of ['model.json', 'group1-shard1of3.bin', 'group1-shard2of3.bin', 'group1-shard3of3.bin']) writeFileSync(path.join(target, f), 'old');
    await writeFolderAtomic('f', 'arg', target, async (tmp) => {
      await writeFile(path.join(tmp, 'model.json'), 'new');
      await writeFile(path.join(tmp, 'group1-shard1of1.bin'), 'new');
    });
    expect(readdirSync(target).sort()).toEqual(['group1-shard1of1.bin', 'model.json']);
    expect(readFileSync(path.join(target, 'model.json'), 'utf8')).toBe('new');
    expect(readdirSync(dir)).toEqual(['model']);
  });

  it('refuses an existing folder without overwrite before fill runs, leaving it unchanged', async () => {
    const dir = fresh();
    const target = path.join(dir, 'model');
    mkdirSync(target);
    writeFileSync(path.join(target, 'model.json'), 'mine');
    const fill = vi.fn(() => Promise.resolve(undefined));
    await expect(writeFolderAtomic('convertWeightsToTfjs', 'outputFolder', target, fill, { overwrite: false })).rejects.toThrow(
      `convertWeightsToTfjs: outputFolder '${target}' already exists; choose another name or allow overwriting it (CLI: --force).`,
    );
    expect(fill).not.toHaveBeenCalled();
    expect(readFileSync(path.join(target, 'model.json'), 'utf8')).toBe('mine');
    expect(readdirSync(dir)).toEqual(['model']);
  });

  it('refuses to replace a folder holding names `replaceable` rejects, before fill, leaving it untouched', async () => {
    const dir = fresh();
    const target = path.join(dir, 'home');
    mkdirSync(target);
    writeFileSync(path.join(target, 'thesis.tex'), 'years of work');
    writeFileSync(path.join(target, 'model.json'), 'old');
    const fill = vi.fn(() => Promise.resolve(undefined));
    await expect(writeFolderAtomic('f', 'arg', target, fill, { replaceable: (name) => name === 'model.json' })).rejects.toThrow(
      `f: arg '${target}' holds files that are not part of what is written there ('thesis.tex'); it would be replaced as a whole, so they were left untouched and nothing was written. Choose a new or empty folder.`,
    );
    expect(fill).not.toHaveBeenCalled();
    expect(readdirSync(target).sort()).toEqual(['model.json', 'thesis.tex']);
  });

  it('refuses a destination that is a file, even with overwrite', async () => {
    const dir = fresh();
    const target = path.join(dir, 'model');
    writeFileSync(target, 'a file');
    await expect(writeFolderAtomic('f', 'arg', target, () => Promise.resolve(undefined))).rejects.toThrow(`f: arg '${target}' exists and is not a folder.`);
    expect(readFileSync(target, 'utf8')).toBe('a file');
    expect(readdirSync(dir)).toEqual(['model']);
  });

  it('removes the temporary folder when fill fails and rethrows its error, leaving the old folder', async () => {
    const dir = fresh();
    const target = path.join(dir, 'model');
    mkdirSync(target);
    writeFileSync(path.join(target, 'model.json'), 'old');
    await expect(writeFolderAtomic('f', 'arg', target, async (tmp) => {
      await writeFile(path.join(tmp, 'half.bin'), 'x');
      throw new Error('disk full');
    })).rejects.toThrow('disk full');
    expect(readdirSync(dir)).toEqual(['model']);
    expect(readdirSync(target)).toEqual(['model.json']);
    expect(readFileSync(path.join(target, 'model.json'), 'utf8')).toBe('old');
  });

  it('keeps a folder another process created meanwhile (even empty) and saves this run’s under a free name', async () => {
    const dir = fresh();
    const target = path.join(dir, 'model');
    await expect(writeFolderAtomic('f', 'arg', target, async (tmp) => {
      await writeFile(path.join(tmp, 'model.json'), 'this run');
      await mkdir(target); // the other process
    }, { overwrite: false })).rejects.toThrow(
      `f: arg '${target}' was created by another process while this run was working; it was left as it is and this run's result was saved as '${target}-1'.`,
    );
    expect(readdirSync(target)).toEqual([]);
    expect(readFileSync(path.join(`${target}-1`, 'model.json'), 'utf8')).toBe('this run');
    expect(readdirSync(dir).sort()).toEqual(['model', 'model-1']);
    expect(existsSync(path.join(dir, 'model-2'))).toBe(false);
  });
});
