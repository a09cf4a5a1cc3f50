// The extractors' direct TensorFlow ops on tfjs-node (src/internal/tensorflowOps.ts: ReluGrad, …) against
// the tfjs-op fallback they replace, interleaved in one process on one extractor: A, B, A, B, … so both see
// the same machine load. Reports the median of each and of the per-pair ratios.
//
//   npx tsx benchmarks/tensorflowOpsAB.ts [--network vgg19|squeezenet1.1] [--size 256] [--pairs 9]
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-layers';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { tensorflowOps } from '../src/internal/tensorflowOps';
import { pickBackend } from '../src/node/pickBackend';
import { median, timeOnce } from './internal/measure';
import { buildExtractor, DEEPEST, type Network } from './internal/networks';

const { values: args } = parseArgs({
  options: {
    network: { type: 'string', default: 'vgg19' },
    size: { type: 'string', default: '256' },
    pairs: { type: 'string', default: '9' },
  },
});
process.env.TF_CPP_MIN_LOG_LEVEL ??= '2';
const picked = await pickBackend({ force: 'tfjs-node' });
const network = args.network as Network;
const layer = DEEPEST[network];
const size = Number(args.size);
const image = tf.randomUniform([1, size, size, 3], 0, 255, 'float32', 1) as tf.Tensor4D;
const extractor = await buildExtractor(network, true);
const step = (native: boolean) => (): void => {
  tensorflowOps.enabled = native;
  const g = tf.tidy(() => tf.grad((x: tf.Tensor) => tf.sum(extractor.extract(x as tf.Tensor4D, [layer])[layer] as tf.Tensor))(image));
  g.dataSync();
  g.dispose();
};
step(true)();
step(false)();
const load = loadavg()[0] ?? NaN;
const on: number[] = [];
const off: number[] = [];
for (let i = 0; i < Number(args.pairs); i++) {
  on.push(timeOnce(step(true)));
  off.push(timeOnce(step(false)));
}
tensorflowOps.enabled = true;
const ratios = on.map((a, i) => a / (off[i] ?? NaN));
console.log(
  `${network} ${size}² on ${picked.backend}: TensorFlow ops ${median(on).toFixed(3)} s, tfjs fallback ${median(off).toFixed(3)} s, median ratio ${median(ratios).toFixed(2)} (${on.length} pairs; load ${load.toFixed(2)} → ${(loadavg()[0] ?? NaN).toFixed(2)})`,
);
tf.dispose(image);
extractor.dispose();
