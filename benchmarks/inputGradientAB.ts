// Fast (forward conv with the flipped kernel) vs stock (Conv2DBackpropInput) conv input gradient in the
// extractors, interleaved in one process: A, B, A, B, … so both see the same machine load (the extractor
// benchmark runs them in separate processes, one after the other). Reports the median of each and of the
// per-pair ratios.
//
//   npx tsx benchmarks/inputGradientAB.ts [--backend tfjs-node|wasm] [--network vgg19] [--size 256] [--pairs 7]
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-layers';
import { parseArgs } from 'node:util';
import { pickBackend, type BackendCandidate } from '../src/node/pickBackend';
import { median, timeOnce } from './internal/measure';
import { buildExtractor, DEEPEST, type Network } from './internal/networks';

const { values: args } = parseArgs({
  options: {
    backend: { type: 'string', default: 'tfjs-node' },
    network: { type: 'string', default: 'vgg19' },
    size: { type: 'string', default: '256' },
    pairs: { type: 'string', default: '7' },
  },
});
process.env.TF_CPP_MIN_LOG_LEVEL ??= '2';
await pickBackend({ force: args.backend as BackendCandidate });
const network = args.network as Network;
const layer = DEEPEST[network];
const size = Number(args.size);
const image = tf.randomUniform([1, size, size, 3], 0, 255, 'float32', 1) as tf.Tensor4D;
const extractors = { fast: await buildExtractor(network, true), stock: await buildExtractor(network, false) };
const step = (which: keyof typeof extractors) => (): void => {
  const g = tf.tidy(() => tf.grad((x: tf.Tensor) => tf.sum(extractors[which].extract(x as tf.Tensor4D, [layer])[layer] as tf.Tensor))(image));
  g.dataSync();
  g.dispose();
};
step('fast')();
step('stock')();
const fast: number[] = [];
const stock: number[] = [];
for (let i = 0; i < Number(args.pairs); i++) {
  const a = timeOnce(step('fast'));
  const b = timeOnce(step('stock'));
  fast.push(a);
  stock.push(b);
}
const ratios = fast.map((f, i) => f / (stock[i] ?? NaN));
console.log(
  `${network} ${size}² on ${args.backend}: fast ${median(fast).toFixed(3)} s, stock ${median(stock).toFixed(3)} s, median fast/stock ${median(ratios).toFixed(2)} (${fast.length} pairs)`,
);
tf.dispose([image]);
extractors.fast.dispose();
extractors.stock.dispose();
