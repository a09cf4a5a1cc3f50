// Where the time goes: one forward + input-gradient step of an extractor, profiled with tf.profile, kernel
// times summed by kernel name. Not a timing benchmark (profiling adds overhead); for finding hot spots.
//
//   npx tsx benchmarks/profileKernels.ts [--backend tfjs-node|wasm|cpu] [--network vgg19] [--size 256] [--stock]
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-layers';
import { parseArgs } from 'node:util';
import { pickBackend, type BackendCandidate } from '../src/node/pickBackend';
import { buildExtractor, DEEPEST, type Network } from './internal/networks';

const { values: args } = parseArgs({
  options: {
    backend: { type: 'string', default: 'tfjs-node' },
    network: { type: 'string', default: 'vgg19' },
    size: { type: 'string', default: '256' },
    stock: { type: 'boolean', default: false },
  },
});
process.env.TF_CPP_MIN_LOG_LEVEL ??= '2';
await pickBackend({ force: args.backend as BackendCandidate });
const network = args.network as Network;
const layer = DEEPEST[network];
const extractor = await buildExtractor(network, !args.stock);
const size = Number(args.size);
const image = tf.randomUniform([1, size, size, 3], 0, 255, 'float32', 1) as tf.Tensor4D;
const step = (): tf.Tensor =>
  tf.tidy(() => tf.grad((x: tf.Tensor) => tf.sum(extractor.extract(x as tf.Tensor4D, [layer])[layer] as tf.Tensor))(image));
step().dispose(); // warm-up
const profile = await tf.profile(() => {
  const grad = step();
  grad.dataSync();
  return grad;
});
tf.dispose(profile.result);
const byKernel = new Map<string, { ms: number; calls: number }>();
// tf.customGrad records its forward as one entry named after the enclosing scope ('vgg19.extract'), whose time
// includes the kernels it ran, which are listed too: leave those wrappers out so nothing is counted twice.
// The TensorFlow ops the extractors run directly on tfjs-node (ReluGrad, src/internal/tensorflowOps.ts) bypass
// the engine and do not appear here (benchmarks/reluMask.ts times them).
let wrappers = 0;
for (const kernel of profile.kernels) {
  if (tf.getKernel(kernel.name, tf.getBackend()) === undefined) {
    wrappers++;
    continue;
  }
  const entry = byKernel.get(kernel.name) ?? { ms: 0, calls: 0 };
  entry.ms += kernel.kernelTimeMs as number;
  entry.calls += 1;
  byKernel.set(kernel.name, entry);
}
const total = [...byKernel.values()].reduce((sum, e) => sum + e.ms, 0);
console.log(`${network} ${size}² on ${args.backend}, ${args.stock ? 'stock' : 'fast'} input gradient: ${total.toFixed(0)} ms in kernels (${wrappers} custom-gradient wrappers left out)`);
console.log('| kernel | calls | ms | share |\n|---|---|---|---|');
for (const [name, e] of [...byKernel.entries()].sort((a, b) => b[1].ms - a[1].ms)) {
  console.log(`| ${name} | ${e.calls} | ${e.ms.toFixed(1)} | ${((100 * e.ms) / total).toFixed(1)}% |`);
}
image.dispose();
extractor.dispose();
