// The style weight of each distribution-style-loss preset ('sliced-wasserstein', 'gaussian-w2', 'moment'), chosen
// so that the run starts with the same style pressure as the `default` preset: at the content image (where every
// preset starts and the content gradient is zero), the gradient of w × the new style loss w.r.t. the pixels has
// the same norm as that of 100 × the default's Gram loss. So w = 100 · ‖∇ Gram‖ / ‖∇ L‖. Gradient norms, not loss
// values: the losses have different units, and what the optimiser feels first is the gradient.
//
// VGG-19, style layers conv1_1..conv5_1 weighted 0.2 (the presets'), Tübingen (content) × The Starry Night (style)
// at --size, the style resized as stylize resizes it (styleScale 1). The sliced Wasserstein loss draws fresh
// directions at every call: its norm is the mean over --draws calls (the spread is reported). The Gaussian W2 loss
// runs with the iterations stylize gives it (GAUSSIAN_W2_ITERATIONS).
//
//   npx tsx benchmarks/calibrateStyleLosses.ts [--size 256] [--draws 8]
//
// Writes benchmarks/results/style-loss-calibration.{json,md}.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { gaussianWassersteinStyleLoss, loadVgg19FromPath, momentStyleLoss, pickBackend, readImage, resizeImage, slicedWassersteinStyleLoss, styleLoss, type FeatureLoss } from '../src/node/index';
import { writeFileAtomic } from '../src/node/internal/atomicWrite';
import { GAUSSIAN_W2_ITERATIONS } from '../src/transfer/internal/styleLossKinds';
import { styleTargetSize } from '../src/transfer/internal/styleTargetSize';

const { values: args } = parseArgs({ options: { size: { type: 'string', default: '256' }, draws: { type: 'string', default: '8' } } });
const size = Number(args.size);
const draws = Number(args.draws);
const root = resolve(import.meta.dirname, '..');
const DATA = resolve(root, '../shared/data');
const LAYERS = { conv1_1: 0.2, conv2_1: 0.2, conv3_1: 0.2, conv4_1: 0.2, conv5_1: 0.2 };
const DEFAULT_STYLE_WEIGHT = 100;

const picked = await pickBackend({ prefer: 'tfjs-node' });
const vgg = await loadVgg19FromPath(`${DATA}/weights/vgg19-notop-uint8`);
const content = tf.expandDims<tf.Tensor4D>(await readImage(`${DATA}/images/content/tubingen.jpg`, { size }), 0);
const [height, width] = [content.shape[1], content.shape[2]];
const styleImage = await readImage(`${DATA}/images/style/starry_night.jpg`);
const styleFeatures = tf.tidy(() => vgg.extract(resizeImage(styleImage, styleTargetSize(styleImage.shape, height, width, 1)), Object.keys(LAYERS)));

/** The loss at the content image and the norm of its gradient w.r.t. the pixels, `calls` times. */
function measure(loss: FeatureLoss, calls: number): { loss: number[]; gradientNorm: number[] } {
  const out = { loss: [] as number[], gradientNorm: [] as number[] };
  for (let i = 0; i < calls; i++) {
    const [value, norm] = tf.tidy(() => {
      const { value: v, grad } = tf.valueAndGrad((x: tf.Tensor) => loss(vgg.extract(x as tf.Tensor4D, loss.layers)))(content);
      return [v.dataSync()[0] ?? Number.NaN, tf.norm(grad).dataSync()[0] ?? Number.NaN];
    });
    out.loss.push(value);
    out.gradientNorm.push(norm);
  }
  loss.dispose();
  return out;
}

const mean = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0) / values.length;
const std = (values: readonly number[]): number => Math.sqrt(mean(values.map((v) => (v - mean(values)) ** 2)));
const twoDigits = (value: number): number => Number(value.toPrecision(2));

const gram = measure(styleLoss(styleFeatures, { layers: LAYERS, normalization: 'chw', reduction: 'mean' }), 1);
const target = DEFAULT_STYLE_WEIGHT * mean(gram.gradientNorm);
const kinds = {
  'sliced-wasserstein': () => measure(slicedWassersteinStyleLoss(styleFeatures, { layers: LAYERS, seed: 0 }), draws),
  'gaussian-w2': () => measure(gaussianWassersteinStyleLoss(styleFeatures, { layers: LAYERS, iterations: GAUSSIAN_W2_ITERATIONS }), 1),
  moment: () => measure(momentStyleLoss(styleFeatures, { layers: LAYERS }), 1),
};
const rows = Object.entries(kinds).map(([kind, run]) => {
  const m = run();
  const norm = mean(m.gradientNorm);
  return { kind, loss: mean(m.loss), gradientNorm: norm, gradientNormStd: std(m.gradientNorm), calls: m.loss.length, exactWeight: target / norm, styleWeight: twoDigits(target / norm) };
});
const result = {
  backend: picked.backend, size: [height, width], content: 'tubingen.jpg', style: 'starry_night.jpg', layers: LAYERS,
  gram: { styleWeight: DEFAULT_STYLE_WEIGHT, loss: gram.loss[0], gradientNorm: gram.gradientNorm[0], weightedGradientNorm: target },
  rows,
};
const md = [
  `# Style weights of the distribution-loss presets (${height}×${width}, tubingen × starry_night, ${picked.backend})`,
  '',
  'w = 100 · ‖∇ Gram loss‖ / ‖∇ L‖ at the content image: the same initial style gradient as the `default` preset (npx tsx benchmarks/calibrateStyleLosses.ts).',
  '',
  '| style loss | loss at content | ‖∇ loss‖ (mean ± sd, calls) | w (exact) | preset styleWeight |',
  '| --- | --- | --- | --- | --- |',
  `| gram (default) | ${(gram.loss[0] ?? 0).toPrecision(4)} | ${(gram.gradientNorm[0] ?? 0).toPrecision(4)} (1) | ${DEFAULT_STYLE_WEIGHT} | ${DEFAULT_STYLE_WEIGHT} |`,
  ...rows.map((r) => `| ${r.kind} | ${r.loss.toPrecision(4)} | ${r.gradientNorm.toPrecision(4)} ± ${r.gradientNormStd.toPrecision(2)} (${r.calls}) | ${r.exactWeight.toPrecision(4)} | ${r.styleWeight} |`),
  '',
].join('\n');
console.log(md);
const out = resolve(root, 'benchmarks/results/style-loss-calibration');
await writeFileAtomic('benchmarks/calibrateStyleLosses', '--out', `${out}.json`, `${JSON.stringify(result, null, 2)}\n`);
await writeFileAtomic('benchmarks/calibrateStyleLosses', '--out', `${out}.md`, md);
tf.dispose([content, styleImage, ...Object.values(styleFeatures)]);
vgg.dispose();
