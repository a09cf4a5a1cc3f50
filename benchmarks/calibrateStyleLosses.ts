// The style weight of each distribution-style-loss preset ('sliced-wasserstein', 'gaussian-w2', 'moment'), chosen so
// that the new style term pulls as hard as the `default` preset's Gram term (100 × the Gram loss), measured by the
// norm of the gradient w.r.t. the pixels (the losses have different units; what the optimiser feels is the gradient):
// w = 100 · ‖∇ Gram‖ / ‖∇ L‖, at two images:
// - "start": the content image, where every preset starts (the content gradient is zero there);
// - "balance": the `default` preset's result (100 iterations). There the Gram term's pull balances the content
//   and TV terms; a new term with the same pull there keeps that balance. This is the rule the presets use: the
//   start rule over-stylises the moment and Gaussian W2 presets (their gradients shrink more slowly than the
//   Gram's as the image approaches the style), measured by looking at 40-iteration runs at 256 px.
//
// VGG-19, style layers conv1_1..conv5_1 weighted 0.2 (the presets'), Tübingen (content) × The Starry Night (style)
// at --size, the style resized as stylize resizes it (styleScale 1). The sliced Wasserstein loss draws fresh
// directions at every call: its norm is the mean over --draws calls (the spread is reported). The Gaussian W2 loss
// runs with the iterations stylize gives it (the builder's default).
//
//   npx tsx benchmarks/calibrateStyleLosses.ts [--size 256] [--draws 8]
//
// Writes benchmarks/results/style-loss-calibration.{json,md}.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { gaussianWassersteinStyleLoss, loadVgg19FromPath, momentStyleLoss, pickBackend, readImage, resizeImage, slicedWassersteinStyleLoss, styleLoss, stylize, type FeatureLoss } from '../src/node/index';
import { writeFileAtomic } from '../src/node/writeFileAtomic';
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

/** The loss at `image` `[1, H, W, 3]` and the norm of its gradient w.r.t. the pixels, `calls` times (fresh directions each). */
function measure(loss: FeatureLoss, image: tf.Tensor4D, calls: number): { loss: number[]; gradientNorm: number[] } {
  const out = { loss: [] as number[], gradientNorm: [] as number[] };
  for (let i = 0; i < calls; i++) {
    const [value, norm] = tf.tidy(() => {
      const { value: v, grad } = tf.valueAndGrad((x: tf.Tensor) => loss(vgg.extract(x as tf.Tensor4D, loss.layers)))(image);
      return [v.dataSync()[0] ?? Number.NaN, tf.norm(grad).dataSync()[0] ?? Number.NaN];
    });
    out.loss.push(value);
    out.gradientNorm.push(norm);
  }
  return out;
}

/** The `default` preset's result at this size (8-bit, as delivered), `[1, H, W, 3]`. */
async function defaultResult(): Promise<tf.Tensor4D> {
  for await (const event of stylize({ content: tf.squeeze<tf.Tensor3D>(content, [0]), style: styleImage, extractor: vgg, preset: 'default' })) {
    if (event.type === 'done') {
      const batch = tf.expandDims<tf.Tensor4D>(event.image, 0);
      event.image.dispose();
      return batch;
    }
  }
  throw new Error('stylize ended without a done event');
}

const mean = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0) / values.length;
const std = (values: readonly number[]): number => Math.sqrt(mean(values.map((v) => (v - mean(values)) ** 2)));
const twoDigits = (value: number): number => Number(value.toPrecision(2));

const balanced = await defaultResult();
const images = { start: content, balance: balanced };
type At = keyof typeof images;
const builders: Record<string, () => FeatureLoss> = {
  gram: () => styleLoss(styleFeatures, { layers: LAYERS, normalization: 'chw', reduction: 'mean' }),
  'sliced-wasserstein': () => slicedWassersteinStyleLoss(styleFeatures, { layers: LAYERS, seed: 0 }),
  'gaussian-w2': () => gaussianWassersteinStyleLoss(styleFeatures, { layers: LAYERS }),
  moment: () => momentStyleLoss(styleFeatures, { layers: LAYERS }),
};
const measured = Object.entries(builders).map(([kind, build]) => {
  const per = (at: At) => {
    const loss = build();
    const m = measure(loss, images[at], kind === 'sliced-wasserstein' ? draws : 1);
    loss.dispose();
    return { loss: mean(m.loss), gradientNorm: mean(m.gradientNorm), gradientNormStd: std(m.gradientNorm), calls: m.loss.length };
  };
  return { kind, start: per('start'), balance: per('balance') };
});
const gram = measured[0] as (typeof measured)[number];
const rows = measured.slice(1).map((r) => {
  const startWeight = (DEFAULT_STYLE_WEIGHT * gram.start.gradientNorm) / r.start.gradientNorm;
  const balanceWeight = (DEFAULT_STYLE_WEIGHT * gram.balance.gradientNorm) / r.balance.gradientNorm;
  return { ...r, startWeight, balanceWeight, styleWeight: twoDigits(balanceWeight) };
});
const result = { backend: picked.backend, size: [height, width], content: 'tubingen.jpg', style: 'starry_night.jpg', layers: LAYERS, defaultStyleWeight: DEFAULT_STYLE_WEIGHT, gram, rows };
const cell = (m: { loss: number; gradientNorm: number; gradientNormStd: number; calls: number }): string =>
  `${m.loss.toPrecision(4)} | ${m.gradientNorm.toPrecision(4)}${m.calls > 1 ? ` ± ${m.gradientNormStd.toPrecision(2)} (${m.calls} draws)` : ''}`;
const md = [
  `# Style weights of the distribution-loss presets (${height}×${width}, tubingen × starry_night, ${picked.backend})`,
  '',
  'w = 100 · ‖∇ Gram loss‖ / ‖∇ L‖ w.r.t. the pixels, at the content image ("start") and at the `default` preset\'s result',
  '("balance", the rule the presets use). Written by `npx tsx benchmarks/calibrateStyleLosses.ts`.',
  '',
  '| style loss | loss at start | ‖∇‖ at start | loss at balance | ‖∇‖ at balance | w (start rule) | w (balance rule) | preset styleWeight |',
  '| --- | --- | --- | --- | --- | --- | --- | --- |',
  `| gram (default) | ${cell(gram.start)} | ${cell(gram.balance)} | ${DEFAULT_STYLE_WEIGHT} | ${DEFAULT_STYLE_WEIGHT} | ${DEFAULT_STYLE_WEIGHT} |`,
  ...rows.map((r) => `| ${r.kind} | ${cell(r.start)} | ${cell(r.balance)} | ${r.startWeight.toPrecision(3)} | ${r.balanceWeight.toPrecision(3)} | ${r.styleWeight} |`),
  '',
].join('\n');
console.log(md);
const out = resolve(root, 'benchmarks/results/style-loss-calibration');
await writeFileAtomic('benchmarks/calibrateStyleLosses', '--out', `${out}.json`, `${JSON.stringify(result, null, 2)}\n`);
await writeFileAtomic('benchmarks/calibrateStyleLosses', '--out', `${out}.md`, md);
tf.dispose([content, balanced, styleImage, ...Object.values(styleFeatures)]);
vgg.dispose();
