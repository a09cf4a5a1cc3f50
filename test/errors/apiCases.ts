// The error catalogue's API cases: a bad argument to a public function, and the StylegradError message it must
// reject with. docs/errors.md lists every case by id; the runner checks that no file in the case's folder changed.
import { cp, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { gramMatrix } from '../../src/gram/gramMatrix';
import { contentLoss } from '../../src/losses/contentLoss';
import { totalVariationLoss } from '../../src/losses/totalVariationLoss';
import { createLbfgs } from '../../src/optimizers/createLbfgs';
import { createAdam } from '../../src/optimizers/createAdam';
import { loadVgg19FromPath } from '../../src/node/loadVgg19FromPath';
import { loadWeightsFromPath } from '../../src/node/loadWeightsFromPath';
import { loadTransformNetFromPath } from '../../src/node/loadTransformNetFromPath';
import { applyTransform } from '../../src/feedforward/applyTransform';
import { pickBackend } from '../../src/node/pickBackend';
import { loadExtractorFromPath } from '../../src/node/loadExtractorFromPath';
import { convertWeightsToTfjs } from '../../src/node/convertWeightsToTfjs';
import { estimateStylizeMemory } from '../../src/node/estimateStylizeMemory';
import { identifyNetwork } from '../../src/extractors/identifyNetwork';
import { readImage } from '../../src/node/readImage';
import { writeImage } from '../../src/node/writeImage';
import { resizeImage } from '../../src/image/resizeImage';
import { DATA } from '../helpers/sharedData';
import { fileSystemIOHandler } from '../../src/node/fileSystemIOHandler';
import { UDNIE, VGG19, type Fixture } from './fixture';

/** One bad call. */
export interface ApiCase {
  /** Stable id, listed in docs/errors.md. */
  readonly id: string;
  /** Makes the call; must reject (or throw) with a StylegradError. */
  readonly run: (f: Fixture) => Promise<unknown>;
  /** Prepares files in the fixture folder (part of the before-snapshot). */
  readonly setup?: (f: Fixture) => Promise<void>;
  /** What the error message must match. */
  readonly message: RegExp;
}

/** Runs a synchronous call as a promise, so a throw becomes a rejection. */
const later = (body: () => unknown): Promise<unknown> => Promise.resolve().then(body);

/** Runs `body` with tensors that are disposed afterwards whatever happens. */
async function withTensors<T>(make: () => tf.Tensor[], body: (tensors: tf.Tensor[]) => Promise<T> | T): Promise<T> {
  const tensors = make();
  try {
    return await body(tensors);
  } finally {
    tf.dispose(tensors);
  }
}

export const apiCases: readonly ApiCase[] = [
  { id: 'api-gram-rank', run: () => withTensors(() => [tf.zeros([4, 4])], ([t]) => gramMatrix(t as tf.Tensor4D)), message: /^gramMatrix: features must have rank 4/ },
  { id: 'api-disposed-tensor', run: () => withTensors(() => [], () => { const t = tf.zeros([1, 2, 2, 3]); t.dispose(); return gramMatrix(t as tf.Tensor4D); }), message: /^gramMatrix: features is a tensor that has already been disposed/ },
  { id: 'api-content-loss-nan-target', run: () => withTensors(() => [tf.fill([1, 2, 2, 1], Number.NaN)], ([t]) => contentLoss({ conv4_2: t as tf.Tensor4D })), message: /^contentLoss: .*NaN or Infinity/ },
  { id: 'api-tv-kind', run: () => later(() => totalVariationLoss({ kind: 'l3' as 'l1' })), message: /^totalVariationLoss: options\.kind must be one of 'l1', 'l2', 'isotropic'; got 'l3'/ },
  { id: 'api-lbfgs-history', run: () => later(() => createLbfgs({ historySize: 0 })), message: /^createLbfgs: options\.historySize/ },
  { id: 'api-adam-learning-rate', run: () => later(() => createAdam({ learningRate: -1 })), message: /^createAdam: options\.learningRate must be a finite number > 0; got -1/ },
  { id: 'api-resize-zero', run: () => withTensors(() => [tf.zeros([4, 4, 3])], ([t]) => resizeImage(t as tf.Tensor3D, { width: 0, height: 4 })), message: /^resizeImage: / },
  { id: 'api-pick-backend-unknown', run: () => pickBackend({ force: 'webgpu' as 'cpu' }), message: /^pickBackend: options\.force must be one of 'tfjs-node-gpu', 'tfjs-node', 'wasm', 'cpu'; got 'webgpu'/ },
  { id: 'api-read-image-missing', run: (f) => readImage(f.at('missing.png')), message: /^readImage: source '.*missing\.png' does not exist; give a JPEG, PNG, WebP, GIF, TIFF or AVIF image file/ },
  { id: 'api-read-image-empty-bytes', run: () => readImage(new Uint8Array(0)), message: /^readImage: source .*(empty|not a decodable image)/ },
  { id: 'api-read-image-garbage', run: () => readImage(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8])), message: /^readImage: source the given bytes is not an image: its content is none of JPEG, PNG, WebP, GIF, TIFF or AVIF/ },
  { id: 'api-write-image-nan', run: (f) => withTensors(() => [tf.fill([4, 4, 3], Number.NaN)], ([t]) => writeImage(t as tf.Tensor3D, f.at('nan.png'))), message: /^writeImage: image .*(NaN|finite)/ },
  { id: 'api-write-image-extension', run: (f) => withTensors(() => [tf.zeros([4, 4, 3])], ([t]) => writeImage(t as tf.Tensor3D, f.at('x.bmp'))), message: /^writeImage: path has extension '\.bmp'/ },
  { id: 'api-write-image-shape', run: (f) => withTensors(() => [tf.zeros([4, 4, 2])], ([t]) => writeImage(t as tf.Tensor3D, f.at('x.png'))), message: /^writeImage: image must be \[height, width, 3\]/ },
  { id: 'api-load-weights-missing', run: (f) => loadWeightsFromPath(f.at('nothing')), message: /^loadWeightsFromPath: weightsPath '.*nothing' could not be read/ },
  { id: 'api-load-weights-not-weights', setup: (f) => writeFile(f.at('model.json'), '{"format": "layers-model"}'), run: (f) => loadWeightsFromPath(f.at('model.json')), message: /^loadWeightsFromPath: source '.*model\.json' is not a tfjs model\.json: it has no 'weightsManifest' array/ },
  { id: 'api-extractor-after-dispose', run: async () => { const vgg = await loadVgg19FromPath(VGG19); vgg.dispose(); return withTensors(() => [tf.zeros([32, 32, 3])], ([t]) => vgg.extract(t as tf.Tensor3D, ['conv1_1'])); }, message: /has been disposed/ },
  { id: 'api-extract-too-small', run: async () => { const vgg = await loadVgg19FromPath(VGG19); try { return await withTensors(() => [tf.zeros([8, 8, 3])], ([t]) => vgg.extract(t as tf.Tensor3D, ['conv5_1'])); } finally { vgg.dispose(); } }, message: /at least 16/ },
  { id: 'api-extract-unknown-layer', run: async () => { const vgg = await loadVgg19FromPath(VGG19); try { return await withTensors(() => [tf.zeros([32, 32, 3])], ([t]) => vgg.extract(t as tf.Tensor3D, ['conv9_9'])); } finally { vgg.dispose(); } }, message: /unknown layer 'conv9_9' for vgg19/ },
  { id: 'api-transform-after-dispose', run: async () => { const net = await loadTransformNetFromPath(UDNIE); net.dispose(); return withTensors(() => [tf.zeros([16, 16, 3])], ([t]) => applyTransform(net, t as tf.Tensor3D)); }, message: /^applyTransform: .*disposed/ },
  { id: 'api-transform-bad-tile-size', run: async () => { const net = await loadTransformNetFromPath(UDNIE); try { return await withTensors(() => [tf.zeros([16, 16, 3])], ([t]) => applyTransform(net, t as tf.Tensor3D, { tileSize: 100.5 })); } finally { net.dispose(); } }, message: /^applyTransform: options\.tileSize must be a multiple of 4 \(the network's stride\), at least 16; got 100\.5\./ },
  { id: 'api-write-16-bit-jpeg', run: (f) => withTensors(() => [tf.zeros([4, 4, 3])], ([t]) => writeImage(t as tf.Tensor3D, f.at('a.jpg'), { bitDepth: 16 })), message: /^writeImage: options\.bitDepth 16 needs PNG, but '.*a\.jpg' is written as JPEG \(an 8-bit format\)/ },
  { id: 'api-load-extractor-mismatch', run: () => loadExtractorFromPath(VGG19, 'vgg16'), message: /^loadExtractorFromPath: network is 'vgg16' but .* holds VGG-19 weights \(it has block5_conv4\); pass 'vgg19' or leave network out/ },
  { id: 'api-convert-existing-folder', setup: (f) => mkdir(f.at('out')), run: (f) => convertWeightsToTfjs(VGG19, f.at('out')), message: /^convertWeightsToTfjs: outputFolder '.*out' already exists; choose another name or allow overwriting it \(CLI: --force\)/ },
  { id: 'api-estimate-memory-bad-size', run: () => later(() => estimateStylizeMemory({ width: -1, height: 10, extractor: 'vgg19', optimizer: 'lbfgs' })), message: /^estimateStylizeMemory: options\.width must be an integer >= 1; got -1/ },
  { id: 'api-identify-not-weights', run: () => later(() => identifyNetwork('weights' as unknown as Parameters<typeof identifyNetwork>[0])), message: /^identifyNetwork: weights must be a WeightMap \(from a load\* function\), a record of named tensors, or a tfjs LayersModel; got 'weights'/ },
  { id: 'api-convert-into-input', setup: (f) => cp(path.join(DATA, 'weights/vgg19-blocks1-3-float32'), f.at('w'), { recursive: true }), run: (f) => convertWeightsToTfjs(f.at('w'), f.at('w'), { overwrite: true }), message: /^convertWeightsToTfjs: outputFolder '.*\/w' is inputPath '.*\/w'; the folder is replaced whole, so the input would be lost/ },
  { id: 'api-shard-bytes-zero', run: (f) => later(() => fileSystemIOHandler(f.at('m'), { shardBytes: 0 })), message: /^fileSystemIOHandler: options\.shardBytes must be an integer >= 1 \(bytes per shard file\); got 0/ },
];
