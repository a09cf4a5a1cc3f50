// Wang, Guo & Lu, "Real-time Image Style Transfer" fig. 3: the total-variation weight sweep, starting from white
// noise (their setting, where TV matters most). Their weights (TV 0 .. 1e-3 next to style 1e5 on Grams ÷ N·M,
// summed) do not carry over: with these 0..255 "caffe" inputs their style term is ~1e14 and any of those TV weights is invisible (we ran it:
// five identical images). So the sweep uses the default preset's losses (Gram ÷ C·H·W, means; squared TV as a
// per-pixel mean) with TV weights 0, 1, 10, 100, 1000: from noisy to smooth to flat.
//
//   npx tsx examples/tv-weight-sweep.ts [size=96]
//
// Writes docs/examples/tv-weight-sweep.jpg: one result per TV weight.
import { image, runToEnd, saveSheet, setUp, sizeArgument } from './internal/experiment';

const size = sizeArgument(96);
const { vgg } = await setUp();
const content = await image('content', 'tubingen.jpg', size);
const style = await image('style', 'starry_night.jpg', size);
const results = [];
for (const tvWeight of [0, 1, 10, 100, 1000]) {
  const done = await runToEnd(`tvWeight ${tvWeight}`, { content, style, extractor: vgg, tvWeight, init: 'noise', seed: 0, iterations: 40, multiScale: false, earlyStopping: false });
  results.push(done.image);
}
await saveSheet('tv-weight-sweep', results, ['tvWeight 0', '1', '10', '100', '1000'], 5, size);
content.dispose();
style.dispose();
vgg.dispose();
