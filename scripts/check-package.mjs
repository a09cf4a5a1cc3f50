// Package checks on what npm would publish: the contents of `npm pack --dry-run` (README, LICENSE, every entry
// point, the guides the README links to; no tests, benchmarks, weights or maps of test code; a size budget), then
// publint (strict) and are-the-types-wrong on the packed tarball.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_BUDGET, packageContentProblems } from './check-package-contents.mjs';
import { packTarball, repoRoot } from './pack-tarball.mjs';

const readText = (path) => readFileSync(join(repoRoot, path), 'utf8');
const [pack] = JSON.parse(
  execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }),
);
const mapSources = Object.fromEntries(
  pack.files.filter((f) => f.path.endsWith('.map')).map((f) => [f.path, JSON.parse(readText(f.path)).sources ?? []]),
);
const problems = packageContentProblems(pack, JSON.parse(readText('package.json')), readText('README.md'), mapSources);
console.log(
  `Package contents: ${pack.entryCount} files, ${pack.size} bytes packed (budget ${PACKAGE_BUDGET.size}), ` +
    `${pack.unpackedSize} unpacked (budget ${PACKAGE_BUDGET.unpackedSize}).`,
);
if (problems.length > 0) {
  for (const problem of problems) console.error(`check-package: ${problem}`);
  process.exit(1);
}

const tarball = packTarball();
const run = (command, args) => execFileSync('npx', [command, ...args], { cwd: repoRoot, stdio: 'inherit' });
console.log(`Checking ${tarball}`);
run('publint', ['run', tarball, '--strict']);
run('attw', [tarball, '--profile', 'node16', '--format', 'table-flipped']);
