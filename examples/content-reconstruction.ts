// CMU 16-726 style-transfer assignment part 1 / Wang, Guo & Lu, "Real-time Image Style Transfer" fig. 4: reconstruct the content image from white noise using the features of one
// layer at a time (conv1_1 .. conv5_1). Shallow layers keep the pixels; deep layers keep only the layout.
//
//   npx tsx examples/content-reconstruction.ts [size=96]
//
// Writes docs/examples/content-reconstruction.jpg: the content, then the reconstruction from each layer.
import { image, runToEnd, saveSheet, setUp, sizeArgument } from './internal/experiment';

const size = sizeArgument(96);
const { vgg } = await setUp();
const content = await image('content', 'tubingen.jpg', size);
const results = [content.clone()];
for (const layer of ['conv1_1', 'conv2_1', 'conv3_1', 'conv4_1', 'conv5_1']) {
  const done = await runToEnd(layer, {
    content, extractor: vgg, mode: 'content', contentLayers: [layer], init: 'noise', seed: 0,
    tvWeight: 0, iterations: 40, multiScale: false, earlyStopping: { tolerance: 1e-4, window: 5 },
  });
  results.push(done.image);
}
await saveSheet('content-reconstruction', results, ['content', 'conv1_1', 'conv2_1', 'conv3_1', 'conv4_1', 'conv5_1'], 6, size);
content.dispose();
vgg.dispose();
