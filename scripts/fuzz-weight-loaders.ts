// Long seeded fuzz run of the weight loaders (tfjs folder, Keras .h5, deeplearn checkpoint) on the cpu backend:
//   npx tsx scripts/fuzz-weight-loaders.ts [casesPerLoader=10000] [seed=20261130]
// Prints counts per loader × mutation class × outcome and every case whose outcome was not allowed
// (see test/fuzz/weightLoaderFuzz.ts); exits 1 if there was any. A .h5 case on which libhdf5 loops forever is
// re-run through loadWeightsFromPath, whose time limit turns it into a StylegradError ('timeout', printed with
// the flipped byte on stderr): a hang is a violation only if it would reach a user.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { fuzzWeightLoaders } from '../test/fuzz/weightLoaderFuzz';

const cases = Number(process.argv[2] ?? 10_000);
const seed = Number(process.argv[3] ?? 20261130);
await tf.setBackend('cpu');
const started = Date.now();
const report = await fuzzWeightLoaders(cases, seed, (line) => console.error(line), true);
for (const [loader, classes] of Object.entries(report.counts)) {
  const time = report.timing[loader];
  console.log(`\n${loader}: ${time?.seconds.toFixed(1) ?? '?'} s, slowest case ${time?.slowestMs.toFixed(0) ?? '?'} ms (${time?.slowestClass ?? '?'})`);
  for (const [cls, outcomes] of Object.entries(classes)) {
    const cells = Object.entries(outcomes).map(([o, n]) => `${o} ${n}`).join(', ');
    console.log(`  ${cls.padEnd(40)} ${cells}`);
  }
}
console.log(`\n${cases} cases per loader, seed ${seed}, ${((Date.now() - started) / 1000).toFixed(1)} s, leaked tensors: ${report.leakedTensors}`);
console.log(report.violations.length === 0 ? 'no outcome outside what its class allows' : `${report.violations.length} violations:\n${report.violations.slice(0, 50).join('\n')}`);
process.exitCode = report.violations.length === 0 && report.leakedTensors === 0 ? 0 : 1;
