// Plain-Node CommonJS consumer of the packed package: loss + gradient with hand-worked expectations.
const tf = require('@tensorflow/tfjs-core');
require('@tensorflow/tfjs-backend-cpu');
const { totalVariationLoss, StylegradError } = require('stylegrad');
const node = require('stylegrad/node');

tf.setBackend('cpu').then(() => {
  // Image [[0, 1], [3, 6]]: TV l2 = 1² + 3² + 3² + 5² = 44. Gradient of Σ dx² + dy², per pixel:
  // x00: dx(0,0) = 1 → −2·1, dy(0,0) = 3 → −2·3 ⇒ −8.  x01: +2·1 (dx), −2·5 (dy) ⇒ −8.
  // x10: −2·3 (dx(1,0) = 3), +2·3 (dy) ⇒ 0.  x11: +2·3 (dx), +2·5 (dy) ⇒ 16.
  const tv = totalVariationLoss({ kind: 'l2' });
  const { value, grad } = tf.valueAndGrad((x) => tv(x))(tf.tensor4d([0, 1, 3, 6], [1, 2, 2, 1]));
  const got = [value.dataSync()[0], Array.from(grad.dataSync())];
  if (JSON.stringify(got) !== JSON.stringify([44, [-8, -8, 0, 16]])) throw new Error(`CJS TV: got ${JSON.stringify(got)}`);
  let threw = false;
  try { totalVariationLoss({ kind: 'l3' }); } catch (error) { threw = error instanceof StylegradError; }
  if (!threw) throw new Error('CJS: StylegradError not thrown for a bad kind');
  if (typeof node.totalVariationLoss !== 'function') throw new Error('CJS: stylegrad/node does not re-export the API');
  // A real Keras .h5 through the worker (started from dist/node/index.cjs), bit-identical to the in-thread parse.
  const h5 = process.env.STYLEGRAD_SMOKE_H5;
  return Promise.all([node.loadWeightsFromPath(h5), node.loadKerasH5Weights(require('node:fs').readFileSync(h5), h5)]).then(([viaWorker, inThread]) => {
    const names = Object.keys(inThread.tensors);
    if (JSON.stringify(Object.keys(viaWorker.tensors)) !== JSON.stringify(names)) throw new Error('CJS: .h5 weight names differ via the worker');
    const same = names.every((n) => Buffer.from(viaWorker.tensors[n].dataSync().buffer).equals(Buffer.from(inThread.tensors[n].dataSync().buffer)));
    if (!same) throw new Error('CJS: .h5 weights differ via the worker');
    tf.dispose([...Object.values(viaWorker.tensors), ...Object.values(inThread.tensors)]);
    return node.loadWeightsFromPath(process.env.STYLEGRAD_SMOKE_BROKEN_H5, { h5TimeoutSeconds: 1 }).then(() => 'loaded', (e) => e).then((stopped) => {
      if (!(stopped instanceof node.StylegradError && /did not finish in 1 s/.test(stopped.message))) throw new Error(`CJS: a hanging .h5 was not stopped: ${stopped}`);
      console.log(`smoke CJS: TV 44 and gradient [-8,-8,0,16] as worked by hand; ${names.length} SqueezeNet .h5 weights via the worker, bit-identical; a hanging .h5 stopped after 1 s`);
    });
  });
}).catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
