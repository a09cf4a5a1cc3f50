// Smoke test of the packed package in plain Node, outside vitest (DESIGN.md §1: vitest hides a missing
// gradient registration). Unpacks the tarball into .tmp/smoke/node_modules/stylegrad (peer dependencies
// resolve from the repo's node_modules above it) and runs an ESM and a CJS consumer that each compute a
// loss and its gradient and compare them with hand-worked values.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { packTarball, repoRoot } from '../../scripts/pack-tarball.mjs';

const smokeDir = join(repoRoot, '.tmp', 'smoke');
const packageDir = join(smokeDir, 'node_modules', 'stylegrad');
rmSync(smokeDir, { recursive: true, force: true });
mkdirSync(packageDir, { recursive: true });
execFileSync('tar', ['-xzf', packTarball(), '-C', packageDir, '--strip-components=1']);
for (const consumer of ['consumer.mjs', 'consumer.cjs']) {
  cpSync(join(import.meta.dirname, consumer), join(smokeDir, consumer));
  const output = execFileSync(process.execPath, [join(smokeDir, consumer)], { cwd: smokeDir, encoding: 'utf8' });
  process.stdout.write(output);
}
console.log('smoke: 2 passed, 0 failed');
