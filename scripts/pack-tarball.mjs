// Packs the package (npm pack, after `npm run build`) into .tmp/pack and returns the tarball's path.
// Shared by scripts/check-package.mjs and test/smoke/run-smoke.mjs so both check exactly what npm publishes.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const repoRoot = resolve(import.meta.dirname, '..');

export function packTarball() {
  if (!existsSync(join(repoRoot, 'dist', 'index.js'))) {
    throw new Error('dist/ is missing: run `npm run build` first.');
  }
  const destination = join(repoRoot, '.tmp', 'pack');
  rmSync(destination, { recursive: true, force: true });
  mkdirSync(destination, { recursive: true });
  const output = execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', destination], {
    cwd: repoRoot,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const [{ filename }] = JSON.parse(output);
  return join(destination, filename);
}
