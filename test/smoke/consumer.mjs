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
console.log('smoke ESM: loss 5 and gradient [1,1,2,2] as worked by hand');
