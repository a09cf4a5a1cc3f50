// Where the time goes in the feed-forward transformation network on one backend, profiled with tf.profile and
// summed by kernel: `applyTransform` on one image, and the network's share of a training step (forward with
// the tape, then the gradient of every weight for a scalar loss: the sum of the output). The VGG loss network's
// share of a training step is what benchmarks/profileKernels.ts shows. Not a timing benchmark: profiling adds
// overhead; compare shares, not totals.
//
//   npx tsx benchmarks/profileFeedforward.ts [--backend tfjs-node|wasm|cpu] [--model udnie] [--size 512] [--batch 4 --train-size 256]
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { applyTransform } from '../src/feedforward/applyTransform';
import { transformForward } from '../src/feedforward/internal/forward';
import { loadTransformNetFromPath } from '../src/node/loadTransformNetFromPath';
import { pickBackend, type BackendCandidate } from '../src/node/pickBackend';
import { printKernelTable } from './internal/kernelTable';

const { values: args } = parseArgs({
  options: {
    backend: { type: 'string', default: 'tfjs-node' },
    model: { type: 'string', default: 'udnie' },
    size: { type: 'string', default: '512' },
    batch: { type: 'string', default: '4' },
    'train-size': { type: 'string', default: '256' },
  },
});
process.env.TF_CPP_MIN_LOG_LEVEL ??= '2';
await pickBackend({ force: args.backend as BackendCandidate });
const net = await loadTransformNetFromPath(resolve(import.meta.dirname, '../../shared/data/fast-style', args.model));
const size = Number(args.size);
const [batch, trainSize] = [Number(args.batch), Number(args['train-size'])];

const image = tf.randomUniform([size, size, 3], 0, 255, 'float32', 1) as tf.Tensor3D;
applyTransform(net, image).dispose(); // warm-up
const applied = await tf.profile(() => {
  const out = applyTransform(net, image);
  out.dataSync();
  return out;
});
tf.dispose(applied.result);
printKernelTable((total) => `applyTransform (${args.model}) ${size}² on ${args.backend}: ${total.toFixed(0)} ms in kernels`, applied);

const crops = tf.randomUniform([batch, trainSize, trainSize, 3], 0, 255, 'float32', 2) as tf.Tensor4D;
const weights = Object.values(net.weights);
const trainStep = (): tf.Tensor[] =>
  tf.tidy('profileFeedforward.trainStep', () => Object.values(tf.variableGrads(() => tf.sum(transformForward(net, crops)), weights).grads));
tf.dispose(trainStep()); // warm-up
const trained = await tf.profile(() => {
  const grads = trainStep();
  for (const g of grads) g.dataSync();
  return grads;
});
tf.dispose(trained.result);
printKernelTable((total) => `transform network forward + weight gradients, ${trainSize}² × ${batch} on ${args.backend}: ${total.toFixed(0)} ms in kernels`, trained);
tf.dispose([image, crops]);
net.dispose();
