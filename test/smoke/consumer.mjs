// Plain-Node ESM consumer of the packed package: loss + gradient with hand-worked expectations.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { contentLoss, gramMatrix, styleLoss } from 'stylegrad';
import * as node from 'stylegrad/node';

await tf.setBackend('cpu');
// F = [1, 2, 3, 4], P = [0, 1, 1, 2]: ½ Σ (F − P)² = ½ (1 + 1 + 4 + 4) = 5; gradient F − P = [1, 1, 2, 2].
const loss = contentLoss({ l: tf.tensor4d([0, 1, 1, 2], [1, 1, 2, 2]) });
const { value, grad } = tf.valueAndGrad((x) => loss({ l: x }))(tf.tensor4d([1, 2, 3, 4], [1, 1, 2, 2]));
const check = (what, actual, expected) => {
  if (JSON.stringify(actual) !== JSON.stringify(expected)) throw new Error(`ESM ${what}: got ${actual}, expected ${expected}`);
};
check('content loss', value.dataSync()[0], 5);
check('content gradient', Array.from(grad.dataSync()), [1, 1, 2, 2]);
// Gatys style loss vs identity Gram: Σ (G − A)² / (4·2²·2²) = 834 / 64 (see test/losses/styleLoss.test.ts).
const style = styleLoss({ s: tf.tensor4d([1, 0, 0, 1], [1, 1, 2, 2]) }, { reduction: 'gatys' });
const styleGrad = tf.grad((x) => style({ s: x }))(tf.tensor4d([1, 2, 3, 4], [1, 1, 2, 2]));
check('style gradient is finite', Array.from(styleGrad.dataSync()).every(Number.isFinite), true);
check('gram', Array.from(gramMatrix(tf.tensor4d([1, 2, 3, 4], [1, 1, 2, 2]), { normalization: 'none' }).dataSync()), [10, 14, 14, 20]);
check('stylegrad/node re-exports the API', typeof node.contentLoss, 'function');
// A real Keras .h5 (SqueezeNet, 2.9 MB) through the worker that parses .h5 files (dist/node/h5ParseWorker.js),
// bit-identical to the in-thread parse of the platform-neutral loader.
const h5 = process.env.STYLEGRAD_SMOKE_H5;
const viaWorker = await node.loadWeightsFromPath(h5);
const { readFileSync } = await import('node:fs');
const inThread = await node.loadKerasH5Weights(readFileSync(h5), h5);
const names = Object.keys(inThread.tensors);
check('h5 weight names', Object.keys(viaWorker.tensors), names);
check('h5 weights bit-identical', names.every((n) => Buffer.from(viaWorker.tensors[n].dataSync().buffer).equals(Buffer.from(inThread.tensors[n].dataSync().buffer))), true);
tf.dispose([...Object.values(viaWorker.tensors), ...Object.values(inThread.tensors)]);
const stopped = await node.loadWeightsFromPath(process.env.STYLEGRAD_SMOKE_BROKEN_H5, { h5TimeoutSeconds: 1 }).then(() => 'loaded', (e) => e);
check('hanging .h5 stopped', stopped instanceof node.StylegradError && /did not finish in 1 s/.test(stopped.message), true);
console.log(`smoke ESM: loss 5 and gradient [1,1,2,2] as worked by hand; ${names.length} SqueezeNet .h5 weights via the worker, bit-identical; a hanging .h5 stopped after 1 s`);
