import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { StylegradError } from '../../src/errors';
import { createSqueezeNetExtractor } from '../../src/extractors/createSqueezeNetExtractor';
import { createVggExtractor } from '../../src/extractors/createVggExtractor';
import { identifyNetwork } from '../../src/extractors/identifyNetwork';
import { weightsToModelArtifacts } from '../../src/io/weightsToModelArtifacts';
import { fileSystemIOHandler } from '../../src/node/fileSystemIOHandler';
import { loadExtractorFromPath } from '../../src/node/loadExtractorFromPath';
import { NetworkMismatchError } from '../../src/extractors/networkMismatchError';
import { loadSqueezeNetFromPath } from '../../src/node/loadSqueezeNetFromPath';
import { loadVgg16FromPath } from '../../src/node/loadVgg16FromPath';
import { loadVgg19FromPath } from '../../src/node/loadVgg19FromPath';
import { randomVggWeights } from './vggWeights';

const VGG19 = '../shared/data/weights/vgg19-notop-uint8';
const VGG19_PARTIAL = '../shared/data/weights/vgg19-blocks1-3-float32';
const SQUEEZE = '../shared/data/weights/squeezenet1.1-notop/squeezenet_weights_tf_dim_ordering_tf_kernels_notop.h5';

/** A record whose names are `names` (values are never read by identifyNetwork). */
function named(...names: string[]): Record<string, tf.Tensor> {
  const t = tf.scalar(0);
  return Object.fromEntries(names.map((n) => [n, t]));
}

describe('identifyNetwork', () => {
  it('decides from the layer set alone', () => {
    expect(identifyNetwork(named('block1_conv1/kernel', 'block5_conv4/bias'))).toBe('vgg19');
    expect(identifyNetwork(named('block3_conv4/kernel'))).toBe('vgg19');
    expect(identifyNetwork(named('block1_conv1/kernel', 'block3_conv3/kernel', 'block5_conv3/kernel'))).toBe('vgg16');
    expect(identifyNetwork(named('conv1/kernel', 'fire2/squeeze1x1/kernel'))).toBe('squeezenet1.1');
    expect(identifyNetwork(named('block1_conv1/kernel', 'block2_conv2/kernel'))).toBeUndefined(); // shared by both VGGs
    expect(identifyNetwork(named('fire2/squeeze1x1/kernel', 'block3_conv4/kernel'))).toBeUndefined(); // mixed
    expect(identifyNetwork(named('dense/kernel'))).toBeUndefined();
    expect(identifyNetwork({ source: 'x', tensors: {}, missing: { 'block5_conv4/kernel': 'gone' } })).toBe('vgg19'); // listed in the manifest, file absent
  });

  it('identifies the real weights: VGG-19 (uint8 and the partial float32 folder) and SqueezeNet 1.1', async () => {
    const { loadWeightsFromPath } = await import('../../src/node/loadWeightsFromPath');
    for (const [p, expected] of [[VGG19, 'vgg19'], [VGG19_PARTIAL, 'vgg19'], [SQUEEZE, 'squeezenet1.1']] as const) {
      const w = await loadWeightsFromPath(p);
      expect(identifyNetwork(w)).toBe(expected);
      tf.dispose(Object.values(w.tensors));
    }
  });
});

describe('extractors refuse weights of another network, naming both', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'stylegrad-identify-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('loadVgg16FromPath on the real VGG-19 weights', async () => {
    const before = tf.memory().numTensors;
    await expect(loadVgg16FromPath(VGG19)).rejects.toThrow(
      new StylegradError('loadVgg16FromPath', 'weightsPath', 'holds VGG-19 weights (it has block5_conv4), not VGG-16; use loadVgg19FromPath or --extractor vgg19.'),
    );
    await expect(loadVgg16FromPath(SQUEEZE)).rejects.toThrow(
      'loadVgg16FromPath: weightsPath holds SqueezeNet 1.1 weights (it has fire2), not VGG-16; use loadSqueezeNetFromPath or --extractor squeezenet1.1.',
    );
    await expect(loadSqueezeNetFromPath(VGG19_PARTIAL)).rejects.toThrow(
      'loadSqueezeNetFromPath: weightsPath holds VGG-19 weights (it has block5_conv4), not SqueezeNet 1.1; use loadVgg19FromPath or --extractor vgg19.',
    );
    expect(tf.memory().numTensors).toBe(before);
  });

  it('createVggExtractor / createSqueezeNetExtractor on in-memory weights', () => {
    const vgg16 = randomVggWeights('vgg16', 3);
    const before = tf.memory().numTensors;
    expect(() => createVggExtractor(vgg16, { variant: 'vgg19' })).toThrow(
      "createVggExtractor: weights holds VGG-16 weights (it has block3_conv3 but no block3_conv4), not VGG-19; use options.variant 'vgg16'.",
    );
    expect(() => createSqueezeNetExtractor(vgg16)).toThrow(
      "createSqueezeNetExtractor: weights holds VGG-16 weights (it has block3_conv3 but no block3_conv4), not SqueezeNet 1.1; use createVggExtractor with variant 'vgg16'.",
    );
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose(Object.values(vgg16));
  });

  it('loadExtractorFromPath picks the network, refuses a mismatch, and says when it cannot tell', async () => {
    const before = tf.memory().numTensors;
    const vgg = await loadExtractorFromPath(VGG19);
    expect(vgg.id).toBe('vgg19');
    vgg.dispose();
    const squeeze = await loadExtractorFromPath(SQUEEZE);
    expect(squeeze.id).toBe('squeezenet1.1');
    const image = tf.fill([1, 40, 40, 3], 128) as tf.Tensor4D;
    tf.dispose(Object.values(squeeze.extract(image, ['fire2'])));
    image.dispose();
    squeeze.dispose();
    expect(tf.memory().numTensors).toBe(before);

    const w16 = randomVggWeights('vgg16', 3);
    await tfWriteFolder(path.join(dir, 'vgg16'), w16);
    const blocks12 = Object.fromEntries(Object.entries(w16).filter(([n]) => /^block[12]_/.test(n)));
    await tfWriteFolder(path.join(dir, 'blocks12'), blocks12);
    tf.dispose(Object.values(w16));
    const before2 = tf.memory().numTensors;
    const v16 = await loadExtractorFromPath(path.join(dir, 'vgg16'));
    expect(v16.id).toBe('vgg16');
    v16.dispose();
    await expect(loadExtractorFromPath(path.join(dir, 'vgg16'), 'vgg19')).rejects.toThrow(
      /^loadExtractorFromPath: network is 'vgg19' but .*vgg16\/model\.json holds VGG-16 weights \(it has block3_conv3 but no block3_conv4\); pass 'vgg16' or leave network out\.$/,
    );
    await expect(loadExtractorFromPath(VGG19, 'squeezenet1.1')).rejects.toThrow(/network is 'squeezenet1.1' but .* holds VGG-19 weights \(it has block5_conv4\)/);
    const mismatch = await loadExtractorFromPath(VGG19, 'vgg16').catch((error: unknown) => error);
    expect(mismatch).toBeInstanceOf(NetworkMismatchError);
    expect(mismatch).toMatchObject({ requested: 'vgg16', found: 'vgg19', evidence: 'it has block5_conv4' });
    await expect(loadExtractorFromPath(path.join(dir, 'blocks12'))).rejects.toThrow(
      /^loadExtractorFromPath: weightsPath holds weights of no network stylegrad knows \(8 weights, e\.g\. 'block1_conv1\/bias', 'block1_conv1\/kernel', 'block1_conv2\/bias'\): VGG-19 has block5_conv4, VGG-16 block5_conv3 without block5_conv4, SqueezeNet 1\.1 fire2 … fire9; pass network to choose one\.$/,
    );
    const chosen = await loadExtractorFromPath(path.join(dir, 'blocks12'), 'vgg16'); // unidentifiable but asked for: allowed
    expect(chosen.id).toBe('vgg16');
    chosen.dispose();
    await expect(loadExtractorFromPath(VGG19, 'vgg11' as 'vgg16')).rejects.toThrow("loadExtractorFromPath: network must be one of 'vgg19', 'vgg16', 'squeezenet1.1'; got 'vgg11'.");
    expect(tf.memory().numTensors).toBe(before2);
    const v19 = await loadVgg19FromPath(VGG19_PARTIAL); // partial folder still loads (blocks 4-5 missing)
    v19.dispose();
  });
});

async function tfWriteFolder(folder: string, weights: Record<string, tf.Tensor>): Promise<void> {
  await fileSystemIOHandler(folder).save?.(await weightsToModelArtifacts(weights));
}
