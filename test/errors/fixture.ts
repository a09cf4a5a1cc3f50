// The sandbox each error-catalogue case runs in: a fresh temp folder holding small real images (copied from
// ../shared/data, resized), plus a snapshot of every file in it so a case can prove that nothing changed.
import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import { lstat, mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import sharp from 'sharp';
import { DATA, ROOT } from '../helpers/sharedData';
export { ROOT, VGG19_WEIGHTS as VGG19 } from '../helpers/sharedData';

export const UDNIE = path.join(DATA, 'fast-style/udnie');
// tsx by absolute file URL: the CLI runs with the fixture folder as its working directory.
const TSX_LOADER = pathToFileURL(path.join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;

/** A case's temp folder, with `content.jpg` (64×48) and `style.jpg` (64×64) in it. */
export interface Fixture {
  readonly dir: string;
  readonly content: string;
  readonly style: string;
  /** A path inside the fixture folder. */
  at(name: string): string;
}

/** Makes a fresh fixture folder with the two images. */
export async function makeFixture(): Promise<Fixture> {
  const dir = await mkdtemp(path.join(tmpdir(), 'stylegrad-errors-'));
  const at = (name: string): string => path.join(dir, name);
  await sharp(path.join(DATA, 'images/content/tubingen.jpg')).resize(64, 48, { fit: 'fill' }).jpeg().toFile(at('content.jpg'));
  await sharp(path.join(DATA, 'images/style/starry_night.jpg')).resize(64, 64, { fit: 'fill' }).jpeg().toFile(at('style.jpg'));
  return { dir, content: at('content.jpg'), style: at('style.jpg'), at };
}

/** Every entry under `dir` (files, folders, links) with its type, mode and content hash, sorted by path. */
export async function snapshot(dir: string): Promise<string[]> {
  const rows: string[] = [];
  const walk = async (folder: string): Promise<void> => {
    for (const name of (await readdir(folder)).sort()) {
      const full = path.join(folder, name);
      const info = await lstat(full);
      const rel = path.relative(dir, full);
      if (info.isDirectory()) {
        rows.push(`${rel}/ ${(info.mode & 0o777).toString(8)}`);
        await walk(full);
      } else if (info.isFile()) {
        rows.push(`${rel} ${(info.mode & 0o777).toString(8)} ${createHash('sha256').update(await readFile(full)).digest('hex')}`);
      } else {
        rows.push(`${rel} (special)`);
      }
    }
  };
  await walk(dir);
  return rows;
}

/** What a CLI run printed and how it ended. */
export interface CliOutcome {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
}

/** Runs `stylegrad <args>` (src/cli/main.ts through tsx) in `cwd`, with a time limit. */
export function runCli(args: readonly string[], cwd: string, timeoutMs = 120_000, env: NodeJS.ProcessEnv = {}): Promise<CliOutcome> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', TSX_LOADER, path.join(ROOT, 'src/cli/main.ts'), ...args],
      { cwd, timeout: timeoutMs, killSignal: 'SIGKILL', env: { ...process.env, ...env }, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const failure = error as (Error & { code?: number | string; signal?: NodeJS.Signals; killed?: boolean }) | null;
        resolve({
          code: failure === null ? 0 : typeof failure.code === 'number' ? failure.code : null,
          signal: failure?.signal ?? null,
          stdout,
          stderr,
          timedOut: failure?.killed === true && failure.signal === 'SIGKILL',
        });
      },
    );
  });
}
