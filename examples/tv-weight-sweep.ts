// Seed 002 fig. 3: the total-variation weight sweep, starting from white noise (seed 002's setting, where TV
// matters most): squared TV weights 0, 1e-6, 1e-5, 1e-4, 1e-3 on the seed-002 losses (Grams ÷ N·M, summed),
// style weight 1e5. Seed 002 used VGG-16, which has no weights here; VGG-19 has the same layer names.
//
//   npx tsx examples/tv-weight-sweep.ts [size=128]
//
// Writes docs/examples/tv-weight-sweep.jpg: one result per TV weight.
import { image, runToEnd, saveSheet, setUp, sizeArgument } from './internal/experiment';

const size = sizeArgument(128);
const { vgg } = await setUp();
const content = await image('content', 'tubingen.jpg', size);
const style = await image('style', 'starry_night.jpg', size);
const results = [];
for (const tvWeight of [0, 1e-6, 1e-5, 1e-4, 1e-3]) {
  const done = await runToEnd(`tvWeight ${tvWeight}`, { content, style, extractor: vgg, preset: 'seed-002', tvWeight, iterations: 40, seed: 0 });
  results.push(done.image);
}
await saveSheet('tv-weight-sweep', results, 5, size);
content.dispose();
style.dispose();
vgg.dispose();
