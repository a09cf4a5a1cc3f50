// Spatial control and style strength (Gatys et al. 2017, "Controlling Perceptual Factors in Neural Style
// Transfer"): the style where a mask says, two styles in two regions, and the style strength. Each run is 40
// L-BFGS iterations from the content image, content conv4_2, style conv1_1..conv5_1 (chw Grams), TV l2.
//
//   npx tsx examples/spatial-control.ts [size=128]
//
// Prints how far each result is from the content inside and outside the mask, each region's guided style loss
// against both styles, the style loss against the style for each strength; writes docs/examples/spatial-control.jpg.
import * as tf from '@tensorflow/tfjs-core';
import {
  blendStyleTargets,
  combineLosses,
  compositeMasked,
  contentLoss,
  createLbfgs,
  guidedStyleLoss,
  maskedContentLoss,
  styleLoss,
  totalVariationLoss,
  type FeatureLoss,
  type FeatureMap,
  type Objective,
} from '../src/node/index';
import { image, saveSheet, setUp, sizeArgument } from './internal/experiment';

const size = sizeArgument(128);
const { vgg } = await setUp();
const content = await image('content', 'tubingen.jpg', size);
const starry = await image('style', 'starry_night.jpg', size);
const scream = await image('style', 'the_scream.jpg', size);
const [height, width] = content.shape;
const styleLayers = ['conv1_1', 'conv2_1', 'conv3_1', 'conv4_1', 'conv5_1'];
// Stylise the left 40%, a soft ramp to 0 at 60% of the width.
const mask = tf.tidy(() => tf.tile(tf.reshape(tf.clipByValue(tf.div(tf.sub(0.6 * width, tf.range(0, width)), 0.2 * width), 0, 1), [1, width]), [height, 1]));
const inside = tf.tidy(() => tf.cast(tf.greaterEqual(mask, 1), 'float32'));
const outside = tf.tidy(() => tf.cast(tf.lessEqual(mask, 0), 'float32'));
const everywhere = tf.onesLike(mask);
const contentFeatures = vgg.extract(content, ['conv4_2']);
const starryFeatures = vgg.extract(starry, styleLayers);
const screamFeatures = vgg.extract(scream, styleLayers);

/** 40 L-BFGS iterations of content + 1e4 · style + 1e-3 · TV from the content image. */
function run(content_: FeatureLoss, style: FeatureLoss): tf.Tensor3D {
  const loss = combineLosses({ content: { loss: content_, weight: 1 }, style: { loss: style, weight: 1e4 }, tv: { loss: totalVariationLoss(), weight: 1e-3 } });
  const optimizer = createLbfgs({ maxIterations: 1, bounds: { lower: 0, upper: 255 } });
  const objective: Objective = (x) => {
    const { value, grad } = tf.valueAndGrad((t: tf.Tensor) => loss({ image: t as tf.Tensor4D, features: vgg.extract(t as tf.Tensor4D, loss.layers) }).total)(x);
    const total = value.dataSync()[0] as number;
    value.dispose();
    return { loss: total, gradient: grad };
  };
  const start = tf.expandDims(content, 0);
  let state = optimizer.init(start);
  start.dispose();
  for (let i = 0; i < 40; i++) state = optimizer.step(state, objective).state;
  const result = tf.squeeze<tf.Tensor3D>(state.x, [0]);
  optimizer.dispose(state);
  loss.dispose();
  return result;
}

/** Mean absolute difference from the content (0..255 levels) over the pixels where `where` is 1. */
const fromContent = (result: tf.Tensor3D, where: tf.Tensor): string =>
  tf.tidy(() => {
    const w = tf.expandDims(where, 2);
    return (tf.div(tf.sum(tf.mul(tf.abs(tf.sub(result, content)), w)), tf.mul(tf.sum(w), 3)).dataSync()[0] as number).toFixed(2);
  });
const lossOf = (loss: FeatureLoss, result: tf.Tensor3D): string =>
  tf.tidy(() => (loss(vgg.extract(result, loss.layers)).dataSync()[0] as number).toExponential(3));

const plain = run(contentLoss(contentFeatures), styleLoss(starryFeatures));
const masked = run(maskedContentLoss(contentFeatures, mask, { outside: 10 }), guidedStyleLoss([{ contentMask: mask, style: starryFeatures }]));
const delivered = compositeMasked(masked, content, mask);
for (const [label, result] of [['plain styleLoss', plain], ['masked losses', masked], ['masked + composite', delivered]] as const) {
  console.log(`${label}: |result − content| inside ${fromContent(result, inside)}, outside ${fromContent(result, outside)} levels`);
}

const right = tf.sub(1, mask);
const two = run(contentLoss(contentFeatures), guidedStyleLoss([{ contentMask: mask, style: starryFeatures }, { contentMask: right, style: screamFeatures }]));
const region = (m: tf.Tensor, style: FeatureMap): FeatureLoss => guidedStyleLoss([{ contentMask: m, style }]);
console.log(`two regions: left vs Starry ${lossOf(region(mask, starryFeatures), two)}, vs Scream ${lossOf(region(mask, screamFeatures), two)}; ` +
  `right vs Scream ${lossOf(region(right, screamFeatures), two)}, vs Starry ${lossOf(region(right, starryFeatures), two)}`);

const contentStyleFeatures = vgg.extract(content, styleLayers);
const plainStyle = styleLoss(starryFeatures);
const strengths: tf.Tensor3D[] = [];
for (const strength of [0, 0.25, 0.5, 1]) {
  const result = run(contentLoss(contentFeatures), styleLoss(blendStyleTargets(contentStyleFeatures, starryFeatures, strength)));
  console.log(`strength ${strength}: style loss vs Starry ${lossOf(plainStyle, result)}, |result − content| ${fromContent(result, everywhere)} levels`);
  strengths.push(result);
}
await saveSheet(
  'spatial-control',
  [content, tf.tile(tf.mul(tf.expandDims(mask, 2), 255), [1, 1, 3]) as tf.Tensor3D, plain, masked, delivered, two, ...strengths.slice(1)],
  ['content', 'mask', 'plain', 'masked losses', '+ composite', 'two regions', 'strength 0.25', '0.5', '1'],
  9,
  size,
);
tf.dispose([mask, inside, outside, everywhere, right, starry, scream, strengths[0] as tf.Tensor, ...Object.values(contentFeatures), ...Object.values(starryFeatures), ...Object.values(screamFeatures), ...Object.values(contentStyleFeatures)]);
vgg.dispose();
