// CMU 16-726 style-transfer assignment part 3 / Wang, Guo & Lu fig. 2: the style/content weight sweep. The
// assignment sweeps 1e4..1e8 with Grams ÷ C·H·W on torch-normalised pixels; these Keras VGG-19 weights take
// 0..255 "caffe" pixels, which makes the style term ~58² ≈ 3400× larger relative to the content term, so the same five settings are 1e4..1e8 ÷ 3400 here.
//
//   npx tsx examples/style-weight-sweep.ts [size=128]
//
// Writes docs/examples/style-weight-sweep.jpg: content, style, then styleWeight = 3, 30, 300, 3000, 30000.
import { image, runToEnd, saveSheet, setUp, sizeArgument } from './internal/experiment';

const size = sizeArgument(128);
const { vgg } = await setUp();
const content = await image('content', 'tubingen.jpg', size);
const style = await image('style', 'starry_night.jpg', size);
const results = [content.clone(), style.clone()];
for (const styleWeight of [3, 30, 300, 3000, 30000]) {
  const done = await runToEnd(`styleWeight ${styleWeight}`, { content, style, extractor: vgg, styleWeight, iterations: 40, multiScale: false, earlyStopping: false });
  results.push(done.image);
}
await saveSheet('style-weight-sweep', results, ['content', 'style', 'styleWeight 3', '30', '300', '3000', '30000'], 7, size);
content.dispose();
style.dispose();
vgg.dispose();
