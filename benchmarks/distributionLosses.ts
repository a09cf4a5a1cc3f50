// Accuracy, not speed: the Newton–Schulz matrix square root of gaussianWassersteinStyleLoss on real VGG-19
// covariances, and the sliced Wasserstein sort gradient on tfjs-node against the cpu backend.
//
// Part 1: for The Starry Night (style) and Tübingen (generated) at --size, the VGG-19 features at conv1_1 ..
// conv5_1 give Σ_s and Σ (float32, as the loss computes them). A float64 Jacobi eigen-decomposition gives the
// exact tr √Σ_s and the exact Gaussian W2 between them; the loss with N Newton–Schulz iterations is compared.
// Part 2: the gradient of slicedWassersteinStyleLoss at conv1_1 (same seed) on tfjs-node and on cpu.
//
//   npx tsx benchmarks/distributionLosses.ts [--size 128] [--iterations 5,10,15,20,30,40]
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { gaussianWassersteinStyleLoss, loadVgg19FromPath, pickBackend, readImage, slicedWassersteinStyleLoss } from '../src/node/index';
import { featureMoments } from '../src/losses/internal/featureMoments';
import { sqrtmNewtonSchulz } from '../src/losses/internal/sqrtmNewtonSchulz';
import { gaussianW2, jacobiEigen } from '../test/helpers/distributionReference';

const { values: args } = parseArgs({ options: { size: { type: 'string', default: '128' }, iterations: { type: 'string', default: '5,10,15,20,30,40' } } });
const size = Number(args.size);
const counts = args.iterations.split(',').map(Number);
const DATA = resolve(import.meta.dirname, '../../shared/data');
const LAYERS = ['conv1_1', 'conv2_1', 'conv3_1', 'conv4_1', 'conv5_1'];

const picked = await pickBackend({ prefer: 'tfjs-node' });
console.log(`backend ${picked.backend}, ${size}² images`);
const vgg = await loadVgg19FromPath(`${DATA}/weights/vgg19-notop-uint8`);
const image = async (path: string) => tf.expandDims<tf.Tensor4D>(await readImage(path, { size }), 0);
const style = vgg.extract(await image(`${DATA}/images/style/starry_night.jpg`), LAYERS);
const content = vgg.extract(await image(`${DATA}/images/content/tubingen.jpg`), LAYERS);

const toMatrix = (t: tf.Tensor, n: number): number[][] => {
  const d = t.dataSync();
  return Array.from({ length: n }, (_, i) => Array.from(d.subarray(i * n, i * n + n), Number));
};
console.log('| layer | C | eigenvalues of Σ_s: max, median, min | exact W2 | ' + counts.map((n) => `N=${n}: rel. err. tr √Σ_s / W2`).join(' | ') + ' |');
console.log('|' + ' --- |'.repeat(4 + counts.length));
for (const layer of LAYERS) {
  const s = featureMoments(style[layer] as tf.Tensor4D, true);
  const g = featureMoments(content[layer] as tf.Tensor4D, true);
  const c = s.covariance.shape[1];
  const sigmaS = toMatrix(s.covariance, c);
  const sigma = toMatrix(g.covariance, c);
  const values = jacobiEigen(sigmaS).values.sort((a, b) => b - a);
  const exactRootTrace = values.reduce((sum, v) => sum + Math.sqrt(Math.max(v, 0)), 0);
  const exactW2 = gaussianW2({ mean: Array.from(g.mean.dataSync()), cov: sigma }, { mean: Array.from(s.mean.dataSync()), cov: sigmaS });
  const cells = counts.map((n) => {
    const rootTrace = tf.tidy(() => tf.sum(tf.mul(sqrtmNewtonSchulz(s.covariance, n), tf.eye(c))).dataSync()[0] as number);
    const loss = gaussianWassersteinStyleLoss({ [layer]: style[layer] as tf.Tensor4D }, { iterations: n });
    const w2 = loss({ [layer]: content[layer] as tf.Tensor4D }).dataSync()[0] as number;
    loss.dispose();
    return `${Math.abs(rootTrace / exactRootTrace - 1).toExponential(1)} / ${Math.abs(w2 / exactW2 - 1).toExponential(1)}`;
  });
  const stats = `${values[0]!.toPrecision(3)}, ${values[c >> 1]!.toPrecision(3)}, ${values[c - 1]!.toPrecision(2)}`;
  console.log(`| ${layer} | ${c} | ${stats} | ${exactW2.toPrecision(5)} | ${cells.join(' | ')} |`);
  tf.dispose([s.mean, s.covariance, g.mean, g.covariance]);
}

const gradientOn = async (backend: string): Promise<Float32Array> => {
  await tf.setBackend(backend);
  const styleFeature = tf.tensor4d((style.conv1_1 as tf.Tensor4D).dataSync(), (style.conv1_1 as tf.Tensor4D).shape);
  const feature = tf.tensor4d((content.conv1_1 as tf.Tensor4D).dataSync(), (content.conv1_1 as tf.Tensor4D).shape);
  const loss = slicedWassersteinStyleLoss({ conv1_1: styleFeature }, { seed: 1 });
  const grad = tf.grad((x) => loss({ conv1_1: x as tf.Tensor4D }))(feature);
  const out = grad.dataSync() as Float32Array;
  tf.dispose([styleFeature, feature, grad]);
  loss.dispose();
  return out;
};
const node = await gradientOn(picked.backend);
const cpu = await gradientOn('cpu');
let diff = 0, scale = 0;
node.forEach((v, i) => { diff = Math.max(diff, Math.abs(v - cpu[i]!)); scale = Math.max(scale, Math.abs(cpu[i]!)); });
console.log(`sliced Wasserstein gradient at conv1_1, ${picked.backend} vs cpu: max |diff| / max |grad| = ${(diff / scale).toExponential(2)}, finite: ${node.every(Number.isFinite)}`);
