// loadVgg19 / loadVgg16 / loadSqueezeNet from an IOHandler and from .h5 bytes: the loaded extractor equals
// one built from the original tensors, and loading frees every intermediate tensor.
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { createSqueezeNetExtractor } from '../../src/extractors/createSqueezeNetExtractor';
import { createVggExtractor } from '../../src/extractors/createVggExtractor';
import { loadSqueezeNet } from '../../src/extractors/loadSqueezeNet';
import { loadVgg16 } from '../../src/extractors/loadVgg16';
import { loadVgg19 } from '../../src/extractors/loadVgg19';
import { loadWeights } from '../../src/io/loadWeights';
import { weightsToModelArtifacts } from '../../src/io/weightsToModelArtifacts';
import { writeKerasH5 } from '../io/writeKerasH5';
import { randomSqueezeNetWeights } from './squeezeNetWeights';
import { pick, randomVggWeights } from './vggWeights';

/** Keras h5 layout for a record of `<layer>/kernel|bias` tensors. */
function kerasLayers(weights: Record<string, tf.Tensor>): Record<string, [string, tf.Tensor][]> {
  const layers: Record<string, [string, tf.Tensor][]> = {};
  for (const [name, t] of Object.entries(weights)) {
    const layer = name.slice(0, name.lastIndexOf('/'));
    const role = name.slice(name.lastIndexOf('/') + 1);
    (layers[layer] ??= []).push([`${layer}_1/${role}:0`, t]);
  }
  return layers;
}

describe('loadVgg19, loadVgg16, loadSqueezeNet', () => {
  const vgg = randomVggWeights('vgg16', 2, 3);
  const squeeze = randomSqueezeNetWeights(5);
  afterAll(() => tf.dispose([...Object.values(vgg), ...Object.values(squeeze)]));

  it('load from an IOHandler and from .h5 bytes, equal to the originals, leaking nothing', async () => {
    const image = tf.randomUniform([1, 16, 16, 3], 0, 255, 'float32', 4) as tf.Tensor4D;
    const before = tf.memory().numTensors;
    const artifacts = await weightsToModelArtifacts(vgg);
    const h5Vgg = await writeKerasH5(kerasLayers(vgg));
    const h5Squeeze = await writeKerasH5(kerasLayers(squeeze));
    const pairs = [
      { loaded: await loadVgg19(tf.io.fromMemory(artifacts)), reference: createVggExtractor(vgg), layer: 'pool2' },
      { loaded: await loadVgg16(h5Vgg), reference: createVggExtractor(vgg, { variant: 'vgg16' }), layer: 'conv2_2' },
      { loaded: await loadSqueezeNet(h5Squeeze.buffer as ArrayBuffer), reference: createSqueezeNetExtractor(squeeze), layer: 'fire4' },
    ];
    for (const { loaded, reference, layer } of pairs) {
      expect(loaded.id).toBe(reference.id);
      const a = pick(loaded.extract(image, [layer]), layer);
      const b = pick(reference.extract(image, [layer]), layer);
      expect(a.arraySync()).toEqual(b.arraySync());
      tf.dispose([a, b]);
      loaded.dispose();
      reference.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
    image.dispose();
  });

  it('loadWeights fetches .h5 URLs and reads them with h5wasm', async () => {
    const bytes = await writeKerasH5(kerasLayers({ 'c/kernel': vgg['block1_conv1/kernel'] as tf.Tensor }));
    const fakeFetch = ((url: string) => Promise.resolve(url.includes('.h5') ? new Response(bytes as Uint8Array<ArrayBuffer>) : new Response('', { status: 404 }))) as typeof fetch;
    const w = await loadWeights('https://host/weights.h5?v=1', { fetch: fakeFetch });
    expect(w.source).toBe('https://host/weights.h5?v=1');
    expect(w.tensors['c/kernel']?.shape).toEqual([3, 3, 3, 64]);
    tf.dispose(Object.values(w.tensors));
    await expect(loadWeights('https://host/missing.h5', { fetch: (() => Promise.resolve(new Response('', { status: 404 }))) as typeof fetch })).rejects.toThrow(
      "loadWeights: source 'https://host/missing.h5' could not be fetched: HTTP 404.",
    );
  });
});
