// Smoke test of the packed package in plain Node, outside vitest (DESIGN.md §1: vitest hides a missing
// gradient registration). Unpacks the tarball into .tmp/smoke/node_modules/stylegrad (peer dependencies
// resolve from the repo's node_modules above it) and runs an ESM and a CJS consumer that each compute a
// loss and its gradient and compare them with hand-worked values, and load a real Keras .h5 through the worker
// that parses .h5 files; then the packed CLI converts that .h5 (its own copy of the worker, dist/cli/).
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { packTarball, repoRoot } from '../../scripts/pack-tarball.mjs';

const smokeDir = join(repoRoot, '.tmp', 'smoke');
const packageDir = join(smokeDir, 'node_modules', 'stylegrad');
rmSync(smokeDir, { recursive: true, force: true });
mkdirSync(packageDir, { recursive: true });
execFileSync('tar', ['-xzf', packTarball(), '-C', packageDir, '--strip-components=1']);
const h5 = resolve(repoRoot, '../shared/data/weights/squeezenet1.1-notop/squeezenet_weights_tf_dim_ordering_tf_kernels_notop.h5');
if (!existsSync(h5)) throw new Error(`smoke: the SqueezeNet .h5 is missing: ${h5}`);
for (const worker of ['node', 'cli']) {
  if (!existsSync(join(packageDir, 'dist', worker, 'h5ParseWorker.js'))) throw new Error(`smoke: the package lacks dist/${worker}/h5ParseWorker.js`);
}
// A .h5 on which libhdf5 loops forever (test/io/hangingKerasH5.ts), written with the repo's TypeScript helper.
const broken = join(smokeDir, 'broken.h5');
const writer = join(smokeDir, 'write-broken.mts');
writeFileSync(writer, `import { writeFileSync } from 'node:fs';
import '@tensorflow/tfjs-backend-cpu';
import { hangingKerasH5 } from ${JSON.stringify(join(repoRoot, 'test', 'io', 'hangingKerasH5.ts'))};
writeFileSync(${JSON.stringify(broken)}, await hangingKerasH5());
`);
execFileSync(process.execPath, ['--import', 'tsx', writer], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] });
const env = { ...process.env, STYLEGRAD_SMOKE_H5: h5, STYLEGRAD_SMOKE_BROKEN_H5: broken };
delete env.STYLEGRAD_H5_TIMEOUT;
for (const consumer of ['consumer.mjs', 'consumer.cjs']) {
  cpSync(join(import.meta.dirname, consumer), join(smokeDir, consumer));
  const output = execFileSync(process.execPath, [join(smokeDir, consumer)], { cwd: smokeDir, encoding: 'utf8', env });
  process.stdout.write(output);
}
const converted = join(smokeDir, 'squeezenet-tfjs');
const cli = execFileSync(process.execPath, [join(packageDir, 'dist', 'cli', 'main.js'), 'convert', h5, converted], { cwd: smokeDir, encoding: 'utf8', env });
if (!/50 tensors/.test(cli) || !existsSync(join(converted, 'model.json'))) throw new Error(`smoke CLI: convert did not write 50 tensors: ${cli}`);
let refused = '';
try {
  execFileSync(process.execPath, [join(packageDir, 'dist', 'cli', 'main.js'), 'convert', broken, join(smokeDir, 'broken-out')], {
    cwd: smokeDir, encoding: 'utf8', env: { ...env, STYLEGRAD_H5_TIMEOUT: '2' }, timeout: 30_000, stdio: ['ignore', 'pipe', 'pipe'],
  });
} catch (error) {
  refused = error.signal === null ? String(error.stderr) : `killed by ${error.signal}`;
}
if (!/looks corrupt: its HDF5 parse did not finish in 2 s/.test(refused)) throw new Error(`smoke CLI: convert of a hanging .h5 did not stop with an error: ${refused}`);
console.log(`smoke CLI: ${cli.trim()}; a hanging .h5 is refused after 2 s`);
console.log('smoke: 3 passed, 0 failed');
