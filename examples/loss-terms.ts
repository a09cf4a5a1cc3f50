// Computes and prints every loss term of a Gatys-style transfer for two real images, and the gradient norm
// the optimiser would follow: content = tubingen.jpg, style = starry_night.jpg, the image scored = the content.
//
//   npm run example:losses -- [content.jpg] [style.jpg] [size]
//
// Reads VGG-19 from <data>/weights/vgg19-notop-uint8, where <data> is $STYLEGRAD_DATA_DIR (else ../shared/data
// beside the repository; docs/extractors.md says where the weights come from and how to convert them), and runs on
// the fastest backend installed.
import { resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import {
  combineLosses,
  contentLoss,
  loadVgg19FromPath,
  pickBackend,
  readImage,
  styleLoss,
  totalVariationLoss,
} from '../src/node/index';

const data = resolve(process.env.STYLEGRAD_DATA_DIR ?? resolve(import.meta.dirname, '../../shared/data'));
const [contentPath = `${data}/images/content/tubingen.jpg`, stylePath = `${data}/images/style/starry_night.jpg`, sizeArg = '128'] =
  process.argv.slice(2);
const size = Number(sizeArg);

const backend = await pickBackend();
console.log(`backend: ${backend.name} (${backend.reason})`);
const vgg = await loadVgg19FromPath(`${data}/weights/vgg19-notop-uint8`);
const content = await readImage(contentPath, { size });
const style = await readImage(stylePath, { size });
const styleLayers = ['conv1_1', 'conv2_1', 'conv3_1', 'conv4_1', 'conv5_1'];

const contentFeatures = vgg.extract(content, ['conv4_2']);
const styleFeatures = vgg.extract(style, styleLayers);
const loss = combineLosses({
  content: { loss: contentLoss(contentFeatures), weight: 1 },
  style: { loss: styleLoss(styleFeatures, { reduction: 'gatys' }), weight: 1e3 },
  tv: { loss: totalVariationLoss({ kind: 'l2' }), weight: 1e-3 },
});
tf.dispose([...Object.values(contentFeatures), ...Object.values(styleFeatures)]);

// Score the content image itself as the starting point of a transfer: content loss 0, style loss large.
const image = tf.expandDims<tf.Tensor4D>(content, 0);
const { total, terms } = tf.tidy(() => loss({ image, features: vgg.extract(image, loss.layers) }));
const gradient = tf.grad((x) => loss({ image: x as tf.Tensor4D, features: vgg.extract(x as tf.Tensor4D, loss.layers) }).total)(image);

console.log(`content ${contentPath} and style ${stylePath}, ${content.shape[1]}×${content.shape[0]} px, VGG-19`);
for (const [name, value] of Object.entries(terms)) console.log(`  ${name.padEnd(8)} ${value.dataSync()[0]!.toExponential(4)}`);
console.log(`  ${'total'.padEnd(8)} ${total.dataSync()[0]!.toExponential(4)}`);
console.log(`  |∇ total| ${tf.norm(gradient).dataSync()[0]!.toExponential(4)} (what the optimiser follows)`);

tf.dispose([image, total, gradient, ...Object.values(terms), content, style]);
loss.dispose();
vgg.dispose();
