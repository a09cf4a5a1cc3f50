// Gatys et al. 2017 colour control, both ways: plain transfer (the style's colours), luminance-only transfer
// (the content's colours, optimising Y and recombining with the content's I/Q), and matching the style image's
// colours to the content before transfer (mean/covariance, and per-channel histograms).
//
//   npx tsx examples/colour-preservation.ts [size=128]
//
// Writes docs/examples/colour-preservation.jpg: content, style, then colour none / luminance / statistics / histogram.
import { image, runToEnd, saveSheet, setUp, sizeArgument } from './internal/experiment';

const size = sizeArgument(128);
const { vgg } = await setUp();
const content = await image('content', 'golden_gate.jpg', size);
const style = await image('style', 'starry_night.jpg', size);
const results = [content.clone(), style.clone()];
for (const colour of ['none', 'luminance', 'statistics', 'histogram'] as const) {
  const done = await runToEnd(`colour ${colour}`, { content, style, extractor: vgg, colour, iterations: 40, multiScale: false, earlyStopping: false });
  results.push(done.image);
}
await saveSheet('colour-preservation', results, ['content', 'style', 'colour: none', 'luminance', 'statistics', 'histogram'], 6, size);
content.dispose();
style.dispose();
vgg.dispose();
