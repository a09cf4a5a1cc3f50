// One Gatys style-transfer iteration as the library runs it: VGG-19 features of the image at conv1_1 ..
// conv5_1 + conv4_2 (one forward pass), content loss on conv4_2, style loss (Gram matrices) on the five
// style layers, TV loss, and the gradient of the total with respect to the image. Each backend runs in its
// own process; the time splits into the extractor's share (forward + input gradient of the same layers,
// measured alone) and the rest (the losses and the Gram matrices' gradients).
//
//   npx tsx benchmarks/styleStep.ts [--backends tfjs-node,wasm] [--size 256] [--budget 10]
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-layers';
import { combineLosses } from '../src/losses/combineLosses';
import { contentLoss } from '../src/losses/contentLoss';
import { styleLoss } from '../src/losses/styleLoss';
import { totalVariationLoss } from '../src/losses/totalVariationLoss';
import { pickBackend, type BackendCandidate } from '../src/node/pickBackend';
import { measure } from './internal/measure';
import { buildExtractor } from './internal/networks';

const { values: args } = parseArgs({
  options: { backend: { type: 'string' }, backends: { type: 'string' }, size: { type: 'string', default: '256' }, budget: { type: 'string', default: '10' } },
});
const root = resolve(import.meta.dirname, '..');
const STYLE_LAYERS = ['conv1_1', 'conv2_1', 'conv3_1', 'conv4_1', 'conv5_1'];

async function child(backend: BackendCandidate): Promise<void> {
  process.env.TF_CPP_MIN_LOG_LEVEL ??= '2';
  await pickBackend({ force: backend });
  const size = Number(args.size);
  const vgg = await buildExtractor('vgg19', true);
  const image = tf.randomUniform([1, size, size, 3], 0, 255, 'float32', 1) as tf.Tensor4D;
  const styleImage = tf.randomUniform([1, size, size, 3], 0, 255, 'float32', 2) as tf.Tensor4D;
  const contentImage = tf.randomUniform([1, size, size, 3], 0, 255, 'float32', 3) as tf.Tensor4D;
  const styleFeatures = vgg.extract(styleImage, STYLE_LAYERS);
  const contentFeatures = vgg.extract(contentImage, ['conv4_2']);
  const loss = combineLosses({
    content: { loss: contentLoss(contentFeatures), weight: 1 },
    style: { loss: styleLoss(styleFeatures, { normalization: 'none', reduction: 'gatys' }), weight: 1e3 },
    tv: { loss: totalVariationLoss({ kind: 'l2' }), weight: 1e-3 },
  });
  tf.dispose([...Object.values(styleFeatures), ...Object.values(contentFeatures), styleImage, contentImage]);
  const layers = loss.layers;
  const full = (): void => {
    const g = tf.tidy(() => tf.grad((x: tf.Tensor) => loss({ image: x as tf.Tensor4D, features: vgg.extract(x as tf.Tensor4D, layers) }).total)(image));
    g.dataSync();
    g.dispose();
  };
  const extractorOnly = (): void => {
    const g = tf.tidy(() =>
      tf.grad((x: tf.Tensor) => tf.addN(Object.values(vgg.extract(x as tf.Tensor4D, layers)).map((f) => tf.sum(f))))(image),
    );
    g.dataSync();
    g.dispose();
  };
  const budget = { budgetSeconds: Number(args.budget), maxRuns: 10 };
  const before = tf.memory().numTensors;
  const step = measure(full, budget);
  const extract = measure(extractorOnly, budget);
  const leaked = tf.memory().numTensors - before;
  const lossShare = step.medianSeconds - extract.medianSeconds;
  console.log(
    `| ${backend} | ${size}² | ${step.medianSeconds.toFixed(3)} (${step.runs}) | ${extract.medianSeconds.toFixed(3)} (${extract.runs}) | ${lossShare.toFixed(3)} (${((100 * lossShare) / step.medianSeconds).toFixed(0)}%) | ${leaked} |`,
  );
  loss.dispose();
  vgg.dispose();
  image.dispose();
}

if (args.backend !== undefined) {
  await child(args.backend as BackendCandidate);
} else {
  const tfjsNode = existsSync(resolve(root, 'node_modules/@tensorflow/tfjs-node/lib'));
  const backends = (args.backends ?? (tfjsNode ? 'tfjs-node,wasm' : 'wasm')).split(',');
  console.log('One Gatys iteration on VGG-19 (content conv4_2, style conv1_1..conv5_1, TV): median s (runs)\n');
  console.log('| backend | size | full step | extractor fwd + input grad alone | losses + Gram gradients | leaked tensors |\n|---|---|---|---|---|---|');
  for (const backend of backends) {
    const run = spawnSync(process.execPath, ['--import', 'tsx', resolve(import.meta.dirname, 'styleStep.ts'), '--backend', backend, '--size', args.size, '--budget', args.budget], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '2' },
    });
    process.stdout.write(run.stdout.split('\n').filter((l) => l.startsWith('|')).join('\n') + '\n');
    if (run.status !== 0) console.error(`${backend}: exit ${String(run.status)}: ${run.stderr.trim().split('\n').slice(-3).join(' / ')}`);
  }
}
