// CMU 16-726 style-transfer assignment part 3: initialising from the content image vs from white noise, after 20, 40 and 60 iterations
// (L-BFGS, default losses). The content start is good much sooner.
//
//   npx tsx examples/init-comparison.ts [size=128]
//
// Writes docs/examples/init-comparison.jpg: row 1 from the content, row 2 from noise; columns 20, 40, 60.
import * as tf from '@tensorflow/tfjs-core';
import { stylize } from '../src/node/index';
import { image, saveSheet, setUp, sizeArgument } from './internal/experiment';

const size = sizeArgument(128);
const { vgg } = await setUp();
const content = await image('content', 'tubingen.jpg', size);
const style = await image('style', 'starry_night.jpg', size);
const results: tf.Tensor3D[] = [];
for (const init of ['content', 'noise'] as const) {
  for await (const event of stylize({ content, style, extractor: vgg, init, seed: 0, iterations: 60, imageEvery: 20, multiScale: false, earlyStopping: false })) {
    if (event.type === 'image') results.push(event.image);
    else if (event.type === 'done') {
      console.log(`init ${init}: delivered loss ${event.deliveredLoss.total.toExponential(3)}`);
      event.image.dispose();
    }
  }
}
await saveSheet('init-comparison', results, ['content · 20 it.', '40 it.', '60 it.', 'noise · 20 it.', '40 it.', '60 it.'], 3, size);
content.dispose();
style.dispose();
vgg.dispose();
