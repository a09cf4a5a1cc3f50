// CMU 16-726 style-transfer assignment part 2 / Wang, Guo & Lu, "Real-time Image Style Transfer" fig. 5: texture synthesis from white noise by matching Gram matrices on growing
// layer sets: conv1_1; conv1_1..conv2_1; … ; conv1_1..conv5_1. More layers → larger-scale structure.
//
//   npx tsx examples/texture-synthesis.ts [size=96]
//
// Writes docs/examples/texture-synthesis.jpg: the style, then one texture per layer set.
import { image, runToEnd, saveSheet, setUp, sizeArgument } from './internal/experiment';

const size = sizeArgument(96);
const { vgg } = await setUp();
const style = await image('style', 'starry_night.jpg', size);
const all = ['conv1_1', 'conv2_1', 'conv3_1', 'conv4_1', 'conv5_1'];
const results = [style.clone()];
for (let n = 1; n <= all.length; n++) {
  const layers = all.slice(0, n);
  const done = await runToEnd(layers.join('+'), {
    style, extractor: vgg, mode: 'texture', styleLayers: layers, init: 'noise', seed: 0, size,
    tvWeight: 0, iterations: 40, multiScale: false, earlyStopping: { tolerance: 1e-4, window: 5 },
  });
  results.push(done.image);
}
await saveSheet('texture-synthesis', results, ['style', 'conv1_1', '+conv2_1', '+conv3_1', '+conv4_1', '+conv5_1'], 6, size);
style.dispose();
vgg.dispose();
