// L-BFGS on a real Gatys objective (VGG-19 from ../shared/data, conv4_2 content, conv1_1..conv5_1 style,
// 'chw' Grams), unconstrained vs projected (bounds 0..255), same evaluation budget. Reports the loss the
// optimiser ends with and the loss of the image a user gets (clamped to 0..255 and rounded to 8 bits).
//
//   npx tsx benchmarks/optimizersGatys.ts [--size 96] [--evaluations 100] [--backend wasm]
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { combineLosses, contentLoss, createLbfgs, loadVgg19FromPath, pickBackend, readImage, styleLoss, type BackendCandidate, type LbfgsOptions, type Objective } from '../src/node/index';

const { values: args } = parseArgs({ options: { size: { type: 'string', default: '96' }, evaluations: { type: 'string', default: '100' }, backend: { type: 'string', default: 'wasm' } } });
const data = resolve(import.meta.dirname, '../../shared/data');
await pickBackend({ force: args.backend as BackendCandidate });
const size = Number(args.size);
const budget = Number(args.evaluations);
const vgg = await loadVgg19FromPath(`${data}/weights/vgg19-notop-uint8`);
const content = await readImage(`${data}/images/content/tubingen.jpg`, { size });
const style = await readImage(`${data}/images/style/starry_night.jpg`, { size });
const styleLayers = ['conv1_1', 'conv2_1', 'conv3_1', 'conv4_1', 'conv5_1'];
const contentFeatures = vgg.extract(content, ['conv4_2']);
const styleFeatures = vgg.extract(style, styleLayers);
const loss = combineLosses({
  content: { loss: contentLoss(contentFeatures), weight: 1 },
  style: { loss: styleLoss(styleFeatures), weight: 1e6 },
});
tf.dispose([...Object.values(contentFeatures), ...Object.values(styleFeatures)]);
const total = (x: tf.Tensor): tf.Scalar => loss({ image: x as tf.Tensor4D, features: vgg.extract(x as tf.Tensor4D, loss.layers) }).total;
const lossOf = (x: tf.Tensor): number => tf.tidy(() => total(x).dataSync()[0] ?? NaN);
const valueAndGrad = tf.valueAndGrad(total);
const objective: Objective = (x) => {
  const { value, grad } = valueAndGrad(x);
  const value0 = value.dataSync()[0] ?? NaN;
  value.dispose();
  return { loss: value0, gradient: grad };
};
const start = tf.expandDims(content, 0);
console.log(`| run (${args.backend}, ${size}², ${budget} evaluations) | optimiser's last loss | delivered (clamped, 8-bit) | pixels out of 0..255 | seconds |\n|---|---|---|---|---|`);
for (const [label, options] of [
  ['unconstrained', {}],
  ['projected, bounds 0..255', { bounds: { lower: 0, upper: 255 } }],
] as [string, LbfgsOptions][]) {
  const started = Date.now();
  const optimizer = createLbfgs({ ...options, maxIterations: 1, historySize: 100 });
  let state = optimizer.init(start);
  let last = NaN;
  while (state.evaluations < budget) {
    const result = optimizer.step(state, objective);
    state = result.state;
    last = result.loss;
    if (result.converged) break;
  }
  const x = state.x;
  const out = tf.tidy(() => tf.mean(tf.cast(tf.logicalOr(tf.less(x, 0), tf.greater(x, 255)), 'float32')).dataSync()[0] ?? NaN);
  const delivered = tf.tidy(() => tf.round(tf.clipByValue(x, 0, 255)));
  console.log(`| ${label} | ${last.toExponential(3)} | ${lossOf(delivered).toExponential(3)} | ${(100 * out).toFixed(2)}% | ${((Date.now() - started) / 1000).toFixed(0)} |`);
  delivered.dispose();
  optimizer.dispose(state);
}
tf.dispose([start, content, style]);
loss.dispose();
vgg.dispose();
