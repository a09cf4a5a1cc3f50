// Where the time goes: one forward + input-gradient step of an extractor, profiled with tf.profile, kernel
// times summed by kernel name. Not a timing benchmark (profiling adds overhead); for finding hot spots.
//
//   npx tsx benchmarks/profileKernels.ts [--backend tfjs-node|wasm|cpu] [--network vgg19] [--size 256] [--stock]
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-layers';
import { parseArgs } from 'node:util';
import { pickBackend, type BackendCandidate } from '../src/node/pickBackend';
import { printKernelTable } from './internal/kernelTable';
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
printKernelTable(
  (total, wrappers) =>
    `${network} ${size}² on ${args.backend}, ${args.stock ? 'stock' : 'fast'} input gradient: ${total.toFixed(0)} ms in kernels (${wrappers} custom-gradient wrappers left out)`,
  profile,
);
image.dispose();
extractor.dispose();
