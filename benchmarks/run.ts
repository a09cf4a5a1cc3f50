// `npm run bench`: every benchmark in turn, each printing its table and writing benchmarks/results/.
// Arguments go to benchmarks/extractors.ts (e.g. `npm run bench -- --sizes 128,256 --budget 10`); gram.ts and
// styleStep.ts get only `--backends`.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const extractorArgs = process.argv.slice(2);
const backendsAt = extractorArgs.indexOf('--backends');
const backendArgs = backendsAt >= 0 ? extractorArgs.slice(backendsAt, backendsAt + 2) : [];
const benchmarks: readonly (readonly [string, readonly string[]])[] = [
  ['extractors.ts', extractorArgs],
  ['gram.ts', backendArgs],
  ['styleStep.ts', backendArgs],
];
for (const [file, fileArgs] of benchmarks) {
  console.error(`\n== benchmarks/${file} ${fileArgs.join(' ')}`);
  const { status } = spawnSync(process.execPath, ['--import', 'tsx', resolve(import.meta.dirname, file), ...fileArgs], { stdio: 'inherit' });
  if (status !== 0) process.exit(status ?? 1);
}
