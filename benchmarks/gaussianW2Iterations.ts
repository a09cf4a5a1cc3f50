// Is gaussianWassersteinStyleLoss finite and converged on real VGG-19 features at the sizes stylize runs at? For two
// content × style pairs at 64² to 384², the loss of each style layer alone (content image vs style image, both at the
// size) with 12, 15, 20 and 25 Newton–Schulz iterations. Measured (tfjs-node): 25 diverges at conv5_1 for Tübingen ×
// The Starry Night at 256² (−6.6e9 where 12–20 give 1.22e7–1.23e7) and drifts at conv5_1 for Chicago × The Great Wave
// at 384² (7.53e6 vs 8.07e6 at 20); elsewhere 20 is within 1.1 % of 25: stylize's 'gaussian-w2' uses 20
// (src/transfer/internal/styleLossKinds.ts).
//
//   npx tsx benchmarks/gaussianW2Iterations.ts
import { resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { gaussianWassersteinStyleLoss, loadVgg19FromPath, pickBackend, readImage, type FeatureMap } from '../src/node/index';

const DATA = resolve(import.meta.dirname, '../../shared/data');
const LAYERS = ['conv1_1', 'conv2_1', 'conv3_1', 'conv4_1', 'conv5_1'];
const PAIRS = [['tubingen', 'starry_night'], ['chicago', 'wave']] as const;
const SIZES = [64, 128, 256, 384];
const ITERATIONS = [12, 15, 20, 25];

await pickBackend({ prefer: 'tfjs-node' });
const vgg = await loadVgg19FromPath(`${DATA}/weights/vgg19-notop-uint8`);
const features = async (path: string, size: number): Promise<FeatureMap> => {
  const image = await readImage(path, { size });
  const out = vgg.extract(tf.expandDims<tf.Tensor4D>(image, 0), LAYERS);
  image.dispose();
  return out;
};
/** The loss of one style layer alone, content features against style features, with `n` iterations. */
const layerLoss = (style: FeatureMap, content: FeatureMap, layer: string, n: number): number => {
  const loss = gaussianWassersteinStyleLoss({ [layer]: style[layer] as tf.Tensor4D }, { iterations: n });
  const value = tf.tidy(() => loss(content).dataSync()[0] ?? Number.NaN);
  loss.dispose();
  return value;
};

console.log(`| pair | size | ${ITERATIONS.map((n) => `N = ${n}: ${LAYERS.join(', ')}`).join(' | ')} |`);
console.log(`|${' --- |'.repeat(2 + ITERATIONS.length)}`);
for (const [content, style] of PAIRS) {
  for (const size of SIZES) {
    const s = await features(`${DATA}/images/style/${style}.jpg`, size);
    const c = await features(`${DATA}/images/content/${content}.jpg`, size);
    const cells = ITERATIONS.map((n) => LAYERS.map((layer) => layerLoss(s, c, layer, n).toPrecision(4)).join(', '));
    console.log(`| ${content} × ${style} | ${size} | ${cells.join(' | ')} |`);
    tf.dispose([...Object.values(s), ...Object.values(c)]);
  }
}
vgg.dispose();
