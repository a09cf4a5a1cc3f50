// Is gaussianWassersteinStyleLoss finite and converged on real VGG-19 features at the sizes stylize runs at? For two
// content × style pairs at 64² to 384², the loss of each style layer alone (content image vs style image, both at the
// size) with 12, 15, 20 and 25 Newton–Schulz iterations. Measured (tfjs-node): 25 diverges at conv5_1 for Tübingen ×
// The Starry Night at 256² (−6.6e9 where 12–20 give 1.22e7–1.23e7), 20 is within 0.5 % of 25 wherever 25 is stable:
// stylize's 'gaussian-w2' uses 20 (src/transfer/internal/styleLossKinds.ts).
//
//   npx tsx benchmarks/gaussianW2Iterations.ts
import * as tf from '@tensorflow/tfjs-core';
import { gaussianWassersteinStyleLoss, loadVgg19FromPath, pickBackend, readImage } from '../src/node/index';
await pickBackend({ prefer: 'tfjs-node' });
const D = '/work/shared/data';
const vgg = await loadVgg19FromPath(`${D}/weights/vgg19-notop-uint8`);
const L = ['conv1_1', 'conv2_1', 'conv3_1', 'conv4_1', 'conv5_1'];
for (const [cn, sn] of [['tubingen', 'starry_night'], ['chicago', 'wave']]) for (const size of [64, 128, 256, 384]) {
  const c = tf.expandDims<tf.Tensor4D>(await readImage(`${D}/images/content/${cn}.jpg`, { size }), 0);
  const s = tf.expandDims<tf.Tensor4D>(await readImage(`${D}/images/style/${sn}.jpg`, { size }), 0);
  const sf = vgg.extract(s, L); const cf = vgg.extract(c, L);
  const row = [cn, size];
  for (const n of [12, 15, 20, 25]) {
    const per = L.map((layer) => { const l = gaussianWassersteinStyleLoss({ [layer]: sf[layer]! }, { iterations: n }); const v = l(cf).dataSync()[0]!; l.dispose(); return v; });
    row.push(`N${n}: ${per.map((v) => v.toPrecision(4)).join(' ')}`);
  }
  console.log(row.join(' | '));
  tf.dispose([c, s, ...Object.values(sf), ...Object.values(cf)]);
}
