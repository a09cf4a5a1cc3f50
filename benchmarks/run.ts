// `npm run bench`: every benchmark in turn, each printing its table and writing benchmarks/results/.
// Arguments are passed to each benchmark (e.g. `npm run bench -- --sizes 128,256 --budget 10`).
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const benchmarks = ['extractors.ts', 'gram.ts'];
for (const file of benchmarks) {
  console.error(`\n== benchmarks/${file}`);
  const { status } = spawnSync(process.execPath, ['--import', 'tsx', resolve(import.meta.dirname, file), ...process.argv.slice(2)], { stdio: 'inherit' });
  if (status !== 0) process.exit(status ?? 1);
}
